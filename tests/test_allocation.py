"""Targets at every level: set targets allocated down to RW when facts are written.

A small Jakarta Timur built through the real store and engine: the province (1,000 working
residents, target 600 by end-2025), Jakarta Timur (400) and Matraman's six kelurahan (120), with
Palmeriam split into two RWs. Jakarta Timur is the only kota with a figure, so it gets its
proportional share of the province's target: 600 × 400 / 1,000 = 240; Matraman 240 × 120 / 400
= 72; Palmeriam 72 × 25 / 120 = 15; its RWs 6 and 9.
"""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from semesta.access import SYSTEM
from semesta.coverage import kemendagri, services
from semesta.coverage.allocation import AUTHOR, apportion, split
from semesta.coverage.models import CoverageFact, Target, Workforce
from semesta.coverage.summary import coverage_summary
from semesta.regions import maps
from semesta.regions.services import set_rw_layer
from tests import snapshots
from tests.snapshots import row

MATRAMAN = "31.75.01"
PALMERIAM = "31.75.01.1004"
KELURAHAN = {  # working residents, active participants in July
    "31.75.01.1001": (20, 10),
    "31.75.01.1002": (30, 9),
    "31.75.01.1003": (10, 9),
    "31.75.01.1005": (15, 3),
    "31.75.01.1006": (20, 6),
}
JANUARY = date(2025, 1, 1)


def _workforce(code: str, value: int, method: str, source: str, year: int) -> None:
    Workforce.objects.create(
        region_id=code,
        period=JANUARY,
        value=value,
        method=method,
        source=source,
        year=year,
    )


def _participants(extra_1001: int) -> list[dict]:
    rows = [*row(f"{PALMERIAM}", 1, "PU", n=4), *row(f"{PALMERIAM}", 2, "BPU", n=5)]
    for code, (_, active) in KELURAHAN.items():
        rows += row(code, 1, "PU", n=active + (extra_1001 if code.endswith("1001") else 0))
    for number, record in enumerate(rows):
        record["nik_hash"] = number.to_bytes(16, "big")
    return rows


