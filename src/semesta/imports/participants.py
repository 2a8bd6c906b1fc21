"""Checking a monthly participant extract and turning it into a snapshot."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from importlib import resources

import pyarrow as pa
import pyarrow.compute as pc

from semesta.engine.store import connect
from semesta.imports import resolve
from semesta.imports.checks import Checked, Mapping, Problem, canonical_table
from semesta.imports.kinds import PARTICIPANTS
from semesta.imports.reading import Sheet
from semesta.nik import mask_nik
from semesta.regions.models import Level, Region
from semesta.scoping import covers, scope_roots

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

NIK_WARNING = """CASE
    WHEN e_nik IS NOT NULL THEN NULL
    WHEN substr(nik, 1, 2) <> '31' THEN 'nik_outside_dki'
    WHEN substr(nik, 1, 6) NOT IN (SELECT code FROM districts) THEN 'nik_unknown_kecamatan'
END"""


def _nik_codes(kind: str) -> pa.Table:
    name = {"provinces": "provinces.csv", "districts": "districts.csv"}[kind]
    text = resources.files("semesta.data").joinpath(f"wilayah/{name}").read_text("utf-8")
    return pa.table(
        {"code": [r["code"].replace(".", "") for r in csv.DictReader(io.StringIO(text))]}
    )


def _map_table(con, column: str, resolver, value_type: pa.DataType) -> None:
    """Resolve each distinct value of a column once; register ``map_<column>``."""
    distinct = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT {column} FROM raw WHERE {column} IS NOT NULL"
        ).fetchall()
    ]
    resolved = [resolver(value) for value in distinct]
    con.register(
        f"map_{column}",
        pa.table(
            {
                "raw": pa.array(distinct, pa.string()),
                "value": pa.array([r.value for r in resolved], value_type),
                "error": pa.array([r.error for r in resolved], pa.string()),
                "fields": pa.array(
                    [json.dumps(r.fields, default=str) if r.fields else None for r in resolved],
                    pa.string(),
                ),
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

    def resolve_pair(pair: str) -> resolve.Resolved:
        kelurahan, _, kecamatan = pair.partition("\x1f")
        within = None
        if has_kecamatan and kecamatan:
            found = index.resolve(kecamatan, "Kecamatan", {Level.KECAMATAN})
            within = found.value
        result = index.resolve(kelurahan, label, {Level.KELURAHAN}, within=within)
        if result.error is None and not covers(principal, result.value):
            return resolve.Resolved(
                error="out_of_scope", fields={"value": f"{kelurahan} ({result.value})"}
            )
        return result

    return resolve_pair, roots


def _prepared(sheet: Sheet, mapping: Mapping) -> pa.Table:
    """The canonical columns, plus whether Excel typed each NIK as a number, plus the
    kelurahan/kecamatan pair that region resolution works on."""
    table = canonical_table(sheet, mapping)
    for key in (c.key for c in PARTICIPANTS.columns):
        if key not in table.column_names:
            table = table.append_column(key, pa.nulls(table.num_rows, pa.string()))
    nik_col = mapping.index["nik"]
    numeric = pa.array(
        sorted(row for row, col in sheet.numeric_cells if col == nik_col), pa.int64()
    )
    table = table.append_column("_nik_numeric", pc.is_in(table.column("_row"), numeric))
    pair = pc.binary_join_element_wise(
        pc.fill_null(table.column("kelurahan"), ""),
        pc.fill_null(table.column("kecamatan"), ""),
        "\x1f",
    )
    return table.append_column(
        "kelpair", pc.if_else(pc.is_null(table.column("kelurahan")), None, pair)
    )


def check_participants(sheet: Sheet, mapping: Mapping, principal, today: dt.date) -> Checked:
    """Validate every row of an extract; accepted rows come back canonical, with their row."""
    table = _prepared(sheet, mapping)
    label = mapping.headers.get
    con = connect()
    try:
        con.register("raw", table)
        con.register("provinces", _nik_codes("provinces"))
        con.register("districts", _nik_codes("districts"))
        rw_codes = list(Region.objects.filter(level=Level.RW).values_list("code", flat=True))
        con.register("rw_codes", pa.table({"code": pa.array(rw_codes, pa.string())}))
        _map_table(con, "segment", resolve.choice(resolve.SEGMENTS, label("segment")), pa.string())
        _map_table(
            con,
            "status",
            resolve.choice(resolve.STATUSES, label("status"), resolve.STATUS_CHOICES),
            pa.string(),
        )
        _map_table(con, "rw", resolve.rw_number, pa.int16())
        _map_table(
            con, "registered_on", resolve.date_value(label("registered_on"), today), pa.date32()
        )
        _map_table(
            con,
            "paid_until",
            last_paid_month(label("paid_until") or "Iuran Terakhir", today),
            pa.date32(),
        )
        kel_resolver, roots = _kelurahan_resolver(
            principal, "kecamatan" in mapping.index, label("kelurahan")
        )
        _map_table(con, "kelpair", kel_resolver, pa.string())
        covers_root = any(r.count(".") == 0 for r in roots)
        return _run_checks(con, table.num_rows, mapping, covers_root)
    finally:
        con.close()


CHECKED_SQL = """
WITH joined AS (
    SELECT r._row, r.nik, r._nik_numeric, r.npp, r.sponsor,
        seg.value AS segment, seg.fields AS f_segment,
        CASE WHEN r.segment IS NULL THEN 'required' ELSE seg.error END AS e_segment,
        st.value AS status, st.fields AS f_status,
        CASE WHEN r.status IS NULL THEN 'required' ELSE st.error END AS e_status,
        kel.value AS kelurahan_code, kel.error AS e_kelurahan, kel.fields AS f_kelurahan,
        r.kelurahan IS NULL AS no_domicile,
        rw.value AS rw, rw.error AS e_rw, rw.fields AS f_rw,
        reg.value AS registered_on,
        CASE WHEN r.registered_on IS NULL THEN 'required' ELSE reg.error END AS e_registered_on,
        reg.fields AS f_registered_on,
        paid.value AS paid_until, paid.error AS e_paid_until, paid.fields AS f_paid_until
    FROM raw r
    LEFT JOIN map_segment seg ON seg.raw = r.segment
    LEFT JOIN map_status st ON st.raw = r.status
    LEFT JOIN map_kelpair kel ON kel.raw = r.kelpair
    LEFT JOIN map_rw rw ON rw.raw = r.rw
    LEFT JOIN map_registered_on reg ON reg.raw = r.registered_on
    LEFT JOIN map_paid_until paid ON paid.raw = r.paid_until
), niks AS (
    SELECT *, {nik_error} AS e_nik FROM joined
), repeated AS (  -- a hash aggregate: far cheaper than a window over millions of rows
    -- A row is one participation: the same NIK may come again in another segment or with
    -- another employer; only the same NIK, segment and NPP twice is a duplicate.
    SELECT nik AS repeated_nik, segment AS repeated_segment, npp AS repeated_npp,
           min(_row) AS first_row
    FROM joined GROUP BY ALL HAVING count(*) > 1
)
SELECT n.*,
    CASE WHEN e_nik IS NULL THEN d.first_row END AS first_row,
    {nik_warning} AS w_nik,
    CASE WHEN n.rw IS NOT NULL AND n.kelurahan_code IS NOT NULL AND c.code IS NULL
         THEN 'rw_unregistered' END AS w_rw
