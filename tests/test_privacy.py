"""Personal data per persona: who sees sponsored workers, rosters, look-ups and award candidates.

Personas beyond the shared ones: a viewer (pembaca) and a dinas officer over all of DKI, a
kelurahan officer of another region (Gambir, Jakarta Pusat) and a sponsor over all of DKI.
The pledge and the roster are in Palmeriam (Matraman, Jakarta Timur).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from semesta.accounts.models import AuditEvent, Membership, Role, User
from semesta.coverage import services as coverage
from semesta.nik import nik_hash
from semesta.sponsorship import services
from semesta.sponsorship.models import Pledge, Sponsor
from semesta.workers.models import RosterStatus, RosterWorker, decrypt_phone, encrypt_phone
from tests import snapshots
from tests.snapshots import row

KEL = "31.75.01.1004"  # Palmeriam
OTHER_KEL = "31.71.01.1001"  # Gambir
DEC = date(2025, 12, 1)
NIK = "3175014101900001"


def _user(username: str, role: str, region: str) -> User:
    user = User.objects.create_user(username=username, password="rahasia-123")
    Membership.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(personas):
    return {
        **personas,
        "viewer": _user("pembaca", Role.VIEWER, "31"),
        "dinas": _user("dinas", Role.AGENCY_OFFICER, "31"),
        "other_kelurahan": _user("lurah_gambir", Role.KELURAHAN_OFFICER, OTHER_KEL),
        "kelurahan": _user("lurah_palmeriam", Role.KELURAHAN_OFFICER, KEL),
    }


def _worker(n: int, status: str, region: str = f"{KEL}.001") -> RosterWorker:
    found = RosterWorker.objects.create(
        region_id=region,
        name=f"Pekerja Rahasia {n}",
        nik_encrypted="-",
        nik_hash=bytes([n % 256, n // 256]) * 8,
        nik_masked=f"3175********{n:04d}",
        phone=f"0812000{n:05d}",
    )
    RosterStatus.objects.create(worker=found, period=DEC, status=status)
    return found


@pytest.fixture
def pledge(people):
    from semesta.regions.models import Region

    for rw in (1, 2, 3):
        Region.objects.get_or_create(
            code=f"{KEL}.{rw:03d}",
            defaults={"name": f"RW {rw:03d}", "level": "rw", "parent_id": KEL},
        )
    for n in range(1, 121):  # 120 workers: three pages of 50
        _worker(n, "not_covered", f"{KEL}.{1 + n % 3:03d}")
    sponsor = Sponsor.objects.create(code="CSR-001", name="PT Peduli", kind="csr")
    sponsor.members.add(people["sponsor"])
    found = Pledge.objects.create(
        sponsor=sponsor,
        name="Palmeriam",
        region_id="31.75.01",
        start=date(2026, 1, 1),
        months=6,
        budget=10_000_000,
        created_by="officer_b",
    )
    services.allocate(found, people["officer_b"], 120, found.start)
    return found


PLEDGE_URLS = ("/sponsor/{pk}/", "/sponsor/{pk}/pekerja.csv", "/sponsor/{pk}/pekerja.xlsx")


@pytest.mark.parametrize("persona", ["viewer", "dinas"])
def test_viewers_and_dinas_officers_see_no_sponsored_workers(client, pledge, people, persona):
    client.force_login(people[persona])
    assert client.get("/sponsor/").status_code == 403
    for url in (*PLEDGE_URLS, "/sponsor/{pk}/pernyataan.xlsx", "/sponsor/{pk}/pernyataan.pdf"):
        assert client.get(url.format(pk=pledge.pk)).status_code in (403, 404), url
    assert not Pledge.objects.visible_to(people[persona]).exists()


def test_an_officer_of_another_region_sees_no_pledge_of_this_one(client, pledge, people):
    client.force_login(people["other_kelurahan"])
    assert "Palmeriam" not in client.get("/sponsor/").content.decode()
    for url in PLEDGE_URLS:
        assert client.get(url.format(pk=pledge.pk)).status_code == 404


def test_another_sponsor_sees_nothing_of_this_pledge(client, pledge, people):
    other = _user("sponsor_lain", Role.CSR_SPONSOR, "31")
    Sponsor.objects.create(code="CSR-002", name="PT Lain", kind="csr").members.add(other)
    client.force_login(other)
    for url in PLEDGE_URLS:
        assert client.get(url.format(pk=pledge.pk)).status_code == 404


def test_the_sponsor_sees_masked_niks_and_never_names_or_phones(client, pledge, people):
    client.force_login(people["sponsor"])
    for url in PLEDGE_URLS:
        response = client.get(url.format(pk=pledge.pk))
        assert response.status_code == 200
        body = response.content.decode("utf-8", "replace")
        assert "Pekerja Rahasia" not in body and "0812000" not in body, url
    page = client.get(f"/sponsor/{pledge.pk}/").content.decode()
    assert "3175********" in page
    assert "Akhiri" not in page  # sponsors do not change allocations


def test_the_pledge_list_is_paginated_and_says_n_dari_m(client, pledge, people):
    client.force_login(people["sponsor"])
    page = client.get(f"/sponsor/{pledge.pk}/").content.decode()
    assert "Menampilkan 1–50 dari 120" in page
    assert page.count("3175********") == 50
    last = client.get(f"/sponsor/{pledge.pk}/?halaman=3").content.decode()
    assert "Menampilkan 101–120 dari 120" in last and "halaman 3 dari 3" in last


def test_the_pledge_list_searches_filters_and_sorts(client, pledge, people):
    client.force_login(people["sponsor"])
    url = f"/sponsor/{pledge.pk}/"
    found = client.get(url, {"q": "0042"}).content.decode()
    assert "Menampilkan 1–1 dari 1" in found and "3175********0042" in found
    by_name = client.get(url, {"q": "palmer"}).content.decode()
    assert "dari 120" in by_name  # a kelurahan's name
    rw = client.get(url, {"kelurahan": KEL, "rw": f"{KEL}.002"}).content.decode()
    assert "Menampilkan 1–40 dari 40" in rw
    outside = client.get(url, {"kelurahan": OTHER_KEL}).content.decode()
    assert "dari 120" in outside  # a kelurahan outside the pledge is ignored, not a leak
    ended = client.get(url, {"status": "berakhir"}).content.decode()
    assert "Menampilkan 0 dari 0" in ended
    down = client.get(url, {"urut": "-nik"}).content.decode()
    assert down.index("3175********0120") < down.index("3175********0119")


def test_exports_hold_the_filtered_set_masked_and_are_audited(client, pledge, people):
    import python_calamine

    client.force_login(people["sponsor"])
    csv = client.get(f"/sponsor/{pledge.pk}/pekerja.csv", {"rw": f"{KEL}.002"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("NIK,Kelurahan,RW") and len(lines) == 41
    assert all(line.startswith("3175********") for line in lines[1:])
    xlsx = client.get(f"/sponsor/{pledge.pk}/pekerja.xlsx", {"urut": "-nik"})
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    rows = book.get_sheet_by_name("Pekerja").to_python()
    assert len(rows) == 121 and rows[1][0] == "3175********0120"
    exports = AuditEvent.objects.filter(action="export", username="sponsor")
    assert set(exports.values_list("object_type", flat=True)) == {
        "pledge_workers_csv",
        "pledge_workers_xlsx",
    }
    assert AuditEvent.objects.filter(object_type="pledge_workers_csv").get().detail["rows"] == 40


def test_every_view_of_the_pledge_workers_is_audited(client, pledge, people):
    client.force_login(people["sponsor"])
    client.get(f"/sponsor/{pledge.pk}/?halaman=2")
    event = AuditEvent.objects.get(object_type="pledge_workers")
    assert (event.action, event.username, event.detail["page"]) == ("view_personal", "sponsor", 2)
    assert event.detail["rows"] == 50 and event.detail["benefits"] == 0


ROSTER = f"/wilayah/{KEL}/pekerja-rentan/"


@pytest.mark.parametrize("persona", ["viewer", "dinas", "sponsor"])
def test_the_roster_is_for_officers_only(client, pledge, people, persona):
    client.force_login(people[persona])
    assert client.get(ROSTER).status_code in (403, 404)


def test_the_roster_is_refused_to_an_officer_of_another_region(client, pledge, people):
    client.force_login(people["other_kelurahan"])
    assert client.get(ROSTER).status_code == 404


def test_the_roster_shows_its_officer_names_and_phones_a_page_at_a_time(client, pledge, people):
    client.force_login(people["kelurahan"])
    page = client.get(ROSTER, {"status": "all"}).content.decode()
    assert "Pekerja Rahasia" in page and "0812000" in page
    assert "Menampilkan 1–100 dari 120" in page
    assert AuditEvent.objects.filter(object_type="roster", username="lurah_palmeriam").exists()


def test_phones_are_encrypted_at_rest_and_read_back_in_clear(pledge):
    worker = RosterWorker.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM workers_rosterworker WHERE id = %s", [worker.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("gAAAAA") and "0812000" not in stored
    assert worker.phone == "081200000001"
    assert decrypt_phone(encrypt_phone("0811")) == "0811" and encrypt_phone("") == ""


def test_the_migration_encrypts_phones_stored_in_clear(pledge):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("semesta.workers.migrations.0003_encrypt_phone")
    worker = RosterWorker.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workers_rosterworker SET phone = '0899' WHERE id = %s", [worker.pk])
    migration.encrypt_existing(apps, connection.schema_editor())
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM workers_rosterworker WHERE id = %s", [worker.pk])
        assert cursor.fetchone()[0].startswith("gAAAAA")
    worker.refresh_from_db()
    assert worker.phone == "0899"


def test_adding_a_worker_to_a_roster_is_audited_with_the_nik_masked(client, pledge, people):
    RosterStatus.objects.all().delete()  # not matched yet: no snapshot to match the new worker
    client.force_login(people["kelurahan"])
    form = {
        "region": f"{KEL}.001",
        "name": "Siti",
        "nik": NIK,
        "category": "trader",
        "phone": "0813",
    }
    assert client.post(f"{ROSTER}tambah/", form).status_code == 302
    event = AuditEvent.objects.get(object_type="roster_worker_added")
    assert event.detail == {"nik": "3175********0001"} and NIK not in str(event.detail)


@pytest.fixture
def history(people, settings, tmp_path):
    """NIK known in July 2025 in Palmeriam only."""
    settings.SNAPSHOT_DIR = tmp_path
    rows = row(KEL, 1, "BPU") + row(OTHER_KEL, 1, "PU")
    rows[0]["nik_hash"] = nik_hash(NIK, bytes.fromhex(django_settings.NIK_HASH_KEY))
    coverage.register_snapshot(snapshots.write(coverage.store(), "2025-07", rows), "uji")
    return people


UNKNOWN = "3171011203900002"


def _look_up(client, nik: str) -> tuple[int, str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/peserta/cari/", {"nik": nik})
    body = response.content.decode().replace(nik[-4:], "####")
    shapes = [q["sql"].split(" WHERE ")[0].split(" VALUES ")[0] for q in queries.captured_queries]
    return response.status_code, body, shapes


def test_a_nik_elsewhere_reads_exactly_like_an_unknown_nik(client, history):
    client.force_login(history["other_kelurahan"])
    _look_up(client, "3171011203900003")  # the session's first page loads what others reuse
    status_known, known, known_queries = _look_up(client, NIK)
    status_unknown, unknown, unknown_queries = _look_up(client, UNKNOWN)
    assert status_known == status_unknown == 200
    strip = [(NIK[:4], "####"), (UNKNOWN[:4], "####"), ("csrfmiddlewaretoken", "")]
    for old, new in strip:
        known, unknown = known.replace(old, new), unknown.replace(old, new)
    # Only the per-request tokens of the forms differ.
    known_lines = [line for line in known.splitlines() if 'type="hidden"' not in line]
    unknown_lines = [line for line in unknown.splitlines() if 'type="hidden"' not in line]
    assert known_lines == unknown_lines
    assert known_queries == unknown_queries  # the same work in the same order


def test_the_api_look_up_answers_a_nik_elsewhere_like_an_unknown_one(client, history):
    client.force_login(history["other_kelurahan"])
    answers = [
        client.post("/api/v1/lookup", {"nik": nik}, content_type="application/json")
        for nik in (NIK, UNKNOWN)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert [a.json()["months"] for a in answers] == [[], []]


@pytest.mark.parametrize("persona", ["viewer", "dinas", "sponsor"])
def test_the_look_up_is_refused_to_viewers_dinas_and_sponsors(client, history, persona):
    client.force_login(history[persona])
    assert client.post("/peserta/cari/", {"nik": NIK}).status_code == 403
    api = client.post("/api/v1/lookup", {"nik": NIK}, content_type="application/json")
    assert api.status_code == 403


def test_the_officer_of_the_region_finds_the_nik_masked(client, history):
    client.force_login(history["kelurahan"])
    page = client.post("/peserta/cari/", {"nik": NIK}).content.decode()
    assert "3175********0001" in page and NIK not in page and "Juli 2025" in page


def test_sponsors_see_no_employer_candidates_on_award_pages(client, people):
    from semesta.awards import services as awards
    from semesta.awards.models import Candidate
    from tests.test_awards import _employer

    cycle = awards.create_cycle("31", 2025)
    trade = cycle.categories.get(code="sektor-perdagangan_jasa")
    _employer("1009", "31.73", pds_wages=True)
    awards.nominate(trade, "1009")
    awards.nominate(cycle.categories.get(code="kota"), "31.73")
    sponsor = _user("sponsor_dki", Role.CSR_SPONSOR, "31")
    client.force_login(sponsor)
    page = client.get("/paritrana/2025/").content.decode()
    assert "PT Contoh 1009" not in page and "Usaha terbaik sektor" not in page
    employer = Candidate.objects.get(code="1009")
    assert client.get(f"/paritrana/2025/kandidat/{employer.pk}/").status_code == 404
    client.force_login(people["admin"])
    assert "PT Contoh 1009" in client.get("/paritrana/2025/").content.decode()


def test_non_asn_staff_shares_are_for_government_readers_and_dinas_see_their_own(people):
    from semesta.collaboration import staff
    from semesta.collaboration.models import AgencyWorker, Party

    for n, code in enumerate(("dishub", "dlh"), start=1):
        party = Party.objects.create(code=code, name=code.upper(), kind="dinas", region_id="31")
        AgencyWorker.objects.create(
            party=party,
            office_id="31.71",
            name=f"Staf {n}",
            nik_encrypted="-",
            nik_hash=bytes([200 + n]) * 16,
            nik_masked=f"3171********{n:04d}",
            employment="pjlp",
        )
    Party.objects.get(code="dishub").members.add(people["dinas"])
    assert staff.share_by_agency(people["sponsor"]) == []
    assert [r["party"] for r in staff.share_by_agency(people["dinas"])] == ["dishub"]
    assert [r["party"] for r in staff.share_by_agency(people["viewer"])] == ["dishub", "dlh"]
