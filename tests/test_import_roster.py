"""Importing a roster of vulnerable workers: NIKs encrypted, masked, matched by hash."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from semesta.imports.services import confirm, run_import
from semesta.nik import decrypt_nik, nik_hash
from semesta.regions.services import set_rw_layer
from semesta.workers.models import RosterWorker

FILE = Path(__file__).parent / "fixtures" / "pekerja-rentan.csv"


@pytest.fixture
def palmeriam(db, settings, tmp_path):
    settings.IMPORT_DIR = tmp_path
    set_rw_layer("31.75.01.1004", [3, 2, 2, 2, 2, 2, 2, 2, 2])


def test_it_checks_each_roster_row_and_names_the_problem(palmeriam, personas):
    batch = run_import(personas["officer_b"], "roster", FILE)
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (5, 2, 3)
    assert [(p["row"], p["column"], p["id"]) for p in batch.first_problems] == [
        (4, "NIK", "NIK sama dengan baris 2 (duplikat dalam berkas)"),
        (5, "NIK", "Tanggal lahir 32 tidak valid untuk bulan 03 (01–31, perempuan 41–71)"),
        (
            5,
            "Kategori",
            "Kategori 'Astronot' tidak dikenal; pilihan: Pengurus RT/RW, Kader PKK/Dasawisma/Posyandu, Jumantik, Petugas keamanan/kebersihan RW, Guru ngaji, LMK/FKDM, Pekerja UMKM, Pengemudi ojek/ojol, Pedagang, Nelayan, Lainnya",
        ),
        (5, "Miskin Ekstrem", "Miskin Ekstrem 'mungkin' tidak dikenal; pilihan: Ya, Tidak"),
        (
            5,
            "Telepon",
            "Nomor telepon tidak valid: tulis nomor ponsel Indonesia (mis. 0812-3456-7890)",
        ),
        (
            6,
            "Kelurahan",
            "Wilayah Gambir (31.71.01.1001) di luar wilayah Anda; baris ini tidak diimpor",
        ),
    ]


def test_it_stores_niks_encrypted_and_masked_with_the_rt_as_region(palmeriam, personas):
    confirm(run_import(personas["officer_b"], "roster", FILE), personas["officer_b"])
    siti = RosterWorker.objects.get(name="Siti Aminah")
    assert (siti.region_id, siti.category, siti.extreme_poor, siti.phone) == (
        "31.75.01.1004.001.002",
        "cadre",
        True,
        "081234567890",
    )
    assert siti.nik_masked == "3175********0001"
    assert "3175011203900001" not in siti.nik_encrypted
    key = django_settings.NIK_ENCRYPTION_KEY.encode()
    assert decrypt_nik(siti.nik_encrypted, key) == "3175011203900001"
    assert bytes(siti.nik_hash) == nik_hash(
        "3175011203900001", bytes.fromhex(django_settings.NIK_HASH_KEY)
    )
    budi = RosterWorker.objects.get(name="Budi")
    assert (budi.region_id, budi.phone) == ("31.75.01.1004.009", "081311112222")


def test_it_says_so_when_the_same_roster_comes_twice(palmeriam, personas):
    first = confirm(run_import(personas["officer_b"], "roster", FILE), personas["officer_b"])
    second = run_import(personas["officer_b"], "roster", FILE)
    assert (first.status, second.status) == ("applied", "duplicate")
    assert RosterWorker.objects.count() == 2


def test_a_full_roster_keeps_workers_a_sponsor_paid_for(palmeriam, personas, tmp_path):
    from datetime import date

    from semesta.sponsorship.models import Allocation, Pledge, Sponsor

    confirm(run_import(personas["officer_b"], "roster", FILE), personas["officer_b"])
    sponsor = Sponsor.objects.create(code="CSR-001", name="PT Peduli", kind="csr")
    pledge = Pledge.objects.create(
        sponsor=sponsor, name="Palmeriam 2026", region_id="31.75.01", start=date(2026, 1, 1),
        months=6, budget=1_000_000, created_by="officer_b",
    )  # fmt: skip
    Allocation.objects.create(
        pledge=pledge, worker=RosterWorker.objects.get(name="Budi"), start=pledge.start,
        by="officer_b", rule="manual",
    )  # fmt: skip
    only_siti = tmp_path / "hanya-siti.csv"
    only_siti.write_text(FILE.read_text().splitlines()[0] + "\n" + FILE.read_text().splitlines()[1])
    batch = confirm(run_import(personas["officer_b"], "roster", only_siti), personas["officer_b"])
    assert batch.status == "applied"
    assert batch.message.endswith("0 yang tidak ada di berkas dihapus, 1 tetap karena pernah"
                                  " dibiayai sponsor atau menerima manfaat.")  # fmt: skip
    assert set(RosterWorker.objects.values_list("name", flat=True)) == {"Siti Aminah", "Budi"}


def _roster_file(tmp_path, *lines: str) -> Path:
    path = tmp_path / "rentan.csv"
    path.write_text("NIK,Nama,Kelurahan,RW,Telepon,Desil DTSEN\n" + "\n".join(lines) + "\n")
    return path


def test_it_reads_the_dtsen_decile_and_leaves_it_empty_when_not_known(
    palmeriam, personas, tmp_path
):
    path = _roster_file(
        tmp_path,
        "3175011203900001,Siti,Palmeriam,1,,1",
        "3175015203900002,Budi,Palmeriam,2,,10",
        "3175011203900003,Andi,Palmeriam,3,,",
        "3175011203900004,Rina,Palmeriam,3,,Desil 4",
    )
    confirm(run_import(personas["officer_b"], "roster", path), personas["officer_b"])
    assert dict(RosterWorker.objects.values_list("name", "desil")) == {
        "Siti": 1, "Budi": 10, "Andi": None, "Rina": 4,
    }  # fmt: skip


def test_it_rejects_a_decile_outside_1_to_10_naming_row_and_column(palmeriam, personas, tmp_path):
    path = _roster_file(
        tmp_path,
        "3175011203900001,Siti,Palmeriam,1,,11",
        "3175015203900002,Budi,Palmeriam,2,,abc",
        "3175011203900003,Andi,Palmeriam,3,,0",
        "3175011203900004,Rina,Palmeriam,3,,3",
    )
    batch = run_import(personas["officer_b"], "roster", path)
    assert (batch.rows_accepted, batch.rows_rejected) == (1, 3)
    hint = "tidak valid: isi desil DTSEN 1–10 (1 = 10 % termiskin) atau kosongkan"
    assert [(p["row"], p["column"], p["id"]) for p in batch.first_problems] == [
        (2, "Desil DTSEN", f"Desil DTSEN '11' {hint}"),
        (3, "Desil DTSEN", f"Desil DTSEN 'abc' {hint}"),
        (4, "Desil DTSEN", f"Desil DTSEN '0' {hint}"),
    ]


def test_the_column_is_also_found_as_desil(palmeriam, personas, tmp_path):
    path = tmp_path / "desil.csv"
    path.write_text("NIK,Nama,Kelurahan,RW,Desil\n3175011203900001,Siti,Palmeriam,1,2\n")
    confirm(run_import(personas["officer_b"], "roster", path), personas["officer_b"])
    assert RosterWorker.objects.get().desil == 2


def test_its_messages_never_echo_a_phone_number_or_a_full_nik(palmeriam, personas, tmp_path):
    path = _roster_file(
        tmp_path,
        "3175011203900001,Siti,Palmeriam,1,0215551234567,",
        "3175011203900002,Siti Lagi,Palmeriam,1,,",
        "3175011203900002,Siti Lagi,Palmeriam,1,+1 202 555 0199,",
        "3175011203900009,Andi,Gambir,1,,",
    )
    batch = run_import(personas["officer_b"], "roster", path)
    texts = repr(batch.first_problems)  # every stored field, in both languages
    assert "nomor telepon tidak valid" in texts.lower() and "NIK sama dengan baris 3" in texts
    secrets = ("0215551234567", "555", "3175011203900001", "3175011203900002", "3175011203900009")
    for secret in secrets:
        assert secret not in texts
