"""The shared worklist on three more lists: import batches (/impor/), the audit trail
(/akun/audit/) and the non-ASN staff (/kolaborasi/non-asn/), each with its own permissions."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import pytest
from python_calamine import CalamineWorkbook

from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent, Membership, Role, User
from semesta.collaboration.models import AgencyWorker, Party, StaffStatus
from semesta.imports.models import ImportBatch

TIMUR_KEL = "31.75.01.1004"  # Palmeriam, Jakarta Timur
TIMUR_KEL_2 = "31.75.02.1001"
PUSAT_KEL = "31.71.01.1001"  # Gambir, Jakarta Pusat
PERIOD = date(2025, 7, 1)


def _get(client, user, url: str, status: int = 200) -> str:
    client.force_login(user)
    answer = client.get(url)
    assert answer.status_code == status, url
    return unescape(answer.content.decode())


def _shown(page: str, anchor: str = "shown") -> str:
    return re.search(rf'id="{anchor}"[^>]*>([^<·]*)', page)[1].strip()


def _csv(client, url: str) -> list[list[str]]:
    answer = client.get(url)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv"), url
    body = b"".join(answer.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _xlsx(client, url: str) -> list[list]:
    answer = client.get(url)
    assert answer.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(answer.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def _exports(**where) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, **where).order_by("pk"))


# Import batches


@pytest.fixture
def batches(personas):
    def batch(n, region, **fields):
        values = {
            "kind": "roster",
            "period": None,
            "status": ImportBatch.Status.APPLIED,
            "username": "officer",
            "region_code": region,
            "scope": [region],
            "file_name": f"rentan-{n:03d}.csv",
            "file_sha256": "x",
        }
        return ImportBatch(**{**values, **fields})

    rows = [batch(n, "31.75") for n in range(60)]
    rows += [
        batch(n, "31.75.01", kind="participants", period=PERIOD, file_name=f"ekstrak-{n}.csv")
        for n in range(60, 66)
    ]
    rows += [batch(n, "31.75.02", status=ImportBatch.Status.HELD) for n in range(66, 70)]
    rows += [batch(n, "31.71", file_name=f"pusat-{n}.csv") for n in range(70, 75)]
    ImportBatch.objects.bulk_create(rows)
    return personas


def test_the_import_history_says_n_dari_m_and_pages(client, batches):
    page = _get(client, batches["officer_b"], "/impor/")
    assert _shown(page) == "Menampilkan 1–50 dari 70"
    assert "halaman 1 dari 2" in page
    second = _get(client, batches["officer_b"], "/impor/?halaman=2")
    assert _shown(second) == "Menampilkan 51–70 dari 70"


def test_the_import_history_filters_by_kind_status_period_region_and_file_name(client, batches):
    officer = batches["officer_b"]
    assert _shown(_get(client, officer, "/impor/?jenis=participants")) == "Menampilkan 1–6 dari 6"
    assert _shown(_get(client, officer, "/impor/?status=held")) == "Menampilkan 1–4 dari 4"
    assert _shown(_get(client, officer, "/impor/?periode=2025-07")) == "Menampilkan 1–6 dari 6"
    assert _shown(_get(client, officer, "/impor/?periode=2025-08")) == "Menampilkan 0 dari 0"
    assert _shown(_get(client, officer, "/impor/?wilayah=31.75.02")) == "Menampilkan 1–4 dari 4"
    page = _get(client, officer, "/impor/?q=rentan-00&status=applied&urut=tanggal")
    assert _shown(page) == "Menampilkan 1–10 dari 10"
    exports = re.findall(r'href="\?([^"]*ekspor=csv[^"]*)"', page)
    assert set(exports[0].split("&")) == {
        "q=rentan-00",
        "status=applied",
        "urut=tanggal",
        "ekspor=csv",
    }


def test_the_import_history_export_is_the_filtered_set_in_region_and_audited(client, batches):
    client.force_login(batches["officer_b"])
    rows = _csv(client, "/impor/?ekspor=csv&jenis=roster&urut=tanggal")
    assert rows[0][:6] == ["#", "Waktu", "Jenis", "Periode", "Kode wilayah", "Berkas"]
    assert len(rows) == 1 + 64 and rows[1][5] == "rentan-000.csv"
    assert not any(r[5].startswith("pusat") for r in rows[1:])
    sheet = _xlsx(client, "/impor/?ekspor=xlsx&wilayah=31.75.01")
    assert [r[5] for r in sheet[1:]] == [f"ekstrak-{n}.csv" for n in range(65, 59, -1)]
    assert [e.object_type for e in _exports()] == ["riwayat-impor_csv", "riwayat-impor_xlsx"]
    assert _exports()[0].detail == {"jenis": "roster", "urut": "tanggal", "rows": 64}


def test_another_kota_sees_none_of_these_imports_but_its_own_uploads(client, batches):
    page = _get(client, batches["officer_a"], "/impor/?wilayah=31.75")
    assert _shown(page) == "Menampilkan 1–5 dari 5" and "rentan-" not in page
    mine = ImportBatch.objects.filter(region_code="31.75").first()
    mine.user = batches["officer_a"]
    mine.save()
    assert _shown(_get(client, batches["officer_a"], "/impor/")) == "Menampilkan 1–6 dari 6"
    client.force_login(batches["officer_a"])
    assert len(_csv(client, "/impor/?ekspor=csv")) == 1 + 6


# The audit trail


@pytest.fixture
def trail(personas):
    for n in range(30):
        record(
            personas["officer_b"],
            AuditEvent.Action.EXPORT,
            region_code="31.75.01",
            obj_type=f"t{n}",
        )
    for _n in range(25):
        record(
            personas["officer_a"],
            AuditEvent.Action.VIEW_PERSONAL,
            region_code="31.71",
            obj_type="roster",
        )
    record(personas["officer_a"], AuditEvent.Action.LOGIN)
    AuditEvent.objects.filter(object_type="t0").update(at="2024-01-15T10:00:00+07:00")
    return personas


def test_the_audit_trail_pages_filters_and_exports_the_filtered_set(client, trail):
    admin = trail["admin"]
    page = _get(client, admin, "/akun/audit/")
    total = AuditEvent.objects.count()  # the sign-ins of the test client are audited too
    assert total > 56 and _shown(page) == f"Menampilkan 1–50 dari {total}"
    assert _shown(_get(client, admin, "/akun/audit/?aksi=export")) == "Menampilkan 1–30 dari 30"
    by_user = _get(client, admin, "/akun/audit/?pengguna=officer_a")
    assert _shown(by_user) == "Menampilkan 1–26 dari 26"  # the login has no region: still listed
    assert _shown(_get(client, admin, "/akun/audit/?wilayah=31.71")) == "Menampilkan 1–25 dari 25"
    dated = _get(client, admin, "/akun/audit/?dari=2024-01-15&sampai=2024-01-15&aksi=export")
    assert _shown(dated) == "Menampilkan 1–1 dari 1" and "t0" in dated
    oldest = _get(client, admin, "/akun/audit/?urut=waktu")
    assert oldest.index("t0") < oldest.index("t1 ")
    client.force_login(admin)
    rows = _csv(client, "/akun/audit/?ekspor=csv&aksi=export&wilayah=31.75")
    assert rows[0][:4] == ["Waktu", "Pengguna", "Aksi", "Wilayah"]
    assert rows[1][1:5] == ["admin", "Ekspor", "31.75", "jejak-audit_csv"]  # itself, first
    assert len(rows) == 1 + 1 + 30 and {r[1] for r in rows[2:]} == {"officer_b"}
    assert len(_xlsx(client, "/akun/audit/?ekspor=xlsx&pengguna=officer_a")) == 1 + 26
    audited = [e for e in _exports(username="admin")]
    assert [e.object_type for e in audited] == ["jejak-audit_csv", "jejak-audit_xlsx"]
    assert audited[0].detail == {"aksi": "export", "wilayah": "31.75", "rows": 30}


def test_the_audit_trail_stays_for_admins_and_their_region(client, trail):
    _get(client, trail["officer_b"], "/akun/audit/", status=403)
    _get(client, trail["officer_b"], "/akun/audit/?ekspor=csv", status=403)
    kota_admin = User.objects.create_user("admin.jaktim", password="rahasia-123")
    Membership.objects.create(user=kota_admin, role=Role.PROVINCE_ADMIN, region_id="31")
    kota_admin.memberships.update(region_id="31.75")  # an admin held to one kota
    page = _get(client, kota_admin, "/akun/audit/?wilayah=31.71")
    assert "roster" not in page  # Jakarta Pusat's events are not in this admin's region
    client.force_login(kota_admin)
    rows = _csv(client, "/akun/audit/?ekspor=csv")
    assert not any(r[3] == "31.71" for r in rows[1:])
    kept = AuditEvent.objects.filter(region_code__in=["31.75.01", ""])
    assert len(rows) == 1 + kept.count()  # the export's own record (no region) included


# Non-ASN staff


def _nik(n: int) -> str:
    return f"3175011203{n:06d}"


@pytest.fixture
def staff(personas):
    parties = {
        code: Party.objects.create(code=code, name=name, kind="dinas", region_id="31")
        for code, name in (("dishub", "Dinas Perhubungan"), ("dinsos", "Dinas Sosial"))
    }
    dinas = User.objects.create_user("petugas.dishub", password="rahasia-123")
    Membership.objects.create(user=dinas, role=Role.AGENCY_OFFICER, region_id="31")
    parties["dishub"].members.add(dinas)
    statuses = ["covered", "not_covered", "lapsed"]
    workers = []
    for n in range(75):
        party = parties["dishub" if n < 60 else "dinsos"]
        office = PUSAT_KEL if n >= 70 else (TIMUR_KEL if n % 2 else TIMUR_KEL_2)
        workers.append(
            AgencyWorker(
                party=party,
                office_id=office,
                name=f"Pegawai {n:03d}",
                nik_encrypted="-",
                nik_hash=n.to_bytes(16, "big"),
                nik_masked=f"3175********{n:04d}",
                employment="pjlp" if n % 3 else "partner",
            )
        )
    AgencyWorker.objects.bulk_create(workers)
    StaffStatus.objects.bulk_create(
        StaffStatus(worker=w, period=PERIOD, status=statuses[i % 3])
        for i, w in enumerate(AgencyWorker.objects.order_by("pk"))
    )
    return {**personas, "dinas": dinas}


URL = "/kolaborasi/non-asn/"


def _staff_shown(page: str) -> str:
    return _shown(page, "staff-shown")


def test_a_dinas_officer_lists_only_their_agencys_staff_masked_without_names(client, staff):
    page = _get(client, staff["dinas"], URL)
    assert _staff_shown(page) == "Menampilkan 1–50 dari 60"
    assert "Pegawai 0" not in page and "3175********0001" in page
    assert "Dinas Sosial" not in page.split('id="staff-list"')[1]
    uncovered = _get(client, staff["dinas"], URL + "?status=not_covered")
    assert _staff_shown(uncovered) == "Menampilkan 1–20 dari 20"
    assert _staff_shown(_get(client, staff["dinas"], URL + "?instansi=dinsos")) == (
        "Menampilkan 1–50 dari 60"  # another agency is not a choice: ignored
    )
    by_name = _get(client, staff["dinas"], URL + "?q=Pegawai")
    assert _staff_shown(by_name) == "Menampilkan 0 dari 0"  # names are not searchable for them
    assert _staff_shown(_get(client, staff["dinas"], URL + "?q=0042")) == "Menampilkan 1–1 dari 1"
    client.force_login(staff["dinas"])
    rows = _csv(client, URL + "?ekspor=csv&status=not_covered")
    assert "Nama" not in rows[0] and len(rows) == 1 + 20
    assert {r[1] for r in rows[1:]} == {"Dinas Perhubungan"}
    assert {r[-1] for r in rows[1:]} == {"Belum terlindungi"}
    assert _exports(username="petugas.dishub")[0].detail == {"status": "not_covered", "rows": 20}


def test_officers_list_their_regions_staff_with_names_searched_and_audited(client, staff):
    officer = staff["officer_b"]
    page = _get(client, officer, URL + "?jenis=pjlp&wilayah=31.75.01")
    # Jakarta Timur, Palmeriam (odd n < 70), PJLP (n not divisible by 3)
    expected = [n for n in range(70) if n % 2 and n % 3]
    assert _staff_shown(page) == f"Menampilkan 1–{len(expected)} dari {len(expected)}"
    assert "Pegawai 001" in page and "Pegawai 071" not in page
    assert _staff_shown(_get(client, officer, URL + "?q=Pegawai 01")) == "Menampilkan 1–10 dari 10"
    assert _staff_shown(_get(client, officer, URL + "?q=Pegawai 072")) == "Menampilkan 0 dari 0"
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_PERSONAL, username="officer_b")
    assert views.count() == 3 and views.first().object_type == "non_asn_staff"
    client.force_login(officer)
    sheet = _xlsx(client, URL + "?ekspor=xlsx&instansi=dinsos&urut=instansi")
    assert sheet[0][:2] == ["NIK (disamarkan)", "Nama"]
    names = [r[1] for r in sheet[1:]]
    assert sorted(names) == [f"Pegawai {n:03d}" for n in range(60, 70)]
    assert [r[3] for r in sheet[1:]] == sorted(r[3] for r in sheet[1:])


def test_out_of_region_staff_never_show_and_sponsors_get_counts_only(client, staff):
    page = _get(client, staff["officer_a"], URL + "?wilayah=31.75")
    assert _staff_shown(page) == "Menampilkan 1–5 dari 5"
    client.force_login(staff["officer_a"])
    rows = _csv(client, URL + "?ekspor=csv")
    assert {r[3] for r in rows[1:]} == {PUSAT_KEL}
    sponsor = _get(client, staff["sponsor"], URL)
    assert 'id="staff-list"' not in sponsor and "3175****" not in sponsor
    client.force_login(staff["sponsor"])
    assert client.get(URL + "?ekspor=csv")["Content-Type"].startswith("text/html")
