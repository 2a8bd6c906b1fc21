"""The participant pipeline in the engine: the same rows accepted and rejected, for the same
reasons, whether the file is read by DuckDB (large CSV) or through Arrow, and the staged file
is the snapshot a full replacement adopts."""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from semesta.access import SYSTEM
from semesta.coverage.models import Snapshot
from semesta.imports.checks import map_columns
from semesta.imports.kinds import PARTICIPANTS
from semesta.imports.participants import NIK_ERROR, _fast_nik_ok, _nik_codes, check_participants
from semesta.imports.reading import read_file
from semesta.imports.resolve import DATE_FORMATS, _parse_date
from semesta.imports.services import run_import

HEADER = ["NIK", "Nama", "Segmen", "Status", "NPP", "Kelurahan", "RW", "Tanggal Daftar"]
ROWS = [
    ["3175011203900001", "Budi", "PU", "AKTIF", "11000002", "Palmeriam", "1", "01/02/2020"],
    [" 3175015203900002 ", "Ani", " BPU ", "AKTIF", "", " 31.75.01.1004 ", "", "2021-12-31"],
    ["3175011203900001", "Budi", "PU", "AKTIF", "11000002", "Palmeriam", "1", "01/02/2020"],
    ["3175011203900001", "Budi", "BPU", "AKTIF", "", "Palmeriam", "1", "01/02/2020"],
    ["31750112039000", "Cici", "PU", "AKTIF", "11000003", "Palmeriam", "1", "01/02/2020"],
    ["3175012505850003", "Dedi", "XX", "AKTIF", " 11000004\t", "Palmerian", "2", "45000"],
    ["   ", "", " ", "", "", "", "", ""],
    ["3175012505850004", "Eka", "PU", "AKTIF", "11000004", "  ", "2", "32/13/2020"],
]


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.IMPORT_HOLD_SHARE = 1  # these files are mostly bad rows on purpose
    return tmp_path


