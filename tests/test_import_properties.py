"""Property tests: no row is ever lost, and the SQL NIK check agrees with the NIK parser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semesta.access import SYSTEM
from semesta.imports.checks import map_columns
from semesta.imports.kinds import PARTICIPANTS
from semesta.imports.participants import check_participants
from semesta.imports.reading import read_file
from semesta.nik import NikError, make_nik, nik_hash, parse_nik

GOOD = st.builds(
    lambda day, sex, serial: make_nik("31.75.01", day, sex, serial),
    st.dates(dt.date(1960, 1, 1), dt.date(2006, 12, 31)),
    st.sampled_from("MF"),
    st.integers(1, 9999),
)
BAD = st.one_of(
    st.text("0123456789", min_size=1, max_size=20),
    st.sampled_from(
        ["3.17501E+15", "31750112039000O1", "abc", "3175011203900000", "9975011203900001"]
    ),
)
ROW = st.tuples(
    st.one_of(GOOD, BAD),
    st.sampled_from(["PU", "BPU", "Jakon", "pmi", "XX", ""]),
    st.sampled_from(["AKTIF", "Tidak Aktif", "?"]),
    st.sampled_from(["Palmeriam", "31.75.01.1001", "Palmriam", "Gambir", ""]),
    st.sampled_from(["01/02/2020", "2021-12-31", "45000", "31/02/2020", "kemarin", ""]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROW, min_size=1, max_size=40))
def test_it_accounts_for_every_row_and_finds_accepted_ones_again(db, tmp_path, rows):
    path = tmp_path / "acak.csv"
    lines = ["NIK;Segmen;Status;Kelurahan;Tanggal Daftar", *(";".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sheet = read_file(path, 10**8, 10**8)
    checked = check_participants(
        sheet, map_columns(PARTICIPANTS, sheet.headers), SYSTEM, dt.date(2026, 1, 1)
    )
    data_rows = [r for r in rows if any(cell.strip() for cell in r)]
    assert checked.total == len(data_rows)
    assert checked.accepted.num_rows + len(checked.rejected_rows) == checked.total
    accepted = checked.accepted.to_pylist()
    for record in accepted:
        source = rows[record["_row"] - 2]
        assert record["nik"] == source[0].strip()
        parse_nik(record["nik"])  # an accepted NIK is a valid NIK


@settings(max_examples=300, deadline=None)
@given(st.one_of(GOOD, st.text("0123456789", min_size=16, max_size=16)))
def test_it_judges_niks_in_sql_exactly_as_the_parser_does(nik):
    import duckdb
    import pyarrow as pa

    from semesta.imports.participants import NIK_ERROR, _nik_codes

    con = duckdb.connect()
    con.register("provinces", _nik_codes("provinces"))
    con.register("raw", pa.table({"nik": [nik], "_nik_numeric": [False]}))
    verdict = con.execute(f"SELECT {NIK_ERROR} FROM raw").fetchall()[0][0]
    try:
        parse_nik(nik)
        parser_ok = True
    except NikError:
        parser_ok = False
    assert (verdict is None) == parser_ok, (nik, verdict)


def test_it_stores_only_hashes_of_the_niks_it_accepts(db, settings, tmp_path):
    from semesta.imports.services import run_import

    settings.SNAPSHOT_DIR, settings.IMPORT_DIR = tmp_path / "s", tmp_path / "i"
    source = Path(__file__).parent / "fixtures" / "peserta-cp1252.csv"
    batch = run_import(SYSTEM, "participants", source, period="2025-07")
    stored = pq.read_table(batch.staged_path)
    key = bytes.fromhex(django_settings.NIK_HASH_KEY)
    assert set(stored.column("nik_hash").to_pylist()) == {
        nik_hash("3175011203900001", key),
        nik_hash("3175015203900002", key),
    }
    assert "nik" not in stored.column_names
    assert b"3175011203900001" not in Path(batch.staged_path).read_bytes()


@settings(max_examples=200, deadline=None)
@given(nik=GOOD, key=st.binary(min_size=16, max_size=64))
def test_it_hashes_niks_in_duckdb_exactly_as_in_python(nik, key):
    import duckdb
    import pyarrow as pa

    from semesta.nik import NIK_HASH_SQL

    con = duckdb.connect()
    con.register("t", pa.table({"nik": [nik]}))
    sql = NIK_HASH_SQL.format(nik="nik")
    assert con.execute(f"SELECT {sql} FROM t", {"nik_key": key}).fetchall()[0][0] == nik_hash(
        nik, key
    )


PARTICIPATION = st.tuples(
    st.sampled_from([make_nik("31.75.01", dt.date(1990, 1, day), "M", day) for day in (1, 2, 3)]),
    st.sampled_from(["PU", "Penerima Upah", "BPU", "Jakon"]),
    st.sampled_from(["", "11000001", "11000002"]),
)
CANONICAL = {"Penerima Upah": "PU", "Jakon": "JAKON"}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(PARTICIPATION, min_size=1, max_size=30))
def test_it_accepts_each_participation_once_and_only_repeats_as_duplicates(db, tmp_path, rows):
    path = tmp_path / "partisipasi.csv"
    lines = [
        "NIK;Segmen;Status;NPP;Kelurahan;Tanggal Daftar",
        *(f"{nik};{segment};AKTIF;{npp};Palmeriam;01/02/2020" for nik, segment, npp in rows),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sheet = read_file(path, 10**8, 10**8)
    checked = check_participants(
        sheet, map_columns(PARTICIPANTS, sheet.headers), SYSTEM, dt.date(2026, 1, 1)
    )
    keys = [(nik, CANONICAL.get(segment, segment), npp or None) for nik, segment, npp in rows]
    first = {}
    for number, key in enumerate(keys, start=2):
        first.setdefault(key, number)
    accepted = checked.accepted.to_pylist()
    assert sorted(r["_row"] for r in accepted) == sorted(first.values())
    duplicates = {
        (p.row, p.fields["first_row"])
        for p in checked.problems
        if p.code == "participation_duplicate"
    }
    assert duplicates == {
        (number, first[key]) for number, key in enumerate(keys, start=2) if first[key] != number
    }