@pytest.fixture
def timur(personas, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    for code in KELURAHAN:
        set_rw_layer(code, [1])
    set_rw_layer(PALMERIAM, [1, 1])
    _workforce("31", 1_000, "survey", "BPS Sakernas Agustus 2024", 2024)
    _workforce("31.75", 400, "survey", "BPS Sakernas Agustus 2024", 2024)
    for code, (value, _) in KELURAHAN.items():
        _workforce(code, value, "population_rate", "Dukcapil 2024 × TKK Jakarta Timur", 2024)
    _workforce(f"{PALMERIAM}.001", 10, "share", "Dukcapil 2024, proporsi penduduk RW", 2024)
    _workforce(f"{PALMERIAM}.002", 15, "share", "Dukcapil 2024, proporsi penduduk RW", 2024)
    Target.objects.create(
        region_id="31",
        kind="count",
        value=600,
        declared_pct=60,
        deadline=date(2025, 12, 31),
        source="Kemendagri (uji)",
        set_by="admin",
    )
    store = services.store()
    for period, extra in (("2025-06", -2), ("2025-07", 0)):
        services.register_snapshot(snapshots.write(store, period, _participants(extra)), "uji")
    services.recompute()
    return personas


def cli(code: str) -> dict:
    out = StringIO()
    call_command("coverage", code, "--period", "2025-07", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_it_gives_a_target_and_gap_at_kota_kecamatan_and_kelurahan_from_the_cli(timur):
    kota, kecamatan, kelurahan = cli("31.75"), cli(MATRAMAN), cli(PALMERIAM)
    assert (kota["target"]["target_count"], kota["target"]["gap"]) == (240, 240 - 46)
    assert (kecamatan["target"]["target_count"], kecamatan["target"]["gap"]) == (72, 72 - 46)
    assert (kelurahan["target"]["target_count"], kelurahan["target"]["gap"]) == (15, 15 - 9)
    assert kelurahan["target"]["target_pct"] == 60.0  # the province's 60 % of its 25 residents
    assert kelurahan["target"]["origin"] == "allocated"
    assert kelurahan["target"]["allocated_from"]["code"] == "31"
    # 6 net additions over the 5 months to December; June → July added 2 a month.
    assert kelurahan["target"]["required_per_month"] == 2
    assert kecamatan["target"]["projected_at_deadline"] == 46 + 2 * 5
    assert kecamatan["target"]["months_left"] == 5


def test_it_allocates_down_to_each_rw_and_the_children_add_up(timur):
    rws = {
        c["code"]: (c["target_count"], c["gap"], c["target_pct"])
        for c in cli(PALMERIAM)["children"]
    }
    assert rws == {f"{PALMERIAM}.001": (6, 2, 60.0), f"{PALMERIAM}.002": (9, 4, 60.0)}
    kelurahan = {c["code"]: c["target_count"] for c in cli(MATRAMAN)["children"]}
    assert kelurahan == {
        "31.75.01.1001": 12,
        "31.75.01.1002": 18,
        "31.75.01.1003": 6,
        PALMERIAM: 15,
        "31.75.01.1005": 9,
        "31.75.01.1006": 12,
    }
    assert sum(kelurahan.values()) == 72


def test_it_keeps_the_allocated_versions_with_source_and_author(timur):
    allocated = Target.objects.current().get(region_id=PALMERIAM)
    assert (allocated.origin, allocated.set_by, int(allocated.value)) == ("allocated", AUTHOR, 15)
    assert "Alokasi dari target Daerah Khusus Ibukota Jakarta (31)" in allocated.source
    assert "menurut penduduk bekerja" in allocated.source
    services.recompute()  # nothing changed: no new version
    assert Target.objects.filter(region_id=PALMERIAM).count() == 1


def test_an_officer_above_overrides_a_childs_target_and_the_rest_is_reallocated(client, timur):
    client.force_login(timur["officer_b"])
    form = {
        "kind": "count",
        "value": "80",
        "deadline": "2025-12-31",
        "source": "Keputusan Wali Kota Jakarta Timur (uji)",
        "allocation": "gap",
        "periode": "2025-07",
    }
    assert client.post(f"/wilayah/{MATRAMAN}/target/", form).status_code == 302
    kelurahan = {c["code"]: c["target_count"] for c in cli(MATRAMAN)["children"]}
    # By working residents 13, 20, 7, 17, 10, 13; by the gap Kayu Manis (1003), already above
    # its share, gets no additions and the 34 missing go to those furthest below theirs.
    assert kelurahan == {
        "31.75.01.1001": 13,
        "31.75.01.1002": 19,
        "31.75.01.1003": 9,
        PALMERIAM: 16,
        "31.75.01.1005": 10,
        "31.75.01.1006": 13,
    }
    history = Target.objects.filter(region_id=PALMERIAM).order_by("set_at")
    assert [(int(t.value), t.replaced_at is None) for t in history] == [(15, False), (16, True)]
    matraman = cli(MATRAMAN)["target"]
    assert (matraman["origin"], matraman["set_by"], matraman["allocation"]) == (
        "set",
        "officer_b",
        "gap",
    )
    assert (
        CoverageFact.objects.get(
            region_code=PALMERIAM, segment="ALL", period=date(2025, 7, 1)
        ).target_count
        == 16
    )


def test_it_shows_where_each_working_residents_figure_comes_from(timur):
    july = coverage_summary(SYSTEM, MATRAMAN, date(2025, 7, 1))
    source = july["workforce_source"]
    assert source["basis"] == "sum" and source["parts"][0]["method"] == "population_rate"
    assert source["note"].startswith("jumlah 7 wilayah di bawahnya; perkiraan: metode penduduk")
    province = coverage_summary(SYSTEM, "31", date(2025, 7, 1))["workforce_source"]
    assert (province["method"], province["year"], province["source"]) == (
        "survey",
        2024,
        "BPS Sakernas Agustus 2024",
    )
    children = {c["code"]: c["workforce_source"] for c in july["children"]}
    assert children["31.75.01.1001"]["method"] == "population_rate"
    assert children[PALMERIAM]["parts"][0]["method"] == "share"  # the sum of its two RWs


def test_the_region_page_shows_target_provenance_and_a_map_against_own_targets(client, timur):
    client.force_login(timur["admin"])
    page = client.get(f"/wilayah/{MATRAMAN}/?periode=2025-07").content.decode()
    assert 'id="target-count">72<' in page and "60,00 %" in page
    assert "perkiraan: metode" in page and 'id="workforce-notes"' in page
    assert "dialokasikan dari target Daerah Khusus Ibukota Jakarta" in page
    gap = client.get(f"/wilayah/{MATRAMAN}/?periode=2025-07&peta=selisih").content.decode()
    # Palmeriam: 9 of 25 = 36 % against its own 60 %: 24 points below.
    assert "Palmeriam: 36,00 %, 24,00 poin di bawah target (target 60,00 %)" in gap
    assert "≤ 0: target tercapai" in gap


def test_the_api_gives_target_outlook_category_and_provenance(client, timur):
    from semesta.accounts.tokens import issue

    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue(timur['admin'], 'uji')}"}
    body = client.get("/api/v1/regions/31.75/coverage?period=2025-07", **headers).json()
    assert (body["target"]["target_count"], body["target"]["gap"]) == (240, 194)
    assert body["target"]["required_per_month"] == 39  # ceil(194 / 5)
    assert body["ucj_category"]["code"] == "sangat_rendah"  # 46 of 400 = 11.5 %
    assert body["ucj_category"]["thresholds_assumed"] is True
    assert body["workforce_source"]["method"] == "survey"
    province = client.get("/api/v1/regions/31/coverage?period=2025-07", **headers).json()
    assert [n["pct"] for n in province["national_targets"]] == [32.15, 34.99, 43.92, 99.5]


def test_kemendagri_targets_load_from_the_data_file_with_2025_at_66_72_percent(db):
    assert kemendagri.load_targets("31") == 2
    assert kemendagri.load_targets("31") == 0  # already in force: no new version
    target = Target.objects.current().get(region_id="31", deadline=date(2025, 12, 31))
    assert (target.kind, int(target.value), float(target.declared_pct)) == (
        "count",
        2_800_000,
        66.72,
    )
    earlier = Target.objects.current().get(region_id="31", deadline=date(2024, 12, 31))
    assert (int(earlier.value), float(earlier.declared_pct)) == (2_700_000, 65.0)


def test_the_province_page_shows_2_8_million_at_66_72_percent(client, personas):
    from tests.facts import fact

    kemendagri.load_targets("31")
    fact("31", 2_123_056, 4_131_200, target_count=2_800_000, gap=2_800_000 - 2_123_056)
    client.force_login(personas["admin"])
    page = client.get("/wilayah/31/?periode=2025-07").content.decode()
    assert 'id="target-count">2.800.000<' in page and "diumumkan 66,72 %" in page
    assert 'id="national-targets"' in page and "99,50 %" in page
    assert 'id="ucj-category"' in page and "Sedang" in page  # 51.39 %, thresholds assumed


def test_categories_are_data_with_assumed_thresholds():
    assert kemendagri.category(51.39, "province")["code"] == "sedang"
    assert kemendagri.category(66.72, "kota")["code"] == "tinggi"
    assert kemendagri.category(10, "kota")["code"] == "sangat_rendah"
    assert kemendagri.category(51.39, "kecamatan") is None  # Kemendagri grades province, kab/kota
    assert kemendagri.categories()["thresholds_assumed"] is True


def test_apportion_adds_up_exactly_and_gives_a_fair_share_when_some_lack_a_figure():
    parts = apportion(2_800_000, {"a": 1, "b": 1, "c": 1})
    assert sum(parts.values()) == 2_800_000 and sorted(parts.values()) == [
        933_333,
        933_333,
        933_334,
    ]
    assert apportion(600, {"kota": 400}, whole=1_000) == {"kota": 240}
    # By the gap: a is above its share of 8 and keeps its 9, b gets all 7 still missing.
    assert split(16, "gap", {"a": (10, 9), "b": (10, 0)}) == {"a": 9, "b": 7}
    assert split(16, "workforce", {"a": (10, 9), "b": (10, 0)}) == {"a": 8, "b": 8}


def test_map_bins_follow_the_values():
    scale = maps.coverage_scale([31.2, 40.0, 44.9, 52.3, 58.0, 61.7, 70.4])
    assert len(scale.breaks) == 4 and scale.breaks[0] > 31.2 and scale.breaks[-1] < 70.4
    assert scale.labels[0].startswith("< ") and scale.labels[-1].startswith("≥ ")
    narrow = maps.coverage_scale([50.1, 50.4, 50.9, 51.2])
    assert all(50.1 < b <= 51.2 for b in narrow.breaks)  # tenths when the spread is narrow
    gap = maps.gap_scale([-1.0, 0.0, 2.5, 8.0, 16.0])
    assert gap.color(-1.0) == gap.color(0.0) == maps.REACHED
    assert gap.color(16.0) != gap.color(2.5)
    assert gap.labels[0] == "≤ 0: target tercapai"