def write(path, rows):
    path.write_text("\n".join(";".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def verdict(path, engine: bool):
    sheet = read_file(path, 10**8, 10**8, engine=engine)
    assert (sheet.con is not None) == engine
    mapping = map_columns(PARTICIPANTS, sheet.headers)
    checked = check_participants(sheet, mapping, SYSTEM, dt.date(2026, 1, 1))
    problems = sorted(
        (p.row, p.column, p.code, str(sorted(p.fields.items()))) for p in checked.problems
    )
    accepted = checked.accepted.to_pylist()
    sheet.close()
    return checked.total, accepted, problems


def test_it_judges_every_row_the_same_in_the_engine_as_through_arrow(store, tmp_path):
    path = write(tmp_path / "peserta.csv", ROWS)
    engine, arrow = verdict(path, True), verdict(path, False)
    assert engine == arrow
    total, accepted, problems = engine
    assert total == 7  # the blank row is no row
    assert [r["_row"] for r in accepted] == [2, 3, 5]
    assert accepted[1]["nik"] == "3175015203900002" and accepted[1]["segment"] == "BPU"
    assert accepted[1]["kelurahan_code"] == "31.75.01.1004" and accepted[1]["npp"] is None
    codes = {(row, code) for row, _, code, _ in problems}
    assert (4, "participation_duplicate") in codes and (6, "nik_length") in codes
    assert {(7, "choice"), (7, "region_unknown")} <= codes
    assert (9, "date") in codes and (9, "domicile_missing") in codes


def test_it_keeps_a_row_whose_first_cell_alone_is_blank(store, tmp_path):
    blank_nik = ["", "Fani", "PU", "AKTIF", "11000002", "Palmeriam", "1", "01/02/2020"]
    path = write(tmp_path / "peserta.csv", [ROWS[6], blank_nik, ROWS[0]])
    engine, arrow = verdict(path, True), verdict(path, False)
    assert engine == arrow
    total, accepted, problems = engine
    assert total == 2 and [r["_row"] for r in accepted] == [4]
    assert (3, "required") in {(row, code) for row, _, code, _ in problems}


def test_it_falls_back_to_the_careful_reader_for_ragged_rows(store, tmp_path):
    path = write(tmp_path / "peserta.csv", [ROWS[0], ROWS[1][:5]])
    sheet = read_file(path, 10**8, 10**8, engine=True)
    assert sheet.con is None and sheet.table.num_rows == 2


def test_it_stages_the_snapshot_a_full_replacement_adopts(store, tmp_path):
    path = write(tmp_path / "peserta.csv", ROWS)
    batch = run_import(SYSTEM, "participants", path, period="2025-07")
    assert (batch.rows_accepted, batch.rows_rejected) == (3, 4)
    snapshot = Snapshot.objects.get(period=dt.date(2025, 7, 1))
    staged = pq.read_table(batch.staged_path)
    assert pq.read_table(snapshot.path).equals(staged)
    assert staged.column("participations").to_pylist() == [2, 1, 2]
    assert snapshot.rows == 3 and snapshot.active == 2
    assert batch.preview["added"] == 3
    again = run_import(SYSTEM, "participants", path, period="2025-07")
    assert again.status == "duplicate"


def test_it_merges_an_appended_file_with_the_period_already_there(store, tmp_path):
    run_import(SYSTEM, "participants", write(tmp_path / "a.csv", ROWS[:2]), period="2025-07")
    more = write(tmp_path / "b.csv", [ROWS[3]])
    batch = run_import(SYSTEM, "participants", more, period="2025-07", mode="append")
    assert batch.status == "applied" and batch.preview["changed"] + batch.preview["added"] >= 1
    snapshot = Snapshot.objects.filter(period=dt.date(2025, 7, 1)).order_by("-pk").first()
    table = pq.read_table(snapshot.path)
    assert table.num_rows == 3
    assert sorted(table.column("participations").to_pylist()) == [1, 2, 2]


def test_it_accepts_exactly_the_niks_nik_error_accepts_on_the_fast_path():
    """Every day 00-99 with every month 00-99, in leap and common years, with and without the
    rounded-away last four digits, each under a province prefix 00-99 in turn: the numeric
    check the import runs accepts exactly the NIKs NIK_ERROR's first branch accepts."""
    fields = itertools.product(range(100), range(100), (0, 1, 4, 23), ("0000", "0417"))
    niks = [
        f"{i % 100:02d}{i * 7919 % 10000:04d}{day:02d}{month:02d}{year:02d}{tail}"
        for i, (day, month, year, tail) in enumerate(fields)
    ]
    con = duckdb.connect()
    con.register("provinces", _nik_codes("provinces"))
    con.register("niks", pa.table({"nik": niks}))
    differ = con.execute(
        f"""SELECT nik FROM (SELECT nik, false AS _nik_numeric, CAST(nik AS UBIGINT) AS _nikn
                             FROM niks)
            WHERE (({NIK_ERROR}) IS NULL) <> coalesce({_fast_nik_ok()}, false) LIMIT 5"""
    ).fetchall()
    accepted = con.execute(
        f"SELECT count(*) FROM (SELECT nik, false AS _nik_numeric FROM niks)"
        f" WHERE ({NIK_ERROR}) IS NULL"
    ).fetchone()[0]
    assert len(niks) == 80_000 and differ == []
    assert 0 < accepted < len(niks)  # both answers occur: the comparison is not vacuous


def test_it_numbers_rows_as_excel_does_when_the_file_has_blank_lines(store, tmp_path):
    path = tmp_path / "peserta.csv"
    lines = [";".join(r) for r in [HEADER, ROWS[0], ROWS[3]]]
    path.write_text(f"{lines[0]}\n{lines[1]}\n\n{lines[2]}\n", encoding="utf-8")
    sheet = read_file(path, 10**8, 10**8, engine=True)
    assert sheet.con is None  # DuckDB would skip the empty line and misnumber the rows
    assert sheet.table.column("_row").to_pylist() == [2, 4]


def _strptime_date(text):
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"[ 0-9]{0,3}/[ 0-9]{0,3}/[0-9١٢]{1,5}", fullmatch=True))
def test_it_reads_a_day_month_year_date_as_strptime_does(text):
    assert _parse_date(text) == _strptime_date(text)


def test_it_reads_typed_workbook_cells_as_text_and_remembers_the_numbers(tmp_path):
    import xlsxwriter

    path = tmp_path / "peserta.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["NIK", "Nama", "Tanggal Daftar"])
    sheet.write_row(1, 0, ["3175011203900001", " Budi ", "01/02/2020"])
    sheet.write_number(2, 0, 3175011203900002)
    sheet.write_string(2, 1, "Ani")
    sheet.write_datetime(2, 2, dt.datetime(2021, 12, 31), book.add_format({"num_format": "d"}))
    book.close()
    read = read_file(path, 10**8, 10**8)
    assert read.table.column("c0").to_pylist() == ["3175011203900001", "3175011203900002"]
    assert read.table.column("c1").to_pylist() == ["Budi", "Ani"]
    assert read.table.column("c2").to_pylist() == ["01/02/2020", "2021-12-31"]
    assert read.numeric_cells == {(3, 0)}
