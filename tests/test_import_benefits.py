"""Importing benefits paid: each NIK found on a roster in scope, the sponsor of the day linked
through the same service as the form, every row accepted or rejected with its reason."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from semesta.collaboration.benefits import record_benefit
from semesta.collaboration.models import AgencyWorker, Benefit, Party
from semesta.imports.services import confirm, run_import
from semesta.nik import mask_nik, nik_hash
from semesta.regions.models import Level, Region
from semesta.sponsorship.models import Allocation, Pledge, Sponsor
from semesta.workers.models import RosterWorker

FILE = Path(__file__).parent / "fixtures" / "manfaat.csv"
KEL = "31.75.01.1004"  # Palmeriam, Matraman, Jakarta Timur
GAMBIR = "31.71.01.1001"


def _on_roster(nik: str, region: str, name: str) -> RosterWorker:
    rw = Region.objects.get_or_create(
        code=f"{region}.001", defaults={"name": "RW 001", "level": Level.RW, "parent_id": region}
    )[0]
    return RosterWorker.objects.create(
        region=rw,
        name=name,
        nik_encrypted="-",
        nik_hash=nik_hash(nik, bytes.fromhex(django_settings.NIK_HASH_KEY)),
        nik_masked=mask_nik(nik),
    )


@pytest.fixture
def rosters(db, settings, tmp_path, personas):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    siti = _on_roster("3175011203900001", KEL, "Siti")
    cici = _on_roster("3175011203900003", KEL, "Cici")
    _on_roster("3171011203900004", GAMBIR, "Dedi")  # kota A: not officer_b's
    party = Party.objects.create(
        code="dishub", name="Dinas Perhubungan", kind="dinas", region_id="31"
    )
    budi = AgencyWorker.objects.create(
        party=party,
        office_id=KEL,
        name="Budi",
        nik_encrypted="-",
        nik_hash=nik_hash("3175015203900002", bytes.fromhex(django_settings.NIK_HASH_KEY)),
        nik_masked=mask_nik("3175015203900002"),
        employment="pjlp",
    )
    sponsor = Sponsor.objects.create(code="csr-1", name="PT Peduli", kind="csr")
    pledge = Pledge.objects.create(
        sponsor=sponsor,
        name="Kader 2025",
        region_id=KEL,
        start=date(2025, 1, 1),
        months=12,
        budget=10_000_000,
        created_by="t",
    )
    Allocation.objects.create(pledge=pledge, worker=siti, start=date(2025, 1, 1), by="t", rule="r")
    record_benefit(
        programme="JKK",
        kind="accident",
        paid_on=date(2025, 6, 9),
        amount=2_500_000,
        by="t",
        worker=cici,
    )
    return {**personas, "siti": siti, "cici": cici, "budi": budi, "sponsor": sponsor}


def test_it_checks_each_benefit_row_and_names_the_problem(rosters):
    batch = run_import(rosters["officer_b"], "benefits", FILE)
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (9, 3, 6)
    assert batch.rows_warned == 1 and batch.ignored_columns == ["Nama"]
    assert [(p["row"], p["column"], p["id"]) for p in batch.first_problems] == [
        (4, "NIK", "Manfaat yang sama (NIK, program, jenis, tanggal) sudah ada di baris 2"),
        (
            5,
            "NIK",
            "NIK ini tidak ada di daftar pekerja rentan atau pegawai non-ASN wilayah Anda; "
            "daftarkan pekerjanya dulu",
        ),
        (
            6,
            "Tanggal Bayar",
            "Tanggal Bayar '01/13/2025' bukan tanggal (gunakan dd/mm/yyyy atau yyyy-mm-dd)",
        ),
        (6, "Jumlah", "Jumlah '-5' bukan jumlah rupiah lebih dari 0 (mis. 42.000.000)"),
        (
            6,
            "Jenis Manfaat",
            "Jenis Manfaat 'Santunan cacat' tidak dibayar dari program JHT; "
            "pilihan untuk JHT: Pencairan JHT",
        ),
        (7, "Tanggal Bayar", "Tanggal Bayar 2030-05-01 di masa depan"),
        (
            7,
            "Wilayah",
            "Wilayah Kel. Gambir (31.71.01.1001) di luar wilayah Anda; baris ini tidak diimpor",
        ),
        (
            8,
            "NIK",
            "NIK ini tidak ada di daftar pekerja rentan atau pegawai non-ASN di "
            "Kel. Kayu Manis (31.75.01.1003)",
        ),
        (9, "NIK", "NIK harus 16 digit angka (ditemukan 15 digit)"),
        (
            10,
            "NIK",
            "Manfaat JKK untuk NIK 3175********0003 tanggal 09/06/2025 sudah tercatat; "
            "tidak dicatat dua kali",
        ),
    ]
    assert batch.first_problems[-1]["warning"]


def test_an_imported_benefit_links_the_roster_worker_and_the_sponsor_of_the_day(rosters):
    batch = confirm(run_import(rosters["officer_b"], "benefits", FILE), rosters["officer_b"])
    assert batch.status == "applied"
    assert batch.message == (
        "Diterapkan: 2 manfaat dicatat, 1 dilewati (sudah tercatat atau NIK tidak lagi ada di "
        "daftar)."
    )
    death = Benefit.objects.get(programme="JKM")
    assert (death.worker, death.sponsor, death.amount, death.paid_on) == (
        rosters["siti"],
        rosters["sponsor"],
        42_000_000,
        date(2025, 3, 9),
    )
    assert (death.source, death.recorded_by, death.nik_masked) == (
        "import",
        "officer_b",
        "3175********0001",
    )
    assert death.region_id == f"{KEL}.001"
    care = Benefit.objects.get(staff=rosters["budi"])
    assert (care.programme, care.kind, care.amount, care.sponsor) == (
        "JKK",
        "accident",
        8_750_000,
        None,
    )
    assert care.region_id == KEL
    assert Benefit.objects.filter(worker=rosters["cici"]).count() == 1  # not recorded twice


def test_the_same_benefits_file_twice_changes_nothing(rosters, tmp_path):
    path = tmp_path / "manfaat.csv"
    path.write_text(
        "NIK,Program,Jenis Manfaat,Tanggal Bayar,Jumlah\n3175011203900001,JKM,Kematian,09/03/2025,42.000.000\n"
    )
    first = run_import(rosters["officer_b"], "benefits", path)
    second = run_import(rosters["officer_b"], "benefits", path)
    assert (first.status, second.status) == ("applied", "duplicate")
    assert Benefit.objects.filter(worker=rosters["siti"]).count() == 1


def test_the_command_imports_benefits_within_the_users_region(rosters, tmp_path, capsys):
    path = tmp_path / "manfaat.csv"
    path.write_text(
        "NIK;Program;Jenis Manfaat;Tanggal Bayar;Jumlah\n3175011203900001;JKM;Kematian;09/03/2025;42.000.000\n"
    )
    call_command("import", "benefits", str(path), "--as-user", "officer_a", "--json")
    out = json.loads(capsys.readouterr().out)
    assert (out["kind"], out["rows_accepted"], out["rows_rejected"]) == ("benefits", 0, 1)
    call_command("import", "benefits", str(path), "--as-user", "officer_b", "--json")
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["rows_accepted"]) == ("applied", 1)
    assert Benefit.objects.get(worker=rosters["siti"]).sponsor == rosters["sponsor"]
