"""Coverage (UCJ) per region, segment and month from participant snapshots.

``UCJ % = active participants whose domicile is in the region / working residents × 100``.
A snapshot row is a participation (NIK × segment × employer); coverage counts people (distinct
NIK hashes): once overall, and once in each segment they hold, so segment figures may add up
to more than the total. Participants whose kelurahan or RW is missing or unknown are counted in
an explicit bucket (``<parent>.X``) under the lowest region that is known, never dropped; one
whose kelurahan is unknown, in the bucket of the province their data came in (the snapshot's
``province`` column), else of the province their kelurahan code names.

The months are read and counted per domicile here; the facts are made from those counts by
the SQL plan both engines share (``semesta.engine.rollup``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from semesta import periods
from semesta.engine import rollup
from semesta.engine.rollup import ALL, UNKNOWN, UNKNOWN_LEVEL
from semesta.engine.store import ACTIVE, PARTICIPATIONS, PROVINCE, SEGMENTS

__all__ = ["ALL", "UNKNOWN", "UNKNOWN_LEVEL", "Fact", "RegionRow", "TargetRow", "WorkforceRow"]
# Which workforce figure is the denominator of each segment; Jakon and PMI have none.
DENOMINATOR = {ALL: "total", "PU": "formal", "BPU": "informal"}


@dataclass(frozen=True)
class RegionRow:
    code: str
    parent: str | None
    level: str


@dataclass(frozen=True)
class WorkforceRow:
    code: str
    period: str  # first month in force, YYYY-MM
    kind: str  # total | formal | informal
    value: int


@dataclass(frozen=True)
class TargetRow:
    code: str
    kind: str  # pct | count
    value: Decimal
    deadline: date


@dataclass(slots=True)  # a national month makes ~880,000 of them: slots build them faster
class Fact:
    period: str
    region_code: str
    parent_code: str
    level: str
    segment: str
    registered: int
    active: int
    lapsed: int = 0
    workforce: int | None = None
    coverage_pct: Decimal | None = None
    target_count: int | None = None
    gap: int | None = None


def compute(
    con: duckdb.DuckDBPyConnection,
    snapshots: dict[str, Path],
    regions: list[RegionRow],
    workforce: list[WorkforceRow],
    targets: list[TargetRow],
    previous: dict[str, Path] | None = None,
) -> list[Fact]:
    """Coverage facts for every region (down to RW) × segment × month of the given snapshots.

    ``previous`` holds earlier months' snapshots that lapses may be measured against (a month's
    lapses are the participants active the month before and not active now).
    """
    if not snapshots:
        return []
    tree = _Tree(regions)
    inputs = plan_inputs(tree, sorted(snapshots), workforce, targets)
    return to_facts(_facts(con, snapshots, {**(previous or {}), **snapshots}, tree, inputs))


class _Tree:
    def __init__(self, regions: list[RegionRow]) -> None:
        self.by_code = {r.code: r for r in regions}
        self.children: dict[str, list[str]] = defaultdict(list)
        for r in regions:
            if r.parent is not None:
                self.children[r.parent].append(r.code)
        self.roots = [r.code for r in regions if r.parent is None]

    def ancestors_and_self(self, code: str) -> list[str]:
        chain = []
        step: str | None = code
        while step is not None:
            chain.append(step)
            step = self.by_code[step].parent
        return chain

    def depth(self) -> int:
        """The most regions on a path from a province down (1 for provinces alone)."""
        levels = {code: 1 for code in self.roots}
        frontier = list(self.roots)
        while frontier:
            below = [child for code in frontier for child in self.children.get(code, ())]
            for child in below:
                levels[child] = levels[self.by_code[child].parent or child] + 1
            frontier = below
        return max(levels.values(), default=1)

    def fallback(self) -> str:
        """The province that takes participants of unknown domicile when nothing says which
        province their data came in: the only one in use (several only with old snapshots)."""
        return self.roots[0] if self.roots else ""

    def bottom_up(self, codes: set[str] | None = None) -> list[str]:
        """Codes (default: every region) deepest first."""
        chosen = self.by_code if codes is None else codes
        return sorted(chosen, key=lambda c: -c.count("."))


# A person's participations folded into one integer: bit i = holds segment i, bit i + 4 = holds
# an active participation in it.
_SEGMENT_BIT = {segment: 1 << i for i, segment in enumerate(SEGMENTS)}
_ACTIVE_BITS = sum(bit << 4 for bit in _SEGMENT_BIT.values())
_PRIMARY = " ".join(f"WHEN '{s}' THEN {len(SEGMENTS) - i}" for i, s in enumerate(SEGMENTS))
_HOME_KEY = f"""(
    (CAST(kelurahan_code IS NOT NULL AS BIGINT) << 62)
    | (CAST(greatest(0, least(131071, coalesce(registered_on, DATE '1900-01-01')
                                       - DATE '1900-01-01')) AS BIGINT) << 45)
    | (CAST(CASE segment {_PRIMARY} ELSE 0 END AS BIGINT) << 42)
    | CAST(hash(kelurahan_code, rw) & {(1 << 42) - 1} AS BIGINT))"""


@dataclass(frozen=True)
class _Month:
    path: Path
    counted: bool  # the store wrote each NIK's number of participations beside its rows
    provinced: bool  # the store wrote the province each row's data came in


def _month(con: duckdb.DuckDBPyConnection, path: Path) -> _Month:
    names = con.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{path}', hive_partitioning = false)"
    ).fetchall()
    columns = {row[0] for row in names}
    return _Month(path, PARTICIPATIONS in columns, PROVINCE in columns)


def _file(month: _Month) -> str:
    return f"read_parquet('{month.path}', hive_partitioning = false)"


def _rows(month: _Month, source: str | None = None) -> str:
    """A month's participations (``source``: some of its file's rows, default all) with their
    segment bits, the key that picks a home and whether the row is its person's only one (NULL
    when the snapshot does not say).

    ``province`` is kept only where the domicile is unknown: it is where such a person is
    counted (the province whose data they came in, when the snapshot says)."""
    bit = " ".join(f"WHEN '{s}' THEN {b}" for s, b in _SEGMENT_BIT.items())
    single = f"{PARTICIPATIONS} = 1" if month.counted else "NULL::BOOLEAN"
    province = (
        f"CASE WHEN kelurahan_code IS NULL THEN {PROVINCE} END" if month.provinced else "NULL"
    )
    return f"""(SELECT nik_hash, segment, kelurahan_code, rw,
        CAST({province} AS VARCHAR) AS province, status = '{ACTIVE}' AS active,
        CASE segment {bit} ELSE 0 END * CASE WHEN status = '{ACTIVE}' THEN 17 ELSE 1 END AS bits,
        {_HOME_KEY} AS home_key, {single} AS single
        FROM {source or _file(month)})"""


def _load_multi(con: duckdb.DuckDBPyConnection, name: str, month: _Month) -> None:
    """The people of a month with more than one participation, one row each: their segment
    bits and their domicile.

    The domicile is that of the person's most recently registered participation with a known
    kelurahan (on the same day: PU before BPU, Jakon, PMI), so a person whose participations
    disagree is placed in one region only, the same way every time. Only these people need
    folding; everyone else is counted straight from their one row.
    """
    rows = _rows(month)
    # The store marks each row with its NIK's number of rows; in a snapshot written before it
    # did, repeated NIKs are found by a 64-bit hash of the NIK hash (a cheaper key to group
    # by): a collision only folds two people's rows together below, where they are grouped by
    # the NIK hash itself and so stay two people.
    repeated = (
        "NOT single"
        if month.counted
        else f"hash(nik_hash) IN (SELECT hash(nik_hash) FROM {rows} GROUP BY ALL"
        " HAVING count(*) > 1)"
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {name} AS
        SELECT nik_hash, bits, home.kelurahan_code, home.rw,
               CASE WHEN home.kelurahan_code IS NULL THEN province END AS province FROM (
            SELECT nik_hash, bit_or(bits) AS bits, max(province) AS province,
                   arg_max({{'kelurahan_code': kelurahan_code, 'rw': rw}}, home_key) AS home
            FROM {rows} WHERE {repeated}
            GROUP BY nik_hash
            HAVING count(*) > 1)""").fetchall()


