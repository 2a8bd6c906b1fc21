"""Importing non-ASN staff rosters per agency: every row accepted or rejected with its reason,
NIKs stored as the roster kind stores them, agency and region scope, matched at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from semesta.accounts.models import Membership, Role, User
from semesta.collaboration import staff
from semesta.collaboration.benefits import record_benefit
from semesta.collaboration.models import AgencyWorker, Party
from semesta.coverage import services as coverage
from semesta.imports.models import ImportBatch
from semesta.imports.services import run_import
from semesta.nik import decrypt_nik, mask_nik, nik_hash
from tests import snapshots

FILE = Path(__file__).parent / "fixtures" / "pegawai-non-asn.csv"
KEL = "31.75.01.1004"  # Palmeriam, Matraman, Jakarta Timur
HEADER = "Kode Instansi;Kantor;NIK;Nama;Jenis Pegawai\n"


@pytest.fixture
def agencies(db, settings, tmp_path, personas):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    parties = {
        code: Party.objects.create(code=code, name=name, kind="dinas", region_id="31")
        for code, name in (("dishub", "Dinas Perhubungan"), ("dlh", "Dinas Lingkungan Hidup"))
    }
    dinas = User.objects.create_user("petugas.dishub", password="rahasia-123")
    Membership.objects.create(user=dinas, role=Role.AGENCY_OFFICER, region_id="31")
    parties["dishub"].members.add(dinas)
    return {**personas, "dinas": dinas, "parties": parties}


def csv_file(tmp_path, body: str, name: str = "staf.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_it_checks_each_staff_row_and_names_the_problem(agencies):
    batch = run_import(agencies["officer_b"], "staff", FILE)
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (7, 2, 5)
    assert batch.status == "held"  # 5 of 7 rejected: an officer confirms first
    assert [(p["row"], p["column"], p["id"]) for p in batch.first_problems] == [
        (4, "NIK", "NIK sama dengan baris 2 (duplikat dalam berkas)"),
        (
            5,
            "Kode Instansi",
            "Kode Instansi 'dishubb' tidak terdaftar sebagai instansi; mungkin maksud Anda: dishub",
        ),
        (
            5,
            "Jenis Pegawai",
            "Jenis Pegawai 'Satpam' tidak dikenal; pilihan: PJLP, Kontrak kelurahan, "
            "Kontrak kecamatan, Mitra pemerintah",
        ),
        (
            6,
            "Kantor",
            "Wilayah Kel. Gambir (31.71.01.1001) di luar wilayah Anda; baris ini tidak diimpor",
        ),
        (
            7,
            "Penghasilan",
            "Penghasilan 500.000: Penghasilan yang dilaporkan harus antara Rp 1.000.000 dan "
            "Rp 20.700.000.",
        ),
        (8, "Nama", "Nama wajib diisi"),
        (8, "Kantor", "Kantor 'Kota Antah' tidak ditemukan"),
        (
            8,
            "Sumber Dana",
            "Sumber Dana 'Koperasi' tidak dikenal; pilihan: APBD, APBN, BUMD, Baznas, CSR, Mandiri",
        ),
    ]
    assert batch.first_problems[0]["en"] == "Same NIK as row 2 (duplicate within the file)"


def test_it_stores_staff_niks_encrypted_hashed_and_masked(agencies):
    batch = run_import(agencies["officer_b"], "staff", FILE)
    from semesta.imports.services import confirm

    confirm(batch, agencies["officer_b"])
    andi, budi = AgencyWorker.objects.order_by("name")
    assert (andi.party_id, andi.office_id, andi.employment, andi.funded_by) == (
        "dishub",
        KEL,
        "pjlp",
        "apbd",
    )
    assert andi.declared_income == 1_000_000
    assert (budi.office_id, budi.employment, budi.declared_income) == (
        "31.75.01",
        "kecamatan",
        1_500_000,
    )
    assert andi.nik_masked == "3175********0001" and "3175011203900001" not in andi.nik_encrypted
    key = django_settings.NIK_ENCRYPTION_KEY.encode()
    assert decrypt_nik(andi.nik_encrypted, key) == "3175011203900001"
    assert bytes(andi.nik_hash) == nik_hash(
        "3175011203900001", bytes.fromhex(django_settings.NIK_HASH_KEY)
    )


def test_a_dinas_officer_imports_only_their_own_agencys_staff(agencies, tmp_path):
    key = bytes.fromhex(django_settings.NIK_HASH_KEY)
    AgencyWorker.objects.create(
        party=agencies["parties"]["dlh"],
        office_id=KEL,
        name="PJLP DLH",
        nik_encrypted="-",
        nik_hash=nik_hash("3171011203900009", key),
        nik_masked=mask_nik("3171011203900009"),
        employment="pjlp",
    )
    path = csv_file(
        tmp_path,
        "dishub;Kel. Gambir;3171011203900004;Dedi;PJLP\n"
        "dlh;Kel. Gambir;3171011203900005;Eko;PJLP\n"
        "dishub;Kel. Gambir;3171011203900009;Fajar;PJLP\n",
    )
    batch = run_import(agencies["dinas"], "staff", path)
    assert (batch.rows_accepted, batch.rows_rejected) == (1, 2)
    assert [(p["row"], p["column"], p["id"]) for p in batch.first_problems] == [
        (3, "Kode Instansi", "Instansi dlh (dlh) bukan instansi Anda; baris ini tidak diimpor"),
        (
            4,
            "NIK",
            "NIK ini sudah terdaftar sebagai pegawai non-ASN instansi atau wilayah di luar "
            "wewenang Anda",
        ),
    ]
    assert AgencyWorker.objects.get(name="PJLP DLH").party_id == "dlh"  # not moved


def test_a_dinas_officer_uploads_staff_on_the_page_and_nothing_else(client, agencies):
    client.force_login(agencies["dinas"])
    page = client.get("/impor/").content.decode()
    assert "Daftar pegawai non-ASN" in page and "Ekstrak peserta" not in page
    body = (HEADER + "dishub;Kel. Gambir;3171011203900004;Dedi;PJLP\n").encode()
    response = client.post(
        "/impor/",
        {"kind": "staff", "mode": "replace", "file": SimpleUploadedFile("staf.csv", body)},
    )
    assert response.status_code == 302
    assert ImportBatch.objects.get().kind == "staff"
    participants = SimpleUploadedFile("peserta.csv", b"NIK\n1\n")
    response = client.post(
        "/impor/", {"kind": "participants", "period": "2025-07", "file": participants}
    )
    assert response.status_code == 200 and ImportBatch.objects.count() == 1
    client.force_login(agencies["sponsor"])
    assert client.post("/impor/", {"kind": "staff"}).status_code == 403


def test_the_api_takes_staff_from_a_dinas_officer_but_not_participants(client, agencies):
    from semesta.accounts.tokens import issue

    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue(agencies['dinas'], 'uji')}"}
    body = (HEADER + "dishub;Kel. Gambir;3171011203900004;Dedi;PJLP\n").encode()
    response = client.post(
        "/api/v1/imports",
        {"kind": "staff", "file": SimpleUploadedFile("staf.csv", body)},
        **headers,
    )
    assert response.status_code == 202 and response.json()["kind"] == "staff"
    response = client.post(
        "/api/v1/imports",
        {"kind": "participants", "period": "2025-07", "file": SimpleUploadedFile("p.csv", body)},
        **headers,
    )
    assert response.status_code == 403


def test_an_applied_staff_import_is_matched_at_once_and_shows_the_share_covered(agencies, tmp_path):
    key = bytes.fromhex(django_settings.NIK_HASH_KEY)
    niks = [f"31750112039{n:05d}" for n in range(1, 5)]
    rows = []
    for nik in niks[:3]:
        row = snapshots.row(KEL, 1, "BPU")[0]
        row["nik_hash"] = nik_hash(nik, key)
        rows.append(row)
    coverage.register_snapshot(snapshots.write(coverage.store(), "2026-05", rows), "uji")
    body = "".join(f"dishub;Palmeriam;{nik};PJLP {n};PJLP\n" for n, nik in enumerate(niks))
    batch = run_import(agencies["officer_b"], "staff", csv_file(tmp_path, body))
    assert (batch.status, batch.rows_accepted) == ("applied", 4)
    [share] = staff.share_by_agency(agencies["admin"])
    assert (share["party"], share["workers"], share["covered"], share["pct"]) == (
        "dishub",
        4,
        3,
        75.0,
    )


def test_a_full_roster_replaces_its_agencys_staff_only_and_keeps_evidence(agencies, tmp_path):
    from datetime import date

    niks = [f"31750112039{n:05d}" for n in range(1, 5)]
    first = "".join(f"dishub;Palmeriam;{nik};Dishub {n};PJLP\n" for n, nik in enumerate(niks[:3]))
    first += f"dlh;Palmeriam;{niks[3]};DLH 3;PJLP\n"
    run_import(agencies["officer_b"], "staff", csv_file(tmp_path, first, "satu.csv"))
    record_benefit(
        programme="JKK",
        kind="accident",
        paid_on=date(2025, 6, 1),
        amount=1_000_000,
        by="t",
        staff=AgencyWorker.objects.get(name="Dishub 1"),
    )
    second = f"dishub;Palmeriam;{niks[2]};Dishub 2;PJLP\n"
    batch = run_import(agencies["officer_b"], "staff", csv_file(tmp_path, second, "dua.csv"))
    assert batch.message == (
        "Diterapkan: 1 pegawai ditambahkan atau diperbarui, 1 yang tidak ada di berkas dihapus, "
        "1 tetap karena punya catatan manfaat."
    )
    assert sorted(AgencyWorker.objects.values_list("name", flat=True)) == [
        "DLH 3",
        "Dishub 1",
        "Dishub 2",
    ]
    appended = f"dishub;Palmeriam;{niks[0]};Dishub 0;PJLP\n"
    run_import(
        agencies["officer_b"], "staff", csv_file(tmp_path, appended, "tiga.csv"), mode="append"
    )
    assert AgencyWorker.objects.count() == 4


def test_it_says_so_when_the_same_staff_file_comes_twice(agencies, tmp_path):
    body = "dishub;Palmeriam;3175011203900001;Andi;PJLP\n"
    first = run_import(agencies["officer_b"], "staff", csv_file(tmp_path, body, "a.csv"))
    second = run_import(agencies["officer_b"], "staff", csv_file(tmp_path, body, "b.csv"))
    assert (first.status, second.status) == ("applied", "duplicate")


def test_a_crash_while_applying_leaves_the_staff_roster_as_it_was(agencies, tmp_path, monkeypatch):
    body = "dishub;Palmeriam;3175011203900001;Andi;PJLP\n"
    run_import(agencies["officer_b"], "staff", csv_file(tmp_path, body, "a.csv"))

    def crash():
        raise RuntimeError("power cut")

    monkeypatch.setattr(staff, "match_latest", crash)  # after the workers are written
    replacement = "dishub;Palmeriam;3175015203900002;Budi;PJLP\n"
    with pytest.raises(RuntimeError):
        run_import(agencies["officer_b"], "staff", csv_file(tmp_path, replacement, "b.csv"))
    assert list(AgencyWorker.objects.values_list("name", flat=True)) == ["Andi"]


def test_only_the_dinas_officer_who_uploaded_reads_the_rejected_rows(agencies, tmp_path):
    from django.core.exceptions import PermissionDenied

    from semesta.imports.services import open_error_report

    other = User.objects.create_user("petugas.dlh", password="rahasia-123")
    Membership.objects.create(user=other, role=Role.AGENCY_OFFICER, region_id="31")
    agencies["parties"]["dlh"].members.add(other)
    batch = run_import(agencies["dinas"], "staff", csv_file(tmp_path, "dishub;x;1;A;PJLP\n"))
    handle, _ = open_error_report(batch, agencies["dinas"])
    handle.close()
    with pytest.raises(PermissionDenied):
        open_error_report(batch, other)
    handle, _ = open_error_report(batch, agencies["admin"])
    handle.close()
