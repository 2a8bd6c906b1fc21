"""Imports: every row accounted for, exact messages, atomic apply, repeats, replacement, holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import call_command

from semesta.access import SYSTEM
from semesta.coverage.models import CoverageFact, Snapshot, Workforce
from semesta.imports import apply
from semesta.imports.models import ImportBatch
from semesta.imports.services import confirm, run_import

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    return tmp_path


def problems(batch: ImportBatch) -> list[tuple[int, str, str]]:
    return [(p["row"], p["column"], p["id"]) for p in batch.first_problems if not p["warning"]]


def test_it_rejects_each_bad_row_naming_row_column_and_problem(store):
    batch = run_import(SYSTEM, "participants", FIXTURES / "peserta-kesalahan.csv", period="2025-07")
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected, batch.rows_warned) == (
        8,
        2,
        6,
        2,
    )
    assert problems(batch) == [
        (
            3,
            "No KTP",
            "NIK 3.17501E+15 dirusak Excel (notasi ilmiah): simpan kolom NIK sebagai teks lalu ekspor ulang",
        ),
        (
            4,
            "No KTP",
            "Baris 4 sama dengan baris 2: NIK, segmen (PU) dan NPP (–) yang sama (kepesertaan ganda dalam berkas)",
        ),
        (6, "No KTP", "Tanggal lahir pada NIK (320390) tidak valid"),
        (6, "Segmen", "Segmen 'XX' tidak dikenal; pilihan: BPU, JAKON, PMI, PU"),
        (
            6,
            "Kelurahan",
            "Kelurahan 'Palmriam' tidak ditemukan; mungkin maksud Anda: Palmeriam, Palmerah",
        ),
        (
            6,
            "Tgl Daftar",
            "Tgl Daftar '31/02/2020' bukan tanggal (gunakan dd/mm/yyyy atau yyyy-mm-dd)",
        ),
        (
            8,
            "No KTP",
            "NIK 3175********0000 berakhir dengan 0000: tampaknya digit terakhir dibulatkan Excel; periksa NIK aslinya",
        ),
        (9, "Tgl Daftar", "Tgl Daftar 2030-01-01 di masa depan"),
        (10, "No KTP", "NIK harus 16 digit (ditemukan 14 digit)"),
    ]
    warnings = {(p["row"], p["code"]) for p in batch.first_problems if p["warning"]}
    # Warnings are kept for the imported rows only (no RW layer exists in this database).
    assert warnings == {(2, "rw_unregistered"), (7, "nik_outside_dki"), (7, "rw_unregistered")}


def test_it_speaks_english_on_request(store):
    batch = run_import(
        SYSTEM, "participants", FIXTURES / "peserta-kesalahan.csv", period="2025-07", lang="en"
    )
    english = [p["en"] for p in batch.first_problems if p["row"] == 10]
    assert english == ["NIK must be 16 digits (found 14)"]


def test_it_holds_a_batch_with_too_many_rejections_until_an_officer_confirms(store):
    batch = run_import(SYSTEM, "participants", FIXTURES / "peserta-kesalahan.csv", period="2025-07")
    assert batch.status == "held" and "75,0 % baris ditolak" in batch.message
    assert not Snapshot.objects.exists() and not CoverageFact.objects.exists()
    applied = confirm(batch, SYSTEM)
    assert applied.status == "applied"
    assert Snapshot.objects.get(period=date(2025, 7, 1)).rows == 2
    province = CoverageFact.objects.get(region_code="31", segment="ALL", period=date(2025, 7, 1))
    assert (province.registered, province.active) == (2, 1)


def test_it_writes_the_rejected_rows_back_with_a_kesalahan_column(store):
    batch = run_import(SYSTEM, "participants", FIXTURES / "peserta-kesalahan.csv", period="2025-07")
    assert batch.ignored_columns == ["Nama"]  # never stored; named so nobody wonders
    lines = Path(batch.error_report).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "No KTP;Nama;Segmen;Status;Kelurahan;RW;Tgl Daftar;Kesalahan;Baris asal"
    assert len(lines) == 1 + 6
    assert lines[1].startswith("3.17501E+15;Ani;") and lines[1].endswith(";3")


def test_it_reads_windows_1252_and_codes_without_dots(store):
    batch = run_import(SYSTEM, "participants", FIXTURES / "peserta-cp1252.csv", period="2025-07")
    assert (batch.status, batch.rows_accepted, batch.rows_rejected) == ("applied", 2, 0)
    kelurahan = CoverageFact.objects.get(
        region_code="31.75.01.1004", segment="ALL", period=date(2025, 7, 1)
    )
    assert kelurahan.active == 2


def test_it_says_so_when_the_same_content_comes_twice(store):
    first = run_import(SYSTEM, "participants", FIXTURES / "peserta-cp1252.csv", period="2025-07")
    second = run_import(SYSTEM, "participants", FIXTURES / "peserta-cp1252.csv", period="2025-07")
    assert (first.status, second.status) == ("applied", "duplicate")
    assert Snapshot.objects.get().path == str(
        Path(first.staged_path).parents[2]
        / "snapshots/participants/period=2025-07"
        / f"batch-{first.pk:06d}.parquet"
    )


def test_it_replaces_a_period_visibly_and_keeps_the_old_batch(store, tmp_path):
    first = run_import(SYSTEM, "participants", FIXTURES / "peserta-cp1252.csv", period="2025-07")
    smaller = tmp_path / "juli.csv"
    smaller.write_text(
        "NIK;Segmen;Status;Kelurahan;Tanggal Daftar\n3175011203900009;BPU;AKTIF;Palmeriam;01/01/2024\n"
    )
    second = run_import(SYSTEM, "participants", smaller, period="2025-07")
    first.refresh_from_db()
    assert (first.status, first.replaced_by_id, second.status) == ("replaced", second.pk, "applied")
    assert Path(Snapshot.objects.get().path).name == f"batch-{second.pk:06d}.parquet"
    assert Path(first.staged_path).exists()
    assert (
        CoverageFact.objects.get(
            region_code="31", segment="ALL", period=date(2025, 7, 1)
        ).registered
        == 1
    )


def test_it_rejects_rows_outside_an_officers_region(store, personas):
    batch = run_import(
        personas["branch"], "participants", FIXTURES / "peserta-kesalahan.csv", period="2025-07"
    )
    out = [(p["row"], p["id"]) for p in batch.first_problems if p["code"] == "out_of_scope"]
    assert (
        7,
        "Wilayah Gambir (31.71.01.1001) di luar wilayah Anda; baris ini tidak diimpor",
    ) in out
    unplaced = [p["id"] for p in batch.first_problems if p["code"] == "domicile_unplaced"]
    assert unplaced == [
        "Kelurahan domisili kosong: baris tidak dapat dipastikan berada di wilayah Anda"
    ]
    assert batch.rows_accepted == 1


def test_it_leaves_nothing_behind_when_the_process_dies_while_applying(store, monkeypatch):
    def die(periods):
        raise KeyboardInterrupt  # as if the process were killed just before committing

    monkeypatch.setattr(apply.coverage, "recompute", die)
    with pytest.raises(KeyboardInterrupt):
        run_import(SYSTEM, "participants", FIXTURES / "peserta-cp1252.csv", period="2025-07")
    assert not Snapshot.objects.exists() and not CoverageFact.objects.exists()
    assert not ImportBatch.objects.filter(status="applied").exists()
    monkeypatch.undo()
    again = run_import(SYSTEM, "participants", FIXTURES / "peserta-cp1252.csv", period="2025-07")
    assert again.status == "applied" and Snapshot.objects.get().rows == 2


def test_it_flags_niks_that_excel_stored_as_numbers(store, tmp_path):
    path = tmp_path / "peserta.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["NIK", "Segmen", "Status", "Kelurahan", "Tanggal Daftar"])
    sheet.write_number(1, 0, 3175011203900001)
    sheet.write_row(1, 1, ["PU", "AKTIF", "Palmeriam"])
    sheet.write_number(1, 4, 45000)
    sheet.write_row(2, 0, ["3175011203900002", "PU", "AKTIF", "Palmeriam", "2024-01-01"])
    book.close()
    batch = run_import(SYSTEM, "participants", path, period="2025-07")
    assert (batch.rows_accepted, batch.rows_rejected) == (1, 1)
    assert (
        problems(batch)[0][:2] == (2, "NIK")
        and "disimpan Excel sebagai angka" in problems(batch)[0][2]
    )
    report = Path(batch.error_report)
    assert report.suffix == ".xlsx" and report.exists()


def test_it_refuses_unreadable_files_with_one_reason(store, tmp_path):
    junk = tmp_path / "foto.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    batch = run_import(SYSTEM, "participants", junk, period="2025-07")
    assert batch.status == "failed" and batch.message.startswith("Jenis berkas tidak dikenali")
    missing = tmp_path / "kolom.csv"
    missing.write_text("Nama;Alamat\nBudi;Jl. Mawar\n")
    batch = run_import(SYSTEM, "participants", missing, period="2025-07")
    assert batch.status == "failed" and batch.message.startswith("Kolom wajib tidak ditemukan: NIK")


def test_it_imports_workforce_figures_and_explains_bad_ones(store):
    batch = run_import(SYSTEM, "workforce", FIXTURES / "angkatan-kerja.csv", period="2025-01")
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (6, 2, 4)
    assert problems(batch) == [
        (4, "Jumlah", "Jumlah 'abc' bukan bilangan bulat tak negatif"),
        (
            5,
            "Kode Wilayah",
            "Kode Wilayah 'Jakarta Pusatt' tidak ditemukan; mungkin maksud Anda: Kota Administrasi Jakarta Pusat",
        ),
        (6, "Kode Wilayah", "Kode Wilayah 31.75.01.1004 sudah ada di baris 2"),
        (7, "Sumber", "Sumber wajib diisi"),
    ]


def test_it_prints_a_json_outcome_and_exits_zero_with_rejections(store, capsys):
    call_command(
        "import", "workforce", str(FIXTURES / "angkatan-kerja.csv"), "--period", "2025-01", "--json"
    )
    out = capsys.readouterr().out
    assert '"rows_total": 6' in out and '"rows_rejected": 4' in out and '"status": "held"' in out
    assert Workforce.objects.count() == 0
