"""The rules in force as dated data: PP 36/2025, JKP shares, PMI by Permenaker 4/2023, staged
programmes by firm size, validity and warnings, and inputs too large to price."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semesta.contributions import calculator as iuran
from semesta.employers.services import required_programmes


def cli(*args: str) -> dict:
    out = StringIO()
    call_command("iuran", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def parts_within_their_whole(items: list[dict]) -> bool:
    """Every part of another item is at most that item, before and after relaxations."""
    for part in (i for i in items if i["included_in"]):
        wholes = [
            i for i in items if i["programme"] == part["included_in"] and not i["included_in"]
        ]
        if part["amount"] > sum(w["amount"] for w in wholes):
            return False
        if part["full_amount"] > sum(w["full_amount"] for w in wholes):
            return False
    return True


def test_pp_36_2025_keeps_the_padat_karya_relief_through_the_january_2026_contribution():
    args = ["pu", "--wage", "5000000", "--risk", "1", "--labour-intensive", "--participants"]
    october = cli(*args, "100", "--month", "2025-10")
    jkk = [i for i in october["items"] if i["programme"] == "JKK"]
    assert [(i["amount"], i["full_amount"]) for i in jkk] == [(6_000, 12_000)]
    assert "PP 36/2025" in jkk[0]["relaxation"]
    assert parts_within_their_whole(october["items"])
    recomposed = [i for i in october["items"] if i["included_in"] == "JKK"]
    assert [i["amount"] for i in recomposed] == [3_500]  # 0.14 % adjusted with JKK, ≤ 6,000
    february = cli(*args, "100", "--month", "2026-02")
    assert [i["amount"] for i in february["items"] if i["programme"] == "JKK"] == [12_000]
    assert [i["amount"] for i in february["items"] if i["included_in"] == "JKK"] == [7_000]


def test_jkp_is_one_programme_with_each_share_and_its_payer():
    result = iuran.pu(4_000_000, 1, "2024-06")  # PP 37/2021: JKK and JKM recomposition
    shares = {s["component"]: (s["payer"], s["amount"]) for s in result.jkp["shares"]}
    assert shares == {
        "government": ("government", 8_800),
        "jkk_recomposition": ("employer", 5_600),
        "jkm_recomposition": ("employer", 4_000),
    }
    assert result.jkp["total"] == 18_400
    assert result.totals["government"] == 8_800  # the recomposed parts are not paid twice


def test_a_migrant_worker_pays_before_placement_and_for_the_contract_length():
    data = cli("pmi", "--contract-months", "12", "--month", "2026-03")
    amounts = [(i["component"], i["amount"]) for i in data["items"]]
    assert amounts == [("pre_placement", 37_500), ("placement_12_months", 189_000)]
    assert data["totals"]["total"] == 226_500
    assert data["rules"] == ["Permenaker 4/2023 pasal 18"]
    for months, placement in ((24, 332_500), (6, 108_000)):
        result = iuran.pmi("2026-03", months)
        assert [i.amount for i in result.items] == [37_500, placement]


def test_a_contract_off_the_listed_terms_and_an_extension_are_priced_by_the_month():
    longer = iuran.pmi("2026-03", 15)  # 12-month term plus 3 months at Rp 13,500
    assert [(i.component, i.amount) for i in longer.items][1:] == [
        ("placement_12_months", 189_000),
        ("extension", 40_500),
    ]
    assert iuran.pmi("2026-03", 3).items[1].amount == 108_000  # the shortest term
    assert [i.amount for i in iuran.pmi("2026-03", 24, individual=True).items] == [332_500]
    extension = cli("pmi", "--extension-months", "6", "--month", "2026-03")
    assert [(i["component"], i["amount"]) for i in extension["items"]] == [("extension", 81_000)]


@pytest.mark.parametrize("months", ["0", "-3"])
def test_it_refuses_a_contract_of_no_months_with_a_clear_message(months):
    with pytest.raises(CommandError, match="Lama perjanjian kerja harus 1 sampai"):
        call_command("iuran", "pmi", "--contract-months", months, "--month", "2026-03")


def test_staged_membership_prices_only_what_a_firm_of_its_size_owes():
    def programmes(size):
        return sorted({i.programme for i in iuran.pu(5_000_000, 1, "2026-03", size=size).items})

    assert programmes("micro") == ["JKK", "JKM"]
    assert programmes("small") == ["JHT", "JKK", "JKM", "JKP"]  # JKP: PP 37/2021 art. 4
    assert programmes("medium") == programmes("large") == ["JHT", "JKK", "JKM", "JKP", "JP"]
    data = cli("pu", "--wage", "5000000", "--risk", "1", "--size", "micro", "--month", "2026-03")
    assert data["programmes"] == ["JKK", "JKM"] and data["totals"]["total"] == 27_000


def test_employer_compliance_asks_each_size_for_its_own_programmes():
    assert required_programmes("large", "2026-03") == (["JKK", "JKM", "JHT", "JP"], [])
    assert required_programmes("medium", "2026-03") == (["JKK", "JKM", "JHT", "JP"], [])
    # Semesta records micro and small firms together: JKK and JKM for sure, JHT if small.
    assert required_programmes("micro_small", "2026-03") == (["JKK", "JKM"], ["JHT"])


def test_every_figure_carries_its_validity_and_a_month_past_the_jp_ceiling_warns():
    march = cli("pu", "--wage", "12000000", "--risk", "1", "--month", "2026-02")
    jp = [i for i in march["items"] if i["programme"] == "JP"]
    assert {(i["valid_from"], i["valid_to"]) for i in jp} == {("2025-03", "2026-02")}
    assert all(i["valid_from"] for i in march["items"]) and march["warnings"] == []
    later = cli("pu", "--wage", "12000000", "--risk", "1", "--month", "2026-03")
    assert [i["base"] for i in later["items"] if i["programme"] == "JP"] == [10_547_400] * 2
    assert len(later["warnings"]) == 1 and "belum ditetapkan" in later["warnings"][0]


@pytest.mark.parametrize("wage", ["1e30", "99999999999999999999", "5,5", "lima juta"])
def test_it_refuses_amounts_it_cannot_price_with_a_message_not_a_traceback(wage):
    with pytest.raises(CommandError, match="Nilai upah"):
        call_command("iuran", "pu", "--wage", wage, "--risk", "1", "--month", "2026-03")


def test_it_accepts_the_largest_amount_and_the_api_refuses_beyond_it(client, personas):
    assert iuran.pu(iuran.MAX_AMOUNT, 5, "2026-03").totals["total"] > 0
    with pytest.raises(iuran.InputError, match="terlalu besar"):
        iuran.jakon("2026-03", contract_value=iuran.MAX_AMOUNT + 1)
    client.force_login(personas["officer_a"])
    too_big = client.get("/api/v1/iuran/pu?wage=99999999999999999999&risk=1&month=2026-03")
    assert too_big.status_code == 400 and "terlalu besar" in too_big.json()["detail"]
    pmi = client.get("/api/v1/iuran/pmi?contract_months=12&month=2026-03").json()
    assert pmi["totals"]["total"] == 226_500


def test_the_page_shows_an_error_beside_its_field_and_prices_pmi(client, personas):
    client.force_login(personas["officer_a"])
    bad = client.get("/iuran/?jenis=pu&bulan=2026-03&upah=1e30&risiko=1")
    page = bad.content.decode()
    assert bad.status_code == 400
    field = page.index('id="pu-upah"')
    assert field < page.index('id="pu-upah-error"') < page.index('id="pu-risiko"')
    assert "terlalu besar" in page[field:]
    risk = client.get("/iuran/?jenis=pu&bulan=2026-03&upah=5000000&risiko=9").content.decode()
    assert 'id="pu-risiko-error">Kelompok risiko JKK harus 1 sampai 5' in risk
    pmi = client.get("/iuran/?jenis=pmi&bulan=2026-03&kontrak_bulan=12").content.decode()
    assert "Rp 37.500" in pmi and "Rp 189.000" in pmi and 'id="total"><strong>Rp 226.500' in pmi
    zero = client.get("/iuran/?jenis=pmi&bulan=2026-03&kontrak_bulan=0").content.decode()
    assert 'id="pmi-kontrak-bulan-error"' in zero
    later = client.get("/iuran/?jenis=pu&bulan=2026-04&upah=12000000&risiko=1").content.decode()
    assert 'id="warnings"' in later and "belum ditetapkan" in later


# The test machines are shared: a slow draw is the machine, not the strategy.
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONTHS = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2024, 2028), st.integers(1, 12))


def check(result) -> None:
    """No part above its whole, totals the sum of the items, nothing negative."""
    data = result.as_json()
    assert parts_within_their_whole(data["items"])
    paid = [i for i in result.items if i.included_in is None]
    assert result.totals["total"] == sum(i.amount for i in paid)
    assert result.full_total == sum(i.full_amount for i in paid)
    assert all(0 <= i.amount <= i.full_amount for i in result.items)
    assert all(v >= 0 for v in result.totals.values())


@PROPERTY
@given(
    wage=st.integers(1, iuran.MAX_AMOUNT),
    risk=st.integers(1, 5),
    month=MONTHS,
    labour_intensive=st.booleans(),
    participants=st.none() | st.integers(0, 10_000),
    size=st.none() | st.sampled_from(iuran.SIZES),
)
def test_a_pu_month_is_consistent(wage, risk, month, labour_intensive, participants, size):
    check(iuran.pu(wage, risk, month, labour_intensive, participants, size))


@PROPERTY
@given(
    month=st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2023, 2028), st.integers(3, 12)),
    contract=st.none() | st.integers(1, iuran.MAX_MONTHS),
    extension=st.integers(0, 60),
    individual=st.booleans(),
)
def test_a_pmi_is_consistent(month, contract, extension, individual):
    if contract is None and not extension:
        return
    result = iuran.pmi(month, contract, extension, individual)
    check(result)
    if contract is not None:
        assert result.totals["total"] >= 108_000


@PROPERTY
@given(value=st.integers(1, iuran.MAX_AMOUNT), month=MONTHS)
def test_a_jakon_project_is_consistent(value, month):
    check(iuran.jakon(month, contract_value=value))
    check(iuran.jakon(month, wages=value))


@PROPERTY
@given(text=st.text(max_size=40))
def test_any_typed_amount_is_a_number_or_a_clear_refusal(text):
    try:
        value = iuran.amount(text, "upah", "wage")
    except iuran.InputError as exc:
        assert exc.message().startswith("Nilai upah")
    else:
        assert 0 < value <= iuran.MAX_AMOUNT


def test_an_employers_page_shows_the_programmes_its_size_owes(client, personas):
    from datetime import date

    from semesta.employers.models import Employer

    for npp, size in (("900", "micro_small"), ("901", "large")):
        Employer.objects.create(
            npp=npp, name=f"PT {npp}", kelurahan_id="31.75.01.1001", size=size,
            registered_on=date(2020, 1, 1),
        )  # fmt: skip
    client.force_login(personas["admin"])
    small = client.get("/pemberi-kerja/900/").content.decode()
    assert "JKK, JKM; JHT bila usaha kecil" in small
    large = client.get("/pemberi-kerja/901/").content.decode()
    assert "<td>JKK, JKM, JHT, JP</td>" in large
