"""Checking a monthly participant extract and turning it into a snapshot, in the engine.

No Python loop runs over the extract's rows. DuckDB holds the cells (read there directly for a
plain CSV, see ``reading.py``); closed lists, regions and dates are resolved once per distinct
value in Python (``resolve.py``, with helpful messages and suggestions) and joined back; NIKs
are checked in SQL and repeated participations found with one hash aggregate. The checked rows
stay in the engine: the accepted ones are written from there, NIKs already replaced by keyed
hashes, straight into the staged snapshot file (``ParticipantRows.stage``). Only the rejected
rows, and up to ``WARNING_EXAMPLES`` rows with warnings, come back to Python for their messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from semesta.access import covers, scope_roots
from semesta.engine.store import connect, copy_snapshot
from semesta.imports import resolve
from semesta.imports.checks import Checked, Mapping, Problem
from semesta.imports.kinds import PARTICIPANTS
from semesta.imports.reading import Sheet
from semesta.nik import NIK_HASH_SQL, mask_nik
from semesta.regions.models import Level, Region

WARNING_EXAMPLES = 200
SAMPLE_NIKS = 200  # accepted NIKs the preview may show, masked

# Whitespace a cell may carry around its value (pyarrow's utf8_trim_whitespace trims these in
# the other readers), and a cell that carries none of it (nor NUL): most cells, left as they are.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
_SPACES += "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_TIDY_RE = r"[^\s\pZ\x00\x0b\x1c-\x1f\x85](?:[^\x00]*[^\s\pZ\x00\x0b\x1c-\x1f\x85])?"


def _clean_sql(cell: str) -> str:
    """A cell trimmed, NULs removed, blank as NULL; computed only for cells that need it."""
    return (
        f"CASE WHEN regexp_full_match({cell}, '{_TIDY_RE}') THEN {cell} "
        f"ELSE nullif(trim(replace({cell}, chr(0), ''), '{_SPACES}'), '') END"
    )


def _clean(raw: str | None) -> str | None:
    """The same in Python, for distinct values."""
    if raw is None:
        return None
    return raw.replace("\x00", "").strip(_SPACES) or None


_NIK_DAY = """CAST(substr(nik, 7, 2) AS INTEGER)"""
_NIK_MONTH = """CAST(substr(nik, 9, 2) AS INTEGER)"""
_NIK_DATE_OK = f"""(
        ({_NIK_DAY} BETWEEN 1 AND 31 OR {_NIK_DAY} BETWEEN 41 AND 71)
        AND ({_NIK_DAY} % 40) <= CASE {_NIK_MONTH}
            WHEN 2 THEN CASE WHEN CAST(substr(nik, 11, 2) AS INTEGER) % 4 = 0 THEN 29 ELSE 28 END
            WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END
    )"""
# The first branch passes the (usual) valid NIK with one pattern match; only the others are
# examined for the exact reason, so a clean extract costs one regular expression per row.
NIK_ERROR = f"""CASE
    WHEN NOT _nik_numeric AND regexp_full_match(nik, '[0-9]{{16}}')
        AND substr(nik, 1, 2) IN (SELECT code FROM provinces)
        AND {_NIK_MONTH} BETWEEN 1 AND 12 AND {_NIK_DATE_OK}
        AND substr(nik, 13, 4) <> '0000' THEN NULL
    WHEN nik IS NULL THEN 'required'
    WHEN _nik_numeric AND regexp_full_match(nik, '[0-9]{{16}}') THEN 'nik_excel_number'
    WHEN regexp_full_match(nik, '[0-9]+([.,][0-9]+)?[eE][+]?[0-9]+') THEN 'nik_scientific'
    WHEN NOT regexp_full_match(nik, '[0-9]+') THEN 'nik_not_digits'
    WHEN length(nik) <> 16 THEN 'nik_length'
    WHEN substr(nik, 1, 2) NOT IN (SELECT code FROM provinces) THEN 'nik_province'
    WHEN {_NIK_MONTH} NOT BETWEEN 1 AND 12 THEN 'nik_month'
    WHEN NOT {_NIK_DATE_OK} THEN 'nik_day'
    WHEN substr(nik, 13, 4) = '0000' THEN 'nik_excel_rounded'
