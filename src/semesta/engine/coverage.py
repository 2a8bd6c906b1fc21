"""Coverage (UCJ) per region, segment and month from participant snapshots.

``UCJ % = active participants whose domicile is in the region / working residents × 100``.
A snapshot row is a participation (NIK × segment × employer); coverage counts people (distinct
NIK hashes): once overall, and once in each segment they hold, so segment figures may add up
to more than the total. Participants whose kelurahan or RW is missing or unknown are counted in
an explicit bucket (``<parent>.X``) under the lowest region that is known, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from semesta.engine.store import ACTIVE, PARTICIPATIONS, SEGMENTS

ALL = "ALL"
UNKNOWN = "X"
UNKNOWN_LEVEL = "unknown"
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


@dataclass
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
    tree = _Tree(regions)
    facts = _facts(
        _totals(con, snapshots, {**(previous or {}), **snapshots}, tree), tree, sorted(snapshots)
    )
    _apply_denominators(facts, tree, workforce, targets)
    return facts


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
        while code is not None:
            chain.append(code)
            code = self.by_code[code].parent
        return chain

    def bottom_up(self) -> list[str]:
        return sorted(self.by_code, key=lambda c: -c.count("."))


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


def _month(con, path: Path) -> _Month:
    names = con.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{path}', hive_partitioning = false)"
    ).fetchall()
    return _Month(path, any(row[0] == PARTICIPATIONS for row in names))


def _rows(month: _Month) -> str:
    """A month's participations with their segment bits, the key that picks a home and whether
    the row is its person's only one (NULL when the snapshot does not say)."""
    bit = " ".join(f"WHEN '{s}' THEN {b}" for s, b in _SEGMENT_BIT.items())
    single = f"{PARTICIPATIONS} = 1" if month.counted else "NULL::BOOLEAN"
    return f"""(SELECT nik_hash, segment, kelurahan_code, rw, status = '{ACTIVE}' AS active,
        CASE segment {bit} ELSE 0 END * CASE WHEN status = '{ACTIVE}' THEN 17 ELSE 1 END AS bits,
        {_HOME_KEY} AS home_key, {single} AS single
        FROM read_parquet('{month.path}', hive_partitioning = false))"""


def _load_multi(con, name: str, month: _Month) -> None:
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
        SELECT nik_hash, bits, home.kelurahan_code, home.rw FROM (
            SELECT nik_hash, bit_or(bits) AS bits,
                   arg_max({{'kelurahan_code': kelurahan_code, 'rw': rw}}, home_key) AS home
            FROM {rows} WHERE {repeated}
            GROUP BY nik_hash
            HAVING count(*) > 1)""").fetchall()


def _per_group(period: str, source: str, kind: str) -> list[str]:
    """Counts of folded people (``source``) per domicile for the total and each segment."""
    active = f"bits & {_ACTIVE_BITS} <> 0"
    if kind == "lapsed":
        return [
            f"SELECT '{period}', kelurahan_code, rw, '{ALL}', 0, 0, count(*) FROM {source}"
            " GROUP BY ALL",
            *(
                f"SELECT '{period}', kelurahan_code, rw, '{s}', 0, 0,"
                f" count(*) FILTER (WHERE bits & {b << 4} <> 0) FROM {source} GROUP BY ALL"
                for s, b in _SEGMENT_BIT.items()
            ),
        ]
    return [
        f"SELECT '{period}', kelurahan_code, rw, '{ALL}', count(*),"
        f" count(*) FILTER (WHERE {active}), 0 FROM {source} GROUP BY ALL",
        *(
            f"SELECT '{period}', kelurahan_code, rw, '{s}',"
            f" count(*) FILTER (WHERE bits & {b} <> 0),"
            f" count(*) FILTER (WHERE bits & {b << 4} <> 0), 0 FROM {source} GROUP BY ALL"
            for s, b in _SEGMENT_BIT.items()
        ),
    ]


def _singles(period: str, rows: str, multi: str, measure: str, counted: bool) -> str:
    """Counts of people with one participation per domicile, per segment and in total."""
    counts = {
        "held": "count(*), count(*) FILTER (WHERE active), 0",
        "lapsed": "0, 0, count(*)",
    }[measure]
    source = (
        f"{rows} r WHERE single" if counted else f"{rows} r ANTI JOIN {multi} m USING (nik_hash)"
    )
    return f"""
        SELECT '{period}', kelurahan_code, rw,
               CASE WHEN grouping(segment) = 1 THEN '{ALL}' ELSE segment END, {counts}
        FROM {source}
        GROUP BY GROUPING SETS ((kelurahan_code, rw, segment), (kelurahan_code, rw))"""


def _month_counts(con, period: str, now: _Month, before: _Month | None) -> None:
    """Append a month's counts per domicile (kelurahan, RW) and segment to ``counted``.

    Registered and active count people: once overall, and once in each segment they hold.
    Lapses are the people active the month before and active in nothing now (gone from the
    extract included), counted where they lived the month before, overall and in each segment
    they were active in. Expects ``multi_now`` (and ``multi_before``) loaded.
    """
    parts = [_singles(period, _rows(now), "multi_now", "held", now.counted)]
    parts += _per_group(period, "multi_now", "held")
    if before is not None:
        # The participations active the month before of people active in nothing now.
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE gone AS
            SELECT * FROM {_rows(before)} b
            ANTI JOIN (SELECT nik_hash FROM {_rows(now)} WHERE active) a USING (nik_hash)
            WHERE b.active""").fetchall()
        parts.append(_singles(period, "gone", "multi_before", "lapsed", before.counted))
        parts += _per_group(
            period, "(SELECT * FROM multi_before SEMI JOIN gone USING (nik_hash))", "lapsed"
        )
    con.execute(f"INSERT INTO counted {' UNION ALL '.join(parts)}").fetchall()
    con.execute("DROP TABLE IF EXISTS gone").fetchall()