def _per_group(period: str, source: str, kind: str) -> list[str]:
    """Counts of folded people (``source``) per domicile for the total and each segment."""
    active = f"bits & {_ACTIVE_BITS} <> 0"
    if kind == "lapsed":
        return [
            f"SELECT '{period}', kelurahan_code, rw, province, '{ALL}', 0, 0, count(*)"
            f" FROM {source} GROUP BY ALL",
            *(
                f"SELECT '{period}', kelurahan_code, rw, province, '{s}', 0, 0,"
                f" count(*) FILTER (WHERE bits & {b << 4} <> 0) FROM {source} GROUP BY ALL"
                for s, b in _SEGMENT_BIT.items()
            ),
        ]
    return [
        f"SELECT '{period}', kelurahan_code, rw, province, '{ALL}', count(*),"
        f" count(*) FILTER (WHERE {active}), 0 FROM {source} GROUP BY ALL",
        *(
            f"SELECT '{period}', kelurahan_code, rw, province, '{s}',"
            f" count(*) FILTER (WHERE bits & {b} <> 0),"
            f" count(*) FILTER (WHERE bits & {b << 4} <> 0), 0 FROM {source} GROUP BY ALL"
            for s, b in _SEGMENT_BIT.items()
        ),
    ]


def _singles(
    con: duckdb.DuckDBPyConnection,
    period: str,
    rows: str,
    multi: str,
    measure: str,
    counted: bool,
) -> list[str]:
    """Counts of people with one participation per domicile, per segment and in total.

    The big table is grouped once, by segment: each of these people has one row, so their
    total is the sum over the segments (the segment counts are kept in ``alone_<measure>``).
    """
    counts = {
        "held": "count(*) AS registered, count(*) FILTER (WHERE active) AS active, 0 AS lapsed",
        "lapsed": "0 AS registered, 0 AS active, count(*) AS lapsed",
    }[measure]
    source = (
        f"{rows} r WHERE single" if counted else f"{rows} r ANTI JOIN {multi} m USING (nik_hash)"
    )
    table = f"alone_{measure}"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT '{period}' AS period, kelurahan_code, rw, province, segment, {counts}
        FROM {source} GROUP BY kelurahan_code, rw, province, segment""").fetchall()
    return [
        f"SELECT * FROM {table}",
        f"SELECT period, kelurahan_code, rw, province, '{ALL}', sum(registered), sum(active),"
        f" sum(lapsed) FROM {table} GROUP BY period, kelurahan_code, rw, province",
    ]


def _month_counts(
    con: duckdb.DuckDBPyConnection, period: str, now: _Month, before: _Month | None
) -> None:
    """Append a month's counts per domicile (kelurahan, RW) and segment to ``counted``.

    Registered and active count people: once overall, and once in each segment they hold.
    Lapses are the people active the month before and active in nothing now (gone from the
    extract included), counted where they lived the month before, overall and in each segment
    they were active in. Expects ``multi_now`` (and ``multi_before``) loaded.
    """
    parts = _singles(con, period, _rows(now), "multi_now", "held", now.counted)
    parts += _per_group(period, "multi_now", "held")
    if before is not None:
        # The participations active the month before of people active in nothing now: found
        # on the files' own columns first, so only those few rows get a home key and bits.
        went = f"""(SELECT b.* FROM {_file(before)} b
            ANTI JOIN (SELECT nik_hash FROM {_file(now)} WHERE status = '{ACTIVE}') a
                USING (nik_hash)
            WHERE b.status = '{ACTIVE}')"""
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE gone AS SELECT * FROM {_rows(before, went)}"
        ).fetchall()
        parts += _singles(con, period, "gone", "multi_before", "lapsed", before.counted)
        parts += _per_group(
            period, "(SELECT * FROM multi_before SEMI JOIN gone USING (nik_hash))", "lapsed"
        )
    con.execute(f"INSERT INTO counted {' UNION ALL '.join(parts)}").fetchall()
    for table in ("gone", "alone_held", "alone_lapsed"):
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()


def _count_months(
    con: duckdb.DuckDBPyConnection, snapshots: dict[str, Path], every: dict[str, Path]
) -> None:
    """Fill ``counted`` month by month (SQL per month, never per row); the folded people of a
    month are kept for the next month's lapses."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE counted (period VARCHAR, kelurahan_code VARCHAR,"
        " rw SMALLINT, province VARCHAR, segment VARCHAR, registered BIGINT, active BIGINT,"
        " lapsed BIGINT)"
    ).fetchall()
    loaded: str | None = None  # the month whose folded people are in multi_before
    months: dict[str, _Month] = {}
    for period in sorted(snapshots):
        before = periods.shift(period, -1)
        now = months[period] = months.get(period) or _month(con, snapshots[period])
        earlier = None
        if before in every:
            earlier = months[before] = months.get(before) or _month(con, every[before])
            if loaded != before:
                _load_multi(con, "multi_before", earlier)
        _load_multi(con, "multi_now", now)
        _month_counts(con, period, now, earlier)
        con.execute("DROP TABLE IF EXISTS multi_before").fetchall()
        con.execute("ALTER TABLE multi_now RENAME TO multi_before").fetchall()
        loaded = period
    con.execute("DROP TABLE IF EXISTS multi_before").fetchall()