END"""


def _nik_error_sql() -> str:
    """NIK_ERROR as the import runs it over millions of rows: its first branch, the one nearly
    every row takes, on the NIK as a number (``_nikn``, cast once) with integer arithmetic
    instead of five substrings cast one by one; it accepts exactly the NIKs the first branch
    of NIK_ERROR accepts (tests/test_pipeline.py holds the two together)."""
    _first, rest = NIK_ERROR.split("THEN NULL", 1)
    # The province codes written out: a subquery would be joined with every row, though only
    # the rows with a bad NIK reach it.
    codes = ", ".join(f"'{c}'" for c in _nik_codes("provinces").column("code").to_pylist())
    rest = rest.replace("(SELECT code FROM provinces)", f"({codes})")
    return f"CASE WHEN NOT _nik_numeric AND _nik16 AND {_fast_nik_ok()} THEN NULL" + rest


def _fast_nik_ok(n: str = "_nikn") -> str:
    provinces = ", ".join(str(int(p)) for p in _nik_codes("provinces").column("code").to_pylist())
    day, month, year = (
        f"(({n} // 100000000) % 100)",
        f"(({n} // 1000000) % 100)",
        f"(({n} // 10000) % 100)",
    )
    return f"""({n} // 100000000000000) IN ({provinces})
        AND {month} BETWEEN 1 AND 12
        AND ({day} BETWEEN 1 AND 31 OR {day} BETWEEN 41 AND 71)
        AND {day} % 40 <= CASE {month}
            WHEN 2 THEN CASE WHEN {year} % 4 = 0 THEN 29 ELSE 28 END
            WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END
        AND {n} % 10000 <> 0"""


# The same warnings on the number, for the checked rows (all with a valid NIK).
FAST_NIK_WARNING = """CASE
    WHEN e_nik IS NOT NULL THEN NULL
    WHEN _nikn // 100000000000000 <> 31 THEN 'nik_outside_dki'
    WHEN _nikn // 10000000000 NOT IN (SELECT CAST(code AS UBIGINT) FROM districts)
        THEN 'nik_unknown_kecamatan'
END"""


NIK_WARNING = """CASE
    WHEN e_nik IS NOT NULL THEN NULL
    WHEN substr(nik, 1, 2) <> '31' THEN 'nik_outside_dki'
    WHEN substr(nik, 1, 6) NOT IN (SELECT code FROM districts) THEN 'nik_unknown_kecamatan'
END"""

# Each row's values and the error code of each column. ``{fields}`` adds the message fields of
# the resolved columns: only for the rows whose problems are reported.
JOINED_SQL = """
SELECT r._row, r._nik_numeric, r.nik, {npp} AS npp, {sponsor} AS sponsor,
    CASE WHEN r._nik16 THEN true ELSE regexp_full_match(r.nik, '[0-9]{{16}}') END AS _nik16,
    seg.value AS segment,
    CASE WHEN r.segment IS NULL THEN 'required' ELSE seg.error END AS e_segment,
    st.value AS status,
    CASE WHEN r.status IS NULL THEN 'required' ELSE st.error END AS e_status,
    kel.value AS kelurahan_code, kel.error AS e_kelurahan,
    (r.kelpair IS NULL OR kel.blank) AS no_domicile,
    rw.value AS rw, rw.error AS e_rw,
    reg.value AS registered_on,
    CASE WHEN r.registered_on IS NULL THEN 'required' ELSE reg.error END AS e_registered_on,
    paid.value AS paid_until, paid.error AS e_paid_until
    {fields}
FROM (
    SELECT * REPLACE (CASE WHEN _nik16 THEN nik ELSE {clean_nik} END AS nik)
    FROM (SELECT *, regexp_full_match(nik, '[0-9]{{16}}') AS _nik16 FROM {source})
) r
LEFT JOIN map_segment seg ON seg.raw = r.segment
LEFT JOIN map_status st ON st.raw = r.status
LEFT JOIN map_kelpair kel ON kel.raw = r.kelpair
LEFT JOIN map_rw rw ON rw.raw = r.rw
LEFT JOIN map_registered_on reg ON reg.raw = r.registered_on
LEFT JOIN map_paid_until paid ON paid.raw = r.paid_until
"""
FIELDS = """, seg.fields AS f_segment, st.fields AS f_status, kel.fields AS f_kelurahan,
    rw.fields AS f_rw, reg.fields AS f_registered_on, paid.fields AS f_paid_until"""
MAPPED = ("segment", "status", "kelpair", "rw", "registered_on", "paid_until")

# One row per row of the file: the values, whether the row is rejected and whether it has a
# warning. Everything else is recomputed for the few rows reported (DIAGNOSED_SQL). A valid
# NIK is kept as a number (``nik_number``; NULL for any other): eight bytes to store, group and
# join on instead of sixteen characters. No valid NIK starts with 0 (no province code does), so
# ``NIK_TEXT`` gives it back exactly.
CHECKED_SQL = """
CREATE TABLE checked AS
WITH numbered AS (
    SELECT *, CASE WHEN _nik16 THEN CAST(nik AS UBIGINT) END AS _nikn FROM ({joined})
),
niks AS (SELECT *, {fast_nik_error} AS e_nik FROM numbered),
judged AS (
    SELECT n.*, coalesce({rejected}, false) AS rejected, {fast_nik_warning} AS w_nik,
        n.rw IS NOT NULL AND n.kelurahan_code IS NOT NULL AND c.rw IS NULL AS w_rw
    FROM niks n
    LEFT JOIN rw_codes c ON c.kelurahan = n.kelurahan_code AND c.rw = n.rw
)
SELECT _row, CASE WHEN e_nik IS NULL THEN _nikn END AS nik_number, segment, status, npp,
    kelurahan_code, rw, sponsor, registered_on, paid_until, NULL::BIGINT AS first_row, rejected,
    NOT rejected AND (w_nik IS NOT NULL OR w_rw OR no_domicile) AS warned
FROM judged
"""

# A row is one participation: the same NIK may come again in another segment or with another
# employer; only the same NIK, segment and NPP twice is a duplicate, and every repeat after
# the first row is rejected naming it. One hash aggregate finds the NIKs with several rows
# (``several``: also what staging counts participations over); the exact repeats are then
# found among those rows only.
SEVERAL_SQL = """
CREATE OR REPLACE TEMP TABLE several AS
SELECT nik_number FROM checked WHERE nik_number IS NOT NULL GROUP BY ALL HAVING count(*) > 1
"""
REPEATED_SQL = """
UPDATE checked SET first_row = d.first_row, rejected = true, warned = false
FROM (
    SELECT _row, min(_row) OVER (PARTITION BY nik_number, segment, npp) AS first_row
    FROM checked WHERE nik_number IN (SELECT nik_number FROM several)
) d
WHERE checked._row = d._row AND d.first_row <> d._row
"""

DIAGNOSED_SQL = """
WITH picked AS (
    SELECT _row, first_row FROM checked WHERE rejected
    UNION ALL (SELECT _row, first_row FROM checked WHERE warned ORDER BY _row LIMIT {examples})
),
joined AS ({joined}),
niks AS (SELECT *, {nik_error} AS e_nik FROM joined)
SELECT n._row, n.nik, e_nik, e_segment, f_segment, e_status, f_status, e_kelurahan,
    f_kelurahan, e_rw, f_rw, e_registered_on, f_registered_on, e_paid_until, f_paid_until,
    p.first_row, {nik_warning} AS w_nik,
    CASE WHEN n.rw IS NOT NULL AND n.kelurahan_code IS NOT NULL AND c.rw IS NULL
         THEN 'rw_unregistered' END AS w_rw,
    no_domicile, n.rw, segment, npp
FROM niks n JOIN picked p USING (_row)
LEFT JOIN rw_codes c ON c.kelurahan = n.kelurahan_code AND c.rw = n.rw
ORDER BY n._row
"""

# What a batch's content digest is made of: the same accepted rows, the same digest.
NIK_TEXT = "CAST(nik_number AS VARCHAR)"
DIGESTED = (
    f"{NIK_TEXT}, segment, status, npp, kelurahan_code, rw, sponsor, registered_on, paid_until"
)

ACCEPTED_SQL = f"""SELECT _row, {NIK_TEXT} AS nik, segment, status, npp, kelurahan_code, rw,
    sponsor, registered_on, paid_until FROM checked WHERE NOT rejected"""


def _nik_codes(kind: str) -> pa.Table:
    name = {"provinces": "provinces.csv", "districts": "districts.csv"}[kind]
    text = resources.files("semesta.data").joinpath(f"wilayah/{name}").read_text("utf-8")
    return pa.table(
        {"code": [r["code"].replace(".", "") for r in csv.DictReader(io.StringIO(text))]}
    )


def _resolving(resolver, required: bool):
    """A resolver for raw cells: trimmed first; a blank cell is missing (an error if required)."""

    def resolve_cell(raw: str) -> tuple[resolve.Resolved, bool]:
        text = _clean(raw)
        if text is None:
            return resolve.Resolved(error="required" if required else None), True
        return resolver(text), False

    return resolve_cell


def _map_table(con, column: str, values: list, resolver, value_type: pa.DataType) -> None:
    """Register ``map_<column>``: each distinct raw value, resolved once."""
    resolved = [resolver(value) for value in values]
    con.register(
        f"map_{column}",
        pa.table(
            {
                "raw": pa.array(values, pa.string()),
                "value": pa.array([r.value for r, _ in resolved], value_type),
                "error": pa.array([r.error for r, _ in resolved], pa.string()),
                "fields": pa.array(
                    [json.dumps(r.fields, default=str) if r.fields else None for r, _ in resolved],
                    pa.string(),
                ),
                "blank": pa.array([blank for _, blank in resolved], pa.bool_()),
            }
        ),
    )


_MONTH_FORMATS = (
    re.compile(r"(?P<month>\d{1,2})[/.-](?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})[/.-](?P<month>\d{1,2})"),
)


def last_paid_month(label: str, today: dt.date):
    """The last paid contribution month (``06/2025``, ``2025-06``; its last day is stored) or
    the end date of the last paid period (any date the import accepts). Up to two months
    ahead are allowed: BPU participants may pay in advance."""
    as_date = resolve.date_value(label, today + dt.timedelta(days=62))

    def resolve_month(raw: str) -> resolve.Resolved:
        text = raw.strip()
        for pattern in _MONTH_FORMATS:
            found = pattern.fullmatch(text)
            if found and 1 <= int(found["month"]) <= 12:
                year, month = int(found["year"]), int(found["month"])
                following = dt.date(year + month // 12, month % 12 + 1, 1)
                return as_date((following - dt.timedelta(days=1)).isoformat())
        return as_date(raw)

    return resolve_month


def _kelurahan_resolver(principal, has_kecamatan: bool, label: str):
    regions = list(
        Region.objects.filter(level__in=[Level.KECAMATAN, Level.KELURAHAN]).values_list(
            "code", "name", "level", "parent_id"
        )
    )
    index = resolve.RegionIndex(regions)
    roots = scope_roots(principal)

    def resolve_pair(pair: str) -> tuple[resolve.Resolved, bool]:
        kelurahan, _, kecamatan = pair.partition("\x1f")
        kelurahan, kecamatan = _clean(kelurahan), _clean(kecamatan)
        if kelurahan is None:
            return resolve.Resolved(), True  # no domicile: see _run_checks
        within = None
        if has_kecamatan and kecamatan:
            found = index.resolve(kecamatan, "Kecamatan", {Level.KECAMATAN})
            within = found.value
        result = index.resolve(kelurahan, label, {Level.KELURAHAN}, within=within)
        if result.error is None and not covers(principal, result.value):
            return resolve.Resolved(
                error="out_of_scope", fields={"value": f"{kelurahan} ({result.value})"}
            ), False
        return result, False

    return resolve_pair, roots


def _engine(sheet: Sheet) -> duckdb.DuckDBPyConnection:
    """The connection holding the sheet's cells as ``sheet_cells``."""
    if sheet.con is not None:
        return sheet.con
    con = connect()
    con.register("sheet_cells", sheet.table)  # the Arrow table itself, not a copy
    sheet.con = con  # released with the sheet (Sheet.close)
    return con


def _raw_view(con, sheet: Sheet, mapping: Mapping) -> str:
    """``raw``: the kind's columns by key (NULL where the file lacks one), whether Excel typed
    the NIK as a number, and the kelurahan/kecamatan pair that region resolution works on.
    Returns the same for the rows listed in the table ``picked`` only (the rows reported)."""
    cells = {key: f"c{i}" for key, i in mapping.index.items()}
    parts = [cells.get(c.key, "NULL::VARCHAR") + f" AS {c.key}" for c in PARTICIPANTS.columns]
    nik_col = mapping.index["nik"]
    numeric = sorted(row for row, col in sheet.numeric_cells if col == nik_col)
    con.register("nik_numeric_rows", pa.table({"_row": pa.array(numeric, pa.int64())}))
    is_numeric = (
        "_row IN (SELECT _row FROM nik_numeric_rows)" if numeric else "false"
    ) + " AS _nik_numeric"
    kel, kec = cells["kelurahan"], cells.get("kecamatan")
    pair = f"CASE WHEN {kel} IS NOT NULL THEN {kel} || chr(31) || coalesce({kec}, '') END"
    columns = f"_row, {', '.join(parts)}, {is_numeric}, {pair if kec else kel} AS kelpair"
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {columns} FROM sheet_cells").fetchall()
    return f"(SELECT {columns} FROM ({sheet.rows_sql('picked')}))"


def check_participants(sheet: Sheet, mapping: Mapping, principal, today: dt.date) -> Checked:
    """Validate every row of an extract; the accepted rows stay in the engine (see module)."""
    con = _engine(sheet)
    picked = _raw_view(con, sheet, mapping)
    label = mapping.headers.get
    con.register("provinces", _nik_codes("provinces"))
    con.register("districts", _nik_codes("districts"))
    rw_codes = Region.objects.filter(level=Level.RW).values_list("code", flat=True)
    pairs = [code.rsplit(".", 1) for code in rw_codes]
    con.register(
        "rw_codes",
        pa.table(
            {
                "kelurahan": pa.array([p[0] for p in pairs], pa.string()),
                "rw": pa.array([int(p[1]) for p in pairs], pa.int16()),
            }
        ),
    )
    distinct = con.execute(
        "SELECT "
        + ", ".join(f"list(DISTINCT {c}) FILTER (WHERE {c} IS NOT NULL)" for c in MAPPED)
        + " FROM raw"
    ).fetchall()[0]
    values = {c: v or [] for c, v in zip(MAPPED, distinct, strict=True)}
    kel_resolver, roots = _kelurahan_resolver(
        principal, "kecamatan" in mapping.index, label("kelurahan")
    )
    resolvers = {
        "segment": (_resolving(resolve.choice(resolve.SEGMENTS, label("segment")), True), "str"),
        "status": (
            _resolving(
                resolve.choice(resolve.STATUSES, label("status"), resolve.STATUS_CHOICES), True
            ),
            "str",
        ),
        "kelpair": (kel_resolver, "str"),
        "rw": (_resolving(resolve.rw_number, False), "int16"),
        "registered_on": (
            _resolving(resolve.date_value(label("registered_on"), today), True),
            "date",
        ),
        "paid_until": (
            _resolving(last_paid_month(label("paid_until") or "Iuran Terakhir", today), False),
            "date",
        ),
    }
    types = {"str": pa.string(), "int16": pa.int16(), "date": pa.date32()}
    for column, (resolver, kind) in resolvers.items():
        _map_table(con, column, values[column], resolver, types[kind])
    covers_root = any(r.count(".") == 0 for r in roots)
    return _run_checks(con, mapping, covers_root, picked)


def _sql(template: str, source: str, fields: str = "", **extra) -> str:
    joined = JOINED_SQL.format(
        source=source,
        fields=fields,
        npp=_clean_sql("r.npp"),
        sponsor=_clean_sql("r.sponsor"),
        clean_nik=_clean_sql("nik"),
    )
    return template.format(
        joined=joined,
        nik_error=NIK_ERROR,
        nik_warning=NIK_WARNING,
        fast_nik_error=_nik_error_sql(),
        fast_nik_warning=FAST_NIK_WARNING,
        **extra,
    )


def _run_checks(con, mapping: Mapping, covers_root: bool, picked: str) -> Checked:
    domicile = "'domicile_missing'" if covers_root else "'domicile_unplaced'"
    rejected = (
        "e_nik IS NOT NULL OR e_segment IS NOT NULL OR e_status IS NOT NULL"
        " OR e_kelurahan IS NOT NULL OR e_rw IS NOT NULL OR e_registered_on IS NOT NULL"
        " OR e_paid_until IS NOT NULL"
        f" OR (no_domicile AND {domicile} = 'domicile_unplaced')"
    )
    con.execute("DROP TABLE IF EXISTS checked").fetchall()
    con.execute(_sql(CHECKED_SQL, "raw", rejected=rejected)).fetchall()
    con.execute(SEVERAL_SQL).fetchall()
    con.execute(REPEATED_SQL).fetchall()
    total, accepted, warned, mixed = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT rejected), count(*) FILTER (WHERE warned),"
        f" bit_xor(hash({DIGESTED})) FILTER (WHERE NOT rejected) FROM checked"
    ).fetchall()[0]
    rows = con.execute(_sql(DIAGNOSED_SQL, picked, FIELDS, examples=WARNING_EXAMPLES)).fetchall()
    problems = _problems(rows, mapping, domicile.strip("'"))
    return ParticipantRows(total, problems, warned, con, accepted, f"{accepted}:{mixed or 0:016x}")