FROM niks n
LEFT JOIN repeated d ON d.repeated_nik = n.nik AND d.repeated_segment IS NOT DISTINCT FROM
    n.segment AND d.repeated_npp IS NOT DISTINCT FROM n.npp
LEFT JOIN rw_codes c ON c.code = n.kelurahan_code || '.' || lpad(CAST(n.rw AS VARCHAR), 3, '0')
"""

WARNING_EXAMPLES = 200


def _run_checks(con, total: int, mapping: Mapping, covers_root: bool) -> Checked:
    domicile = "'domicile_missing'" if covers_root else "'domicile_unplaced'"
    rejected = (
        "e_nik IS NOT NULL OR e_segment IS NOT NULL OR e_status IS NOT NULL"
        " OR e_kelurahan IS NOT NULL OR e_rw IS NOT NULL OR e_registered_on IS NOT NULL"
        " OR e_paid_until IS NOT NULL"
        f" OR first_row <> _row OR (no_domicile AND {domicile} = 'domicile_unplaced')"
    )
    checks = CHECKED_SQL.format(nik_error=NIK_ERROR, nik_warning=NIK_WARNING)
    con.execute(
        f"CREATE TABLE checked AS SELECT *, coalesce({rejected}, false) AS rejected FROM ({checks})"
    ).fetchall()
    accepted = con.sql(
        "SELECT _row, nik, segment, status, npp, kelurahan_code, rw, sponsor, registered_on,"
        " paid_until FROM checked WHERE NOT rejected"
    ).to_arrow_table()
    warned_sql = "NOT rejected AND (w_nik IS NOT NULL OR w_rw IS NOT NULL OR no_domicile)"
    columns = """_row, nik, e_nik, e_segment, f_segment, e_status, f_status, e_kelurahan,
        f_kelurahan, e_rw, f_rw, e_registered_on, f_registered_on, e_paid_until, f_paid_until,
        first_row, w_nik, w_rw, no_domicile, rw, segment, npp"""
    # Every rejected row's reasons (the error report needs them); warnings only as examples.
    rows = con.execute(
        f"SELECT {columns} FROM checked WHERE rejected "
        f"UNION ALL (SELECT {columns} FROM checked WHERE {warned_sql} ORDER BY _row LIMIT ?) "
        "ORDER BY _row",
        [WARNING_EXAMPLES],
    ).fetchall()
    warned = con.execute(f"SELECT count(*) FROM checked WHERE {warned_sql}").fetchall()[0][0]
    problems = _problems(rows, mapping, domicile.strip("'"))
    return Checked(total, accepted, problems, warned=warned)


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