def _previous_month(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def _count_months(con, snapshots: dict[str, Path], every: dict[str, Path]) -> None:
    """Fill ``counted`` month by month (SQL per month, never per row); the folded people of a
    month are kept for the next month's lapses."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE counted (period VARCHAR, kelurahan_code VARCHAR,"
        " rw SMALLINT, segment VARCHAR, registered BIGINT, active BIGINT, lapsed BIGINT)"
    ).fetchall()
    loaded: str | None = None  # the month whose folded people are in multi_before
    months: dict[str, _Month] = {}
    for period in sorted(snapshots):
        before = _previous_month(period)
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


def _totals(con, snapshots: dict[str, Path], every: dict[str, Path], tree: _Tree) -> dict:
    """(period, code, segment incl. ALL) → (registered, active, lapsed) for every region and
    bucket.

    Each person is placed at a leaf (an RW, or the unknown bucket of the lowest known region)
    and counted once at the leaf and once at every region above it.
    """
    if not snapshots:
        return {}
    _count_months(con, snapshots, every)
    con.register("regions", _regions_arrow(tree))
    con.register("ancestry", _ancestry_arrow(tree))
    rows = con.execute(
        f"""
        WITH placed AS (
            SELECT c.*, CASE
                WHEN r.code IS NOT NULL THEN r.code
                WHEN k.code IS NOT NULL THEN k.code || '.{UNKNOWN}'
                ELSE $root || '.{UNKNOWN}' END AS leaf
            FROM counted c
            LEFT JOIN regions k ON k.level = 'kelurahan' AND k.code = c.kelurahan_code
            LEFT JOIN regions r ON r.level = 'rw'
                AND r.code = c.kelurahan_code || '.' || lpad(CAST(c.rw AS VARCHAR), 3, '0')
        )
        SELECT p.period, a.ancestor, p.segment,
               sum(p.registered)::BIGINT, sum(p.active)::BIGINT, sum(p.lapsed)::BIGINT
        FROM placed p JOIN ancestry a ON a.leaf = p.leaf
        GROUP BY ALL
        """,
        {"root": tree.roots[0]},
    ).fetchall()
    con.unregister("regions")
    con.unregister("ancestry")
    con.execute("DROP TABLE counted").fetchall()
    return {(period, code, seg): (reg, act, lapsed) for period, code, seg, reg, act, lapsed in rows}


def _regions_arrow(tree: _Tree) -> pa.Table:
    return pa.table(
        {
            "code": [r.code for r in tree.by_code.values()],
            "level": [r.level for r in tree.by_code.values()],
        }
    )


def _ancestry_arrow(tree: _Tree) -> pa.Table:
    """Every leaf (RW or unknown bucket) with itself and each region above it."""
    leaves, ancestors = [], []
    for code, region in tree.by_code.items():
        chain = tree.ancestors_and_self(code)
        if region.level == "rw":
            leaves += [code] * len(chain)
            ancestors += chain
        if region.level == "kelurahan" or region.parent is None:
            bucket = f"{code}.{UNKNOWN}"
            leaves += [bucket] * (len(chain) + 1)
            ancestors += [bucket, *chain]
    return pa.table({"leaf": leaves, "ancestor": ancestors})


def _facts(totals, tree: _Tree, periods: list[str]) -> list[Fact]:
    """One fact per region × segment × month (zeros included), plus non-empty buckets."""
    facts = []
    for period in periods:
        for code, region in tree.by_code.items():
            for segment in (ALL, *SEGMENTS):
                counts = totals.get((period, code, segment), (0, 0, 0))
                facts.append(
                    Fact(period, code, region.parent or "", region.level, segment, *counts)
                )
    for (period, code, segment), counts in totals.items():
        if code.endswith(f".{UNKNOWN}") and period in periods:
            parent = code[: -len(UNKNOWN) - 1]
            facts.append(Fact(period, code, parent, UNKNOWN_LEVEL, segment, *counts))
    return facts


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
    for code in tree.bottom_up():
        children = tree.children.get(code)
        if not children:
            continue
        for kind in ("total", "formal", "informal"):
            if (code, kind) in values:
                continue
            parts = [values.get((child, kind)) for child in children]
            if all(part is not None for part in parts):
                values[(code, kind)] = sum(parts)
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


def _apply_denominators(facts, tree: _Tree, workforce, targets) -> None:
    targets_by_code: dict[str, list[TargetRow]] = defaultdict(list)
    for target in targets:
        targets_by_code[target.code].append(target)
    cache: dict[str, dict] = {}
    for fact in facts:
        kind = DENOMINATOR.get(fact.segment)
        if kind is None or fact.level == UNKNOWN_LEVEL:
            continue
        if fact.period not in cache:
            cache[fact.period] = workforce_in_force(tree, workforce, fact.period)
        fact.workforce = cache[fact.period].get((fact.region_code, kind))
        fact.coverage_pct = percentage(fact.active, fact.workforce)
        if fact.segment == ALL and fact.region_code in targets_by_code:
            _apply_target(fact, target_in_force(targets_by_code[fact.region_code], fact.period))


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


def _apply_target(fact: Fact, target: TargetRow | None) -> None:
    fact.target_count = target_count(target, fact.workforce)
    if fact.target_count is not None:
        fact.gap = max(fact.target_count - fact.active, 0)
