"""Contributions priced from the dated rules: the published figures, relaxations, CLI, API, page."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from semesta.contributions import calculator as iuran
from semesta.contributions.rules import relaxations


def total(result) -> int:
    return result.totals["total"]


def test_the_standard_bpu_package_at_one_million():
    assert total(iuran.bpu(1_000_000, "2025-06")) == 16_800
    assert total(iuran.bpu(1_000_000, "2025-06", jht=True)) == 36_800


def test_pp_50_2025_halves_a_csr_funded_transport_workers_cover_from_january_2026():
    sponsored = iuran.bpu(1_000_000, "2026-01", sector="transport", funded_by="csr")
    assert total(sponsored) == 8_400 and sponsored.full_total == 16_800
    assert sponsored.totals["csr"] == 8_400
    assert "PP 50/2025 (sektor transportasi)" in sponsored.rules
    # Paid from the regional budget: no relaxation.
    assert total(iuran.bpu(1_000_000, "2026-01", sector="transport", funded_by="apbd")) == 16_800


def test_pp_50_2025_reaches_other_sectors_only_from_april_2026():
    assert total(iuran.bpu(1_000_000, "2026-02", sector="trader", funded_by="csr")) == 16_800
    assert total(iuran.bpu(1_000_000, "2026-05", sector="trader", funded_by="csr")) == 8_400
    assert total(iuran.bpu(1_000_000, "2027-01", sector="trader", funded_by="csr")) == 16_800
    assert total(iuran.bpu(1_000_000, "2027-03", sector="transport", funded_by="self")) == 8_400
    assert total(iuran.bpu(1_000_000, "2027-04", sector="transport", funded_by="self")) == 16_800


def test_jakon_is_progressive_on_the_contract_value():
    result = iuran.jakon("2026-01", contract_value=1_000_000_000)
    assert [(i.programme, i.amount) for i in result.items] == [
        ("JKK", 1_540_000),
        ("JKM", 210_000),
    ]
    known = iuran.jakon("2026-01", wages=10_000_000)
    assert [i.amount for i in known.items] == [174_000, 30_000]


def test_pu_caps_the_pension_wage_at_the_ceiling_of_the_month():
    result = iuran.pu(12_000_000, 3, "2024-06")
    jp = {i.payer: i for i in result.items if i.programme == "JP"}
    assert jp["employer"].base == 10_042_300
    assert (jp["employer"].amount, jp["worker"].amount) == (200_846, 100_423)
    assert [i.amount for i in result.items if i.programme == "JKK"] == [106_800]
    # A year later the ceiling is Rp 10,547,400.
    assert [i.base for i in iuran.pu(12_000_000, 3, "2025-06").items if i.programme == "JP"] == [
        10_547_400
    ] * 2


def test_jkp_is_funded_by_the_government_and_out_of_the_employers_jkk_not_on_top():
    result = iuran.pu(4_000_000, 1, "2025-06")
    jkp = [(i.payer, i.amount, i.included_in) for i in result.items if i.programme == "JKP"]
    assert jkp == [("government", 8_800, None), ("employer", 5_600, "JKK")]  # PP 6/2025
    assert result.totals["government"] == 8_800
    assert result.totals["employer"] == sum(
        i.amount for i in result.items if i.payer == "employer" and not i.included_in
    )


def test_pp_7_2025_halves_jkk_for_large_labour_intensive_employers_in_its_months():
    def jkk(month, labour_intensive=True, participants=120):
        result = iuran.pu(5_000_000, 2, month, labour_intensive, participants)
        return next(i.amount for i in result.items if i.programme == "JKK")

    assert jkk("2025-03") == 13_500  # 0.54 % of 5,000,000 = 27,000, halved
    assert jkk("2025-08") == 13_500  # PP 36/2025 extends it to the January 2026 contribution
    assert jkk("2026-01") == 13_500
    assert jkk("2026-02") == 27_000  # after its period
    assert jkk("2025-03", labour_intensive=False) == 27_000
    assert jkk("2025-03", participants=49) == 27_000


def test_it_names_inputs_it_cannot_price():
    with pytest.raises(iuran.InputError, match=r"antara Rp 1\.000\.000 dan Rp 20\.700\.000"):
        iuran.bpu(500_000, "2026-01")
    with pytest.raises(iuran.InputError, match="risiko"):
        iuran.pu(5_000_000, 6, "2026-01")
    with pytest.raises(iuran.InputError, match="Belum ada aturan batas upah JP"):
        iuran.pu(5_000_000, 1, "2020-01")
    with pytest.raises(iuran.InputError, match="salah satu"):
        iuran.jakon("2026-01")


MONTHS = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2024, 2028), st.integers(1, 12))


@given(
    income=st.integers(1_000_000, 20_700_000),
    month=MONTHS,
    sector=st.sampled_from(iuran.SECTORS),
    funded_by=st.sampled_from(iuran.FUNDERS),
    jht=st.booleans(),
)
def test_a_bpu_month_never_costs_more_than_without_relaxations(
    income, month, sector, funded_by, jht
):
    result = iuran.bpu(income, month, sector, funded_by, jht)
    assert total(result) <= result.full_total
    discounted = [i for i in result.items if i.amount < i.full_amount]
    in_period = [r["id"] for r in relaxations("bpu", month)]
    if discounted:  # only inside a period, never for the state budgets, never on JHT
        assert funded_by not in ("apbd", "apbn") and in_period
        assert {i.programme for i in discounted} <= {"JKK", "JKM"}
        expected = "pp50-2025-transport" if sector == "transport" else "pp50-2025-other"
        assert expected in in_period
    elif funded_by not in ("apbd", "apbn"):
        assert not any(
            (sector == "transport") == (r["id"] == "pp50-2025-transport")
            for r in relaxations("bpu", month)
        )


def test_the_cli_prints_the_itemised_month_as_json():
    out = StringIO()
    call_command(
        "iuran",
        "bpu",
        "--income",
        "1000000",
        "--month",
        "2026-01",
        "--sector",
        "transport",
        "--funded-by",
        "csr",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["totals"] == {"csr": 8_400, "total": 8_400}
    assert data["total_without_relaxations"] == 16_800
    assert [i["programme"] for i in data["items"]] == ["JKK", "JKM"]
    with pytest.raises(CommandError, match="risiko"):
        call_command("iuran", "pu", "--wage", "1", "--risk", "9", "--month", "2026-01")


def test_the_api_and_the_page_price_the_same(client, personas):
    client.force_login(personas["officer_a"])
    api = client.get("/api/v1/iuran/pu?wage=12000000&risk=3&month=2024-06").json()
    assert api["totals"]["worker"] == 340_423
    assert client.get("/api/v1/iuran/bpu?income=10&month=2026-01").status_code == 400
    page = client.get(
        "/iuran/?jenis=bpu&bulan=2026-05&penghasilan=1.000.000&sektor=trader&dana=csr"
    ).content.decode()
    assert 'id="total"><strong>Rp 8.400' in page and "PP 50/2025 (sektor lain)" in page
    bad = client.get("/iuran/?jenis=bpu&bulan=2026-05&penghasilan=10").content.decode()
    assert "harus antara Rp 1.000.000" in bad