def _facts(
    con: duckdb.DuckDBPyConnection,
    snapshots: dict[str, Path],
    every: dict[str, Path],
    tree: _Tree,
    inputs: dict[str, pa.Table],
) -> pa.Table:
    """Count the months, then turn the counts into facts with the plan shared with Spark."""
    _count_months(con, snapshots, every)
    for name, table in inputs.items():
        con.register(name, table)
    sql = rollup.facts_sql(tree.depth(), tree.fallback(), "//")
    table = con.sql(sql).to_arrow_table()
    for name in inputs:
        con.unregister(name)
    con.execute("DROP TABLE counted").fetchall()
    return table


def plan_inputs(
    tree: _Tree, periods: list[str], workforce: list[WorkforceRow], targets: list[TargetRow]
) -> dict[str, pa.Table]:
    """The small tables of the facts plan (``rollup.tables``) for these regions and months."""
    regions = ((r.code, r.parent, r.level) for r in tree.by_code.values())
    return rollup.tables(regions, periods, denominators(tree, periods, workforce, targets))


def to_facts(table: pa.Table) -> list[Fact]:
    """Facts from the plan's result, column by column (no per-row dictionaries)."""
    columns = [table.column(name).to_pylist() for name in rollup.FACT_COLUMNS]
    return [Fact(*row) for row in zip(*columns, strict=True)]


