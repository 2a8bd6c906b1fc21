"""All of Indonesia: the national region tree, national roles, the national page and the
``compute`` command (the Spark side of the engine is tested in test_engine_parity.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from semesta import access
from semesta.accounts.models import Membership, Role, User
from semesta.coverage import services
from semesta.coverage.models import CoverageFact
from semesta.regions.models import Level, Region
from semesta.regions.national import layer_features, load_national, national_rows
from semesta.regions.services import set_rw_layer
from tests import snapshots
from tests.facts import fact


def _national_user(username="kemendagri", role=Role.NATIONAL_ADMIN) -> User:
    user = User.objects.create_user(username=username, password="rahasia-123")
    Membership.objects.create(user=user, role=role)
    return user


def _provinces(*codes: str) -> None:
    """A few provinces beside DKI (with one kab/kota each), without loading the country."""
    for code in codes:
        Region.objects.create(code=code, name=f"Provinsi {code}", level=Level.PROVINCE)
        Region.objects.create(
            code=f"{code}.01", name=f"Kabupaten {code}.01", level=Level.KOTA, parent_id=code
        )


def test_it_ships_every_region_of_indonesia():
    rows = national_rows()
    levels = [level for _, _, level, _ in rows]
    assert [levels.count(lv) for lv in ("province", "kota", "kecamatan", "kelurahan")] == [
        38,
        514,
        7285,
        83762,
    ]
    codes = {code for code, *_ in rows}
    assert all(parent is None or parent in codes for *_, parent in rows)


def test_it_ships_boundaries_for_every_province_and_kab_kota():
    rows = national_rows()
    for level in ("province", "kota"):
        shipped = [f["properties"]["kode"] for f in layer_features(level)]
        assert sorted(shipped) == sorted(code for code, _, lv, _ in rows if lv == level)
        assert all(f["geometry"]["coordinates"] for f in layer_features(level))
    jakpus = next(f for f in layer_features("kota") if f["properties"]["kode"] == "31.71")
    assert jakpus["properties"]["n_kelurahan"] == 44  # DKI: its own dissolved layer


def test_it_loads_the_country_once_without_touching_dki(db, capsys):
    set_rw_layer("31.75.01.1001", [2])
    Region.objects.filter(code="31.75.01").update(name="Matraman (diubah petugas)")
    added = load_national()
    assert added == {"province": 37, "kota": 508, "kecamatan": 7241, "kelurahan": 83495}
    assert load_national() == {"province": 0, "kota": 0, "kecamatan": 0, "kelurahan": 0}
    assert Region.objects.get(code="31.75.01").name == "Matraman (diubah petugas)"
    assert Region.objects.filter(code__startswith="31.75.01.1001.").count() == 3
    call_command("regions", "--json")
    listing = json.loads(capsys.readouterr().out)
    assert len(listing["children"]) == 38
    totals = {lv: sum(c["counts"].get(lv, 0) for c in listing["children"]) for lv in LEVELS}
    assert totals == {"kota": 514, "kecamatan": 7285, "kelurahan": 83762}
    dki = next(c for c in listing["children"] if c["code"] == "31")
    assert dki["counts"] == {"kota": 6, "kecamatan": 44, "kelurahan": 267, "rw": 1, "rt": 2}


LEVELS = ("kota", "kecamatan", "kelurahan")


def test_it_loads_the_country_from_the_regions_command(db, capsys):
    call_command("regions", "--national", "--json")
    assert len(json.loads(capsys.readouterr().out)["children"]) == 38


def test_it_grants_national_roles_every_province_to_read_and_export(db):
    _provinces("32", "51")
    for role in (Role.NATIONAL_ADMIN, Role.BPJS_HEAD_OFFICE):
        user = _national_user(f"pusat-{role}", role)
        assert access.scope_roots(user) == ["31", "32", "51"]
        assert access.scope_roots(user, access.EXPORT) == ["31", "32", "51"]
        assert access.covers(user, "51.01")
        assert not access.can(user, access.CHANGE, "31.71")
        assert not access.can(user, access.VIEW_PERSONAL, "31.71")


def test_it_refuses_a_national_role_tied_to_a_region(db):
    user = User.objects.create_user(username="x", password="rahasia-123")
    with pytest.raises(ValidationError):
        Membership.objects.create(user=user, role=Role.NATIONAL_ADMIN, region_id="31")
    with pytest.raises(ValidationError):
        Membership.objects.create(user=user, role=Role.PROVINCE_ADMIN)


def _july(store_rows) -> None:
    services.register_snapshot(snapshots.write(services.store(), "2025-07", store_rows), "uji")


def test_it_computes_dki_alone_when_the_country_is_loaded(db):
    rows = snapshots.row("31.75.01.1001", None, n=1) + snapshots.row(None, None, "BPU")
    _july(rows)
    services.recompute()
    before = sorted(CoverageFact.objects.values_list("region_code", "segment", "active"))
    load_national()
    services.recompute()
    after = sorted(CoverageFact.objects.values_list("region_code", "segment", "active"))
    assert after == before
    assert not CoverageFact.objects.filter(region_code__startswith="32").exists()


def test_it_computes_a_province_that_has_participants(db):
    _provinces("32")
    Region.objects.create(code="32.01.01", name="K", level=Level.KECAMATAN, parent_id="32.01")
    Region.objects.create(
        code="32.01.01.2001", name="D", level=Level.KELURAHAN, parent_id="32.01.01"
    )
    _july(snapshots.row("32.01.01.2001", None) + snapshots.row("31.75.01.1001", None))
    services.recompute()
    assert CoverageFact.objects.get(region_code="32", segment="ALL").active == 1
    assert CoverageFact.objects.get(region_code="32.01.01.2001.X", segment="ALL").active == 1
    assert not CoverageFact.objects.filter(region_code="51").exists()


def test_it_counts_an_unknown_domicile_in_the_province_its_data_came_in(db):
    _provinces("32", "33")
    jakarta = snapshots.row(None, None, n=2) + snapshots.row("31.75.01.1001", None)
    west_java = snapshots.row(None, None, "BPU", n=3)
    for number, record in enumerate(jakarta + west_java):
        record["nik_hash"] = number.to_bytes(16, "big")  # one person per row
        record["province"] = "32" if record in west_java else "31"
    _july(jakarta + west_java)
    services.recompute()
    facts = CoverageFact.objects.filter(segment="ALL")
    buckets = facts.filter(level="unknown", parent_code__in=["31", "32", "33"])
    unknown = dict(buckets.values_list("region_code", "active"))
    assert unknown == {"31.X": 2, "32.X": 3}  # at province level, each in its own province
    assert facts.get(region_code="32").active == 3
    assert facts.get(region_code="31").active == 3
    assert not facts.filter(region_code__startswith="33").exists()  # no data: not in use


def test_it_places_an_imported_participant_without_domicile_by_the_imports_province(
    db, settings, tmp_path
):
    from semesta.imports.services import run_import

    settings.SNAPSHOT_DIR, settings.IMPORT_DIR = tmp_path / "snapshots", tmp_path / "imports"
    _provinces("32")
    admin = User.objects.create_user("admin.jabar", password="rahasia-123")
    Membership.objects.create(user=admin, role=Role.PROVINCE_ADMIN, region_id="32")
    extract = tmp_path / "peserta.csv"
    header = "NIK,Segmen,Status,Kode Kelurahan,Tanggal Daftar\n"
    extract.write_text(header + "3175011203900003,PU,AKTIF,31.75.01.1004,2020-01-02\n")
    assert run_import(access.SYSTEM, "participants", extract, period="2025-07").status == "applied"
    # A Jakarta NIK in West Java's extract, no domicile: West Java's data, so counted there
    # (not in Jakarta, the first province with data).
    extract.write_text(header + "3175011203900001,PU,AKTIF,,2020-01-02\n")
    assert run_import(admin, "participants", extract, period="2025-07").status == "applied"
    # The operator's national extract: no province of its own, so each NIK's province.
    extract.write_text(
        header + "3175011203900001,PU,AKTIF,,2020-01-02\n3201011203900002,BPU,AKTIF,,2021-01-02\n"
    )
    assert run_import(access.SYSTEM, "participants", extract, period="2025-08").status == "applied"
    buckets = CoverageFact.objects.filter(
        segment="ALL", level="unknown", parent_code__in=["31", "32"]
    )
    placed = sorted(buckets.values_list("period", "region_code", "active"))
    july, august = date(2025, 7, 1), date(2025, 8, 1)
    assert placed == [(july, "32.X", 1), (august, "31.X", 1), (august, "32.X", 1)]
    # West Java's new August extract replaces West Java's rows only: Jakarta's stays.
    extract.write_text(header + "3201011203900004,PU,AKTIF,,2020-01-02\n")
    assert run_import(admin, "participants", extract, period="2025-08").status == "applied"
    august_buckets = buckets.filter(period=august).values_list("region_code", "active")
    assert sorted(august_buckets) == [("31.X", 1), ("32.X", 1)]


def test_it_prints_a_months_facts_without_writing_them(db, capsys):
    _july(snapshots.row("31.75.01.1001", None, n=1))
    call_command("compute", "--period", "2025-07", "--engine", "duckdb", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["period"] == "2025-07"
    assert len(printed["facts"]) > 300
    top = next(f for f in printed["facts"] if f["region_code"] == "31" and f["segment"] == "ALL")
    assert top["active"] == 1 and set(top) >= {"workforce", "coverage_pct", "target_count", "gap"}
    assert not CoverageFact.objects.exists()


def test_it_says_when_a_month_has_no_extract(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Tidak ada ekstrak"):
        call_command("compute", "--period", "2025-07")


def test_it_lists_every_province_on_the_national_page(db, client):
    _provinces("32", "51")
    fact("31", active=510, workforce=1000, period=date(2025, 7, 1))
    fact("31.71", active=700, workforce=1000, period=date(2025, 7, 1))
    fact("32", active=200, workforce=1000, period=date(2025, 7, 1))
    user = _national_user()
    client.force_login(user)
    page = client.get(reverse("national"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Provinsi 51" in html and "belum ada data" in html
    assert 'href="/nasional/"' in html  # the menu offers it
    assert '<svg class="map"' in html and "Provinsi 51: belum ada data" in html
    data = client.get(reverse("national"), {"format": "json"}).json()
    provinces = {p["code"]: p for p in data["provinces"]}
    assert provinces["31"]["rank"] == 1 and provinces["32"]["rank"] == 2
    assert provinces["51"]["has_data"] is False
    assert provinces["31"]["category"]["label"] == "Sedang"
    assert data["coverage_pct"] == 35.5 and data["target_pct"] == 32.15
    assert [k["code"] for k in data["kota"]] == ["31.71"]
    assert data["trend"][0]["provinces"] == 2


def test_it_shows_a_province_admin_their_province_only(db, client, personas):
    _provinces("32")
    fact("32", active=200, workforce=1000, period=date(2025, 7, 1))
    fact("31", active=510, workforce=1000, period=date(2025, 7, 1))
    client.force_login(personas["admin"])
    data = client.get(reverse("national"), {"format": "json"}).json()
    assert [p["code"] for p in data["provinces"]] == ["31"]
    assert data["trend"][0]["provinces"] == 1
    for outside in ("nobody", "officer_a"):  # a kota officer sees no whole province
        client.force_login(personas[outside])
        assert client.get(reverse("national")).status_code == 404


def test_it_schedules_monev_reports_only_in_provinces_with_figures(db):
    from semesta.reports.services import due

    _provinces("32")
    Region.objects.create(code="32.01.01", name="K", level=Level.KECAMATAN, parent_id="32.01")
    fact("31", active=510, workforce=1000, period=date(2025, 12, 1))
    wanted = {region.code for region, _ in due(date(2025, 12, 1))}
    assert "31" in wanted and "31.75.01" in wanted
    assert not [code for code in wanted if code.startswith("32")]


def test_it_keeps_each_province_a_tenant_of_its_own_officers(db):
    _provinces("32")
    user = User.objects.create_user(username="admin.jabar", password="rahasia-123")
    Membership.objects.create(user=user, role=Role.PROVINCE_ADMIN, region_id="32")
    assert access.scope_roots(user) == ["32"]
    assert access.can(user, access.CHANGE, "32.01")
    assert not access.covers(user, "31") and not access.covers(user, "31.71")
    assert list(Region.objects.visible_to(user).values_list("code", flat=True)) == ["32", "32.01"]