class ParticipantRows(Checked):
    """Checked participant rows, the accepted ones still in the engine (table ``checked``).

    ``accepted`` (an Arrow table, as other kinds give) is built only when asked for; imports
    write the staged snapshot straight from the engine with ``stage``."""

    def __init__(
        self, total: int, problems: list[Problem], warned: int, con, accepted: int, digest: str
    ):
        self.total, self.problems, self.warned = total, problems, warned
        self.con, self.count, self.digest = con, accepted, digest
        self._accepted: pa.Table | None = None

    @property
    def accepted(self) -> pa.Table:  # type: ignore[override]
        if self._accepted is None:
            self._accepted = self.con.sql(f"{ACCEPTED_SQL} ORDER BY _row").to_arrow_table()
        return self._accepted

    @property
    def accepted_count(self) -> int:
        return self.count

    def first_niks(self, count: int) -> list[str]:
        found = self.con.execute(f"{ACCEPTED_SQL} ORDER BY _row LIMIT ?", [count]).fetchall()
        return [row[1] for row in found]

    def stage(
        self, path: Path, period: str, nik_key: bytes, scope_province: str | None = None
    ) -> StagedSnapshot:
        """Write the accepted rows as a snapshot file of ``period`` (NIKs as keyed hashes,
        statuses under the rule of each segment, participations counted): what applying the
        batch adopts as is when it replaces the whole period (``apply.apply_participants``).

        Each row carries the province its data came in (``province``): its kelurahan's, or for
        a row without a domicile the province of the import's scope (``scope_province``), or,
        for an import over several provinces, the province of the NIK (its first two digits,
        a Kemendagri code the checks already found). The engine counts such a participant
        there, as "domisili tidak diketahui"."""
        # The file's cells (reported already): their memory is the snapshot writer's now.
        self.con.execute("DROP TABLE IF EXISTS sheet_records").fetchall()
        rows_sql = f"""SELECT nik_number, {NIK_HASH_SQL.format(nik=NIK_TEXT)} AS nik_hash,
            segment, status, npp AS employer_npp, kelurahan_code, rw, sponsor AS sponsor_code,
            registered_on, paid_until, coalesce(split_part(kelurahan_code, '.', 1),
                $scope_province, CAST(nik_number // 100000000000000 AS VARCHAR)) AS province
            FROM checked WHERE NOT rejected"""
        rows, active, sha256 = copy_snapshot(
            self.con,
            period,
            rows_sql,
            path,
            person="nik_number",
            params={"nik_key": nik_key, "scope_province": scope_province},
            several="several",
        )
        staged = StagedSnapshot(period, rows, active, sha256, self.digest)
        staged.save(path)
        return staged