def denominators(
    tree: _Tree, periods: list[str], workforce: list[WorkforceRow], targets: list[TargetRow]
) -> list[tuple[str, str, str, int | None, int | None]]:
    """(period, code, segment, working residents, target count) wherever either is known.

    Working residents are the denominator of ALL (total), PU (formal) and BPU (informal); a
    target applies to ALL. Few rows: only regions with a figure or a target.
    """
    segment_of = {kind: segment for segment, kind in DENOMINATOR.items()}
    by_code: dict[str, list[TargetRow]] = defaultdict(list)
    for target in targets:
        if target.code in tree.by_code:
            by_code[target.code].append(target)
    rows: list[tuple[str, str, str, int | None, int | None]] = []
    for period in periods:
        values = workforce_in_force(tree, workforce, period)
        for (code, kind), value in values.items():
            if not (kind == "total" and code in by_code):  # those come with their target
                rows.append((period, code, segment_of[kind], value, None))
        for code, theirs in by_code.items():
            total = values.get((code, "total"))
            count = target_count(target_in_force(theirs, period), total)
            rows.append((period, code, ALL, total, count))
    return rows


def workforce_in_force(
    tree: _Tree, figures: list[WorkforceRow], period: str
) -> dict[tuple[str, str], int]:
    """(code, kind) → working residents in force in a month.

    A region's own figure wins; otherwise the sum of its children when every child has one.
    """
    latest: dict[tuple[str, str], WorkforceRow] = {}
    for row in figures:
        if row.period <= period and row.code in tree.by_code:
            key = (row.code, row.kind)
            if key not in latest or latest[key].period < row.period:
                latest[key] = row
    values = {key: row.value for key, row in latest.items()}
    # Only a region above one with a figure can have its children's sum.
    above: set[str] = set()
    for code, _ in latest:
        above.update(tree.ancestors_and_self(code)[1:])
    for code in tree.bottom_up(above):
        children = tree.children[code]
        for kind in ("total", "formal", "informal"):
            if (code, kind) in values:
                continue
            parts = [values.get((child, kind)) for child in children]
            known = [part for part in parts if part is not None]
            if len(known) == len(parts):
                values[(code, kind)] = sum(known)
    return values


def target_in_force(targets: list[TargetRow], period: str) -> TargetRow | None:
    """The target with the nearest deadline not before the month's first day."""
    first_day = date(int(period[:4]), int(period[5:7]), 1)
    due = [t for t in targets if t.deadline >= first_day]
    return min(due, key=lambda t: t.deadline) if due else None


def percentage(part: int, whole: int | None) -> Decimal | None:
    """``part / whole × 100`` rounded half up to two decimals; None without a denominator."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def target_count(target: TargetRow | None, workforce: int | None) -> int | None:
    """Participants a target asks for: its count, or its percentage of the workforce (rounded
    half up); None without a target, or for a percentage without a workforce figure."""
    if target is None:
        return None
    if target.kind == "count":
        return int(target.value)
    if not workforce:
        return None
    return int((target.value * workforce / 100).quantize(Decimal(1), ROUND_HALF_UP))
