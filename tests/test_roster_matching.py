"""Monthly roster matching against the snapshots: covered, not covered, lapsed."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings as django_settings

from semesta.coverage import services
from semesta.nik import nik_hash
from semesta.workers.matching import match_month
from semesta.workers.models import RosterStatus, RosterWorker
from tests import snapshots

KEL = "31.75.01.1004"
NIKS = {name: f"31750112039000{i:02d}" for i, name in enumerate("ABCD", start=1)}


def digest(name: str) -> bytes:
    return nik_hash(NIKS[name], bytes.fromhex(django_settings.NIK_HASH_KEY))


def month(period: str, active: dict[str, bool]) -> None:
    """A snapshot holding the named people (True: active) and a stranger."""
    rows = snapshots.row(KEL, 1, "PU")  # somebody not on any roster
    rows[0]["nik_hash"] = b"\x01" * 16
    for name, is_active in active.items():
        person = snapshots.row(KEL, 1, "BPU", active=is_active)[0]
        person["nik_hash"], person["sponsor_code"] = digest(name), "CSR-1"
        rows.append(person)
    services.register_snapshot(snapshots.write(services.store(), period, rows), "uji")


@pytest.fixture
def roster(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path
    for name in NIKS:
        RosterWorker.objects.create(
            region_id=KEL,
            name=f"Pekerja {name}",
            nik_encrypted="-",
            nik_hash=digest(name),
            nik_masked=NIKS[name][:4] + "*" * 8 + NIKS[name][-4:],
        )


def statuses(period: str) -> dict[str, str]:
    return {
        s.worker.name[-1]: s.status
        for s in RosterStatus.objects.filter(period=f"{period}-01").select_related("worker")
    }


def test_it_tells_covered_not_covered_and_lapsed_month_by_month(roster):
    month("2025-06", {"A": True, "B": True})
    month("2025-07", {"A": True, "B": False})  # B stops paying; C and D never appear
    month("2025-08", {})  # A is gone from the extract
    counts = match_month(date(2025, 6, 1))
    assert counts == {"covered": 2, "not_covered": 2, "lapsed": 0}
    match_month(date(2025, 7, 1))
    assert statuses("2025-07") == {
        "A": "covered",
        "B": "lapsed",
        "C": "not_covered",
        "D": "not_covered",
    }
    match_month(date(2025, 8, 1))
    # A was active the month before; B stays lapsed although it was not active in July either.
    assert statuses("2025-08") == {
        "A": "lapsed",
        "B": "lapsed",
        "C": "not_covered",
        "D": "not_covered",
    }
    covered = RosterStatus.objects.get(period="2025-07-01", worker__name="Pekerja A")
    assert (covered.segment, covered.sponsor_code) == ("BPU", "CSR-1")


def test_matching_a_month_again_replaces_its_statuses(roster):
    month("2025-06", {"A": True})
    match_month(date(2025, 6, 1))
    match_month(date(2025, 6, 1))
    assert RosterStatus.objects.filter(period="2025-06-01").count() == 4


def test_a_first_month_has_nobody_lapsed(roster):
    month("2025-06", {"B": False})
    assert match_month(date(2025, 6, 1)) == {"covered": 0, "not_covered": 4, "lapsed": 0}


def test_the_roster_page_lists_who_needs_cover_for_officers_in_scope_audited(
    client, roster, personas
):
    from semesta.accounts.models import AuditEvent

    month("2025-06", {"A": True, "B": True})
    month("2025-07", {"A": True})
    match_month(date(2025, 6, 1))
    match_month(date(2025, 7, 1))
    client.force_login(personas["officer_b"])  # Jakarta Timur
    page = client.get("/wilayah/31.75.01/pekerja-rentan/").content.decode()
    assert 'id="covered">1<' in page and 'id="lapsed">1<' in page and 'id="not_covered">2<' in page
    table = page[page.index('id="roster"') :]
    assert "Pekerja B" in table and "Pekerja C" in table and "Pekerja A" not in table
    assert "3175********0002" in table and NIKS["B"] not in page
    event = AuditEvent.objects.get(action="view_personal", object_type="roster")
    assert (event.username, event.region_code) == ("officer_b", "31.75.01")
    covered = client.get("/wilayah/31.75.01/pekerja-rentan/?status=covered").content.decode()
    assert "Pekerja A" in covered[covered.index('id="roster"') :]


def test_the_roster_page_is_for_officers_of_the_region_only(client, roster, personas):
    client.force_login(personas["officer_a"])  # Jakarta Pusat
    assert client.get("/wilayah/31.75.01/pekerja-rentan/").status_code == 404
    client.force_login(personas["sponsor"])
    assert client.get("/wilayah/31.75.01/pekerja-rentan/").status_code in (403, 404)


def test_an_officer_adds_a_worker_by_hand_matched_at_once(client, roster, personas):
    from semesta.regions.models import Level, Region

    Region.objects.create(code=f"{KEL}.001", name="RW 001", level=Level.RW, parent_id=KEL)
    month("2025-06", {})
    stranger = snapshots.row(KEL, 1, "BPU")[0]
    nik = "3175011203900077"
    stranger["nik_hash"] = nik_hash(nik, bytes.fromhex(django_settings.NIK_HASH_KEY))
    services.register_snapshot(snapshots.write(services.store(), "2025-07", [stranger]), "uji")
    match_month(date(2025, 7, 1))
    client.force_login(personas["officer_b"])
    form = {"region": f"{KEL}.001", "name": "Siti", "nik": nik, "category": "trader"}
    assert client.post(f"/wilayah/{KEL}/pekerja-rentan/tambah/", form).status_code == 302
    added = RosterWorker.objects.get(name="Siti")
    assert added.nik_masked == "3175********0077" and nik not in added.nik_encrypted
    assert added.statuses.get(period="2025-07-01").status == "covered"
    again = client.post(f"/wilayah/{KEL}/pekerja-rentan/tambah/", {**form, "name": "Siti 2"})
    assert "sudah ada dalam daftar" in again.content.decode()
    bad = client.post(f"/wilayah/{KEL}/pekerja-rentan/tambah/", {**form, "nik": "12"})
    assert bad.status_code == 200 and not RosterWorker.objects.filter(name="Siti 2").exists()
    client.force_login(personas["sponsor"])
    assert client.get(f"/wilayah/{KEL}/pekerja-rentan/tambah/").status_code in (403, 404)