@dataclass(frozen=True)
class StagedSnapshot:
    """What staging wrote, beside the staged file (``<file>.json``)."""

    period: str
    rows: int
    active: int
    sha256: str
    digest: str

    def save(self, path: Path) -> None:
        path.with_suffix(".json").write_text(json.dumps(self.__dict__))

    @classmethod
    def load(cls, path: Path) -> StagedSnapshot | None:
        meta = Path(path).with_suffix(".json")
        if not meta.exists():
            return None
        return cls(**json.loads(meta.read_text()))


def _problems(rows, mapping: Mapping, domicile_code: str) -> list[Problem]:
    header = mapping.headers
    found = []
    for (
        row,
        nik,
        e_nik,
        e_seg,
        f_seg,
        e_st,
        f_st,
        e_kel,
        f_kel,
        e_rw,
        f_rw,
        e_reg,
        f_reg,
        e_paid,
        f_paid,
        first_row,
        w_nik,
        w_rw,
        no_domicile,
        rw,
        segment,
        npp,
    ) in rows:
        if e_nik:
            birth = e_nik in ("nik_month", "nik_day")
            fields = {
                "column": header["nik"],
                "value": nik if e_nik == "nik_scientific" else mask_nik(nik or ""),
                "length": len(nik or ""),
                "code": (nik or "")[6:12] if birth else (nik or "")[:2],
            }
            found.append(Problem(row, header["nik"], e_nik, fields))
        elif first_row is not None and first_row != row:
            found.append(
                Problem(
                    row,
                    header["nik"],
                    "participation_duplicate",
                    {"row": row, "first_row": first_row, "segment": segment, "npp": npp or "–"},
                )
            )
        for key, code, fields in (
            ("segment", e_seg, f_seg),
            ("status", e_st, f_st),
            ("kelurahan", e_kel, f_kel),
            ("rw", e_rw, f_rw),
            ("registered_on", e_reg, f_reg),
            ("paid_until", e_paid, f_paid),
        ):
            if code:
                data = json.loads(fields) if fields else {}
                data.setdefault("column", header.get(key, key))
                found.append(Problem(row, header.get(key), code, data))
        if no_domicile:
            found.append(Problem(row, header["kelurahan"], domicile_code, {"value": "–"}))
        if w_nik:
            found.append(Problem(row, header["nik"], w_nik, {"code": (nik or "")[:6]}))
        if w_rw:
            found.append(Problem(row, header.get("rw"), w_rw, {"value": f"{rw:03d}"}))
    return found
