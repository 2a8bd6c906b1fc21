"""Import safety: hostile or odd files are refused or read as the user meant, reports are inert."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile

import pytest
import python_calamine
import xlsxwriter

from semesta.access import SYSTEM
from semesta.coverage.models import CoverageFact, Snapshot
from semesta.imports.checks import map_columns
from semesta.imports.kinds import PARTICIPANTS
from semesta.imports.participants import check_participants
from semesta.imports.reading import read_file
from semesta.imports.report import neutralise
from semesta.imports.services import run_import

HEADER = ["NIK", "Nama", "Segmen", "Status", "Kelurahan", "Tanggal Daftar"]
ROWS = [
    ["3175011203900001", "Budi", "PU", "AKTIF", "Palmeriam", "01/02/2020"],
    ["3175015203900002", "José", "BPU", "AKTIF", "Palmeriam", "2021-12-31"],
    ["3175012505850003", "Ani", "PU", "Tidak Aktif", "31.75.01.1004", "45000"],
]
NIKS = [row[0] for row in ROWS]
HOSTILE = ['=HYPERLINK("http://x","klik")', "+XX", "@SUM(1)", "-1+1"]  # Nama, Segmen, Status, Kel.


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    return tmp_path


def write_csv(path, rows, delimiter=";", encoding="utf-8", newline="\n"):
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return path


def check(path):
    """Read and check a participants file as run_import does, without applying anything."""
    sheet = read_file(path, 10**8, 10**8)
    mapping = map_columns(PARTICIPANTS, sheet.headers)
    return check_participants(sheet, mapping, SYSTEM, dt.date(2026, 1, 1))


def errors(checked) -> list[tuple[int, str, str]]:
    return sorted((p.row, p.column, p.code) for p in checked.problems if not p.warning)


# 1–3: files refused for what they are, whatever they are called.


def test_it_refuses_an_xlsx_zip_bomb_and_applies_nothing(store, tmp_path):
    bomb = tmp_path / "peserta.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(300):  # 300 MB unpacked, ~300 KB on disk
                member.write(zeros)
    assert bomb.stat().st_size < 2_000_000
    batch = run_import(SYSTEM, "participants", bomb, period="2025-07")
    assert batch.status == "failed" and "zip bomb" in batch.message
    assert batch.message.startswith("Berkas XLSX ditolak")
    assert not Snapshot.objects.exists() and not CoverageFact.objects.exists()


def test_it_refuses_a_file_above_the_size_limit_naming_the_limit(store, settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 100
    path = write_csv(tmp_path / "peserta.csv", [HEADER, *ROWS])
    batch = run_import(SYSTEM, "participants", path, period="2025-07")
    assert batch.status == "failed" and "terlalu besar" in batch.message
    assert "batas 100 bita" in batch.message
    assert not Snapshot.objects.exists()


def test_it_reads_a_csv_named_xlsx_as_the_csv_it_is(store, tmp_path):
    path = write_csv(tmp_path / "data.xlsx", [HEADER, *ROWS])
    batch = run_import(SYSTEM, "participants", path, period="2025-07")
    assert (batch.status, batch.file_format, batch.rows_accepted) == ("applied", "csv", 3)
    assert Snapshot.objects.get().rows == 3


def test_it_refuses_a_png_named_csv_as_an_unknown_type(store, tmp_path):
    png = tmp_path / "data.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(64))
    batch = run_import(SYSTEM, "participants", png, period="2025-07")
    assert batch.status == "failed" and batch.message.startswith("Jenis berkas tidak dikenali")


# 4: formula injection in the error report.


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_it_neutralises_each_character_a_spreadsheet_would_run(first):
    assert neutralise(f"{first}1+1") == f"'{first}1+1"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        ("", ""),
        ("Budi", "Budi"),
        ("3175011203900001", "3175011203900001"),
        ("a=b", "a=b"),
        ("'=1", "'=1"),
    ],
)
def test_it_leaves_safe_values_as_they_are(value, shown):
    assert neutralise(value) == shown


def hostile_rows():
    nama, segmen, status, kelurahan = HOSTILE
    return [HEADER, ["3175011203900001", nama, segmen, status, kelurahan, "01/02/2020"]]


def assert_inert(report_rows):
    header, row = report_rows[0], report_rows[1]
    cells = dict(zip(header, row, strict=False))
    for column, value in zip(["Nama", "Segmen", "Status", "Kelurahan"], HOSTILE, strict=True):
        assert cells[column] == "'" + value, column
    assert not any(str(cell).startswith(("=", "+", "-", "@")) for cell in row)


def test_it_writes_hostile_cells_inert_in_a_csv_error_report(store, tmp_path):
    path = write_csv(tmp_path / "peserta.csv", hostile_rows())
    batch = run_import(SYSTEM, "participants", path, period="2025-07")
    assert batch.rows_rejected == 1 and batch.error_report.endswith(".csv")
    with open(batch.error_report, encoding="utf-8-sig", newline="") as handle:
        assert_inert(list(csv.reader(handle, delimiter=";")))


def test_it_writes_hostile_cells_inert_in_an_xlsx_error_report(store, tmp_path):
    path = tmp_path / "peserta.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for r, row in enumerate(hostile_rows()):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    batch = run_import(SYSTEM, "participants", path, period="2025-07")
    assert batch.rows_rejected == 1 and batch.error_report.endswith(".xlsx")
    report = python_calamine.load_workbook(batch.error_report).get_sheet_by_index(0).to_python()
    assert_inert(report)


def test_it_writes_a_hostile_header_inert_in_a_csv_error_report(store, tmp_path):
    rows = hostile_rows()
    rows[0] = [*rows[0], '=HYPERLINK("http://x","klik")']
    rows[1] = [*rows[1], "catatan"]
    path = write_csv(tmp_path / "peserta.csv", rows)
    batch = run_import(SYSTEM, "participants", path, period="2025-07")
    with open(batch.error_report, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in header)


# 5–7: CSV dialects, row numbers and dates read as the user meant.


@pytest.mark.parametrize(
    ("delimiter", "encoding", "newline"),
    [
        (",", "utf-8", "\n"),
        (";", "utf-8-sig", "\r\n"),
        ("\t", "utf-8", "\n"),
        (";", "cp1252", "\n"),
    ],
    ids=["comma-utf8", "semicolon-bom-crlf", "tab", "semicolon-cp1252"],
)
def test_it_reads_every_csv_dialect_identically(db, tmp_path, delimiter, encoding, newline):
    path = write_csv(tmp_path / "peserta.csv", [HEADER, *ROWS], delimiter, encoding, newline)
    sheet = read_file(path, 10**8, 10**8)
    assert sheet.delimiter == delimiter
    assert sheet.table.column("c1").to_pylist() == ["Budi", "José", "Ani"]
    checked = check(path)
    assert errors(checked) == []
    assert sorted(checked.accepted.column("nik").to_pylist()) == sorted(NIKS)


def test_it_numbers_rows_as_excel_does_across_blank_lines_and_multiline_cells(db, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(
        "NIK;Nama;Segmen;Status;Kelurahan;Tanggal Daftar\n"
        '3175011203900001;"Budi\nSantoso";PU;AKTIF;Palmeriam;01/02/2020\n'  # row 2
        "\n"  # row 3 is blank
        "12345;Ani;PU;AKTIF;Palmeriam;01/02/2020\n"  # row 4
        '3175015203900002;"Cici\r\nDewi";XX;AKTIF;Palmeriam;01/02/2020\n',  # row 5
        encoding="utf-8",
    )
    checked = check(path)
    assert errors(checked) == [(4, "NIK", "nik_length"), (5, "Segmen", "choice")]
    assert checked.accepted.column("_row").to_pylist() == [2]


def test_it_numbers_rows_after_a_multiline_cell_when_there_is_no_blank_line(db, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(
        "NIK;Nama;Segmen;Status;Kelurahan;Tanggal Daftar\n"
        '3175011203900001;"Budi\nSantoso";PU;AKTIF;Palmeriam;01/02/2020\n'  # row 2
        "12345;Ani;PU;AKTIF;Palmeriam;01/02/2020\n",  # row 3
        encoding="utf-8",
    )
    assert errors(check(path)) == [(3, "NIK", "nik_length")]


def test_it_accepts_dates_as_typed_iso_or_excel_serial_numbers(db, tmp_path):
    checked = check(write_csv(tmp_path / "peserta.csv", [HEADER, *ROWS]))
    dates = {row["nik"]: row["registered_on"] for row in checked.accepted.to_pylist()}
    assert dates == {
        "3175011203900001": dt.date(2020, 2, 1),
        "3175015203900002": dt.date(2021, 12, 31),
        "3175012505850003": dt.date(2023, 3, 15),
    }


def test_it_accepts_excel_dates_and_serial_numbers_in_a_workbook(db, tmp_path):
    path = tmp_path / "peserta.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(ROWS, start=1):
        sheet.write_row(r, 0, row[:5])
    sheet.write_datetime(
        1, 5, dt.datetime(2020, 2, 1), book.add_format({"num_format": "dd/mm/yyyy"})
    )
    sheet.write_string(2, 5, "2021-12-31")
    sheet.write_number(3, 5, 45000)
    book.close()
    checked = check(path)
    assert sorted(checked.accepted.column("registered_on").to_pylist()) == [
        dt.date(2020, 2, 1),
        dt.date(2021, 12, 31),
        dt.date(2023, 3, 15),
    ]


def test_it_says_when_a_name_is_a_region_of_another_level(db):
    from semesta.imports.messages import render
    from semesta.imports.resolve import RegionIndex
    from semesta.regions.models import Region

    rows = Region.objects.filter(level__in=["kecamatan", "kelurahan"])
    index = RegionIndex(list(rows.values_list("code", "name", "level", "parent_id")))
    result = index.resolve("Matraman", "Kelurahan", {"kelurahan"})
    assert (
        render(result.error, **result.fields)
        == "Kelurahan: 'Matraman' adalah kecamatan, bukan kelurahan"
    )
