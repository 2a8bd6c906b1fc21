"""Coverage (UCJ) per region, segment and month from participant snapshots.

``UCJ % = active participants whose domicile is in the region / working residents × 100``.
Participants whose kelurahan or RW is missing or unknown are counted in an explicit bucket
(``<parent>.X``) under the lowest region that is known, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from semesta.engine.store import ACTIVE, SEGMENTS

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


def _lapse_sql(snapshots: dict[str, Path], every: dict[str, Path]) -> str:
    """Per month whose previous month is stored: who was active then and is not now (inactive
    or gone from the extract), counted where they lived the month before."""
    parts = []
    for period in sorted(snapshots):
        before = _previous_month(period)
        if before not in every:
            continue
        parts.append(f"""
            SELECT '{period}' AS period, kelurahan_code, rw, segment,
                   0 AS registered, 0 AS active, count(*) AS lapsed
            FROM (SELECT nik_hash, kelurahan_code, rw, segment
                  FROM read_parquet('{every[before]}', hive_partitioning = false)
                  WHERE status = '{ACTIVE}') p
            ANTI JOIN (SELECT nik_hash
                       FROM read_parquet('{snapshots[period]}', hive_partitioning = false)
                       WHERE status = '{ACTIVE}') c USING (nik_hash)
            GROUP BY ALL""")
    return "".join(f" UNION ALL {part}" for part in parts)


def _previous_month(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def _totals(con, snapshots: dict[str, Path], every: dict[str, Path], tree: _Tree) -> dict:
    """(period, code, segment incl. ALL) → (registered, active, lapsed) for every region and
    bucket.

    Each participant is placed at a leaf (an RW, or the unknown bucket of the lowest known
    region) and counted once at the leaf and once at every region above it.
    """
    if not snapshots:
        return {}
    con.register("regions", _regions_arrow(tree))
    con.register("ancestry", _ancestry_arrow(tree))
    rows = con.execute(
        f"""
        WITH counted AS (
            SELECT period, kelurahan_code, rw, segment, count(*) AS registered,
                   count(*) FILTER (WHERE status = $active) AS active, 0 AS lapsed
            FROM read_parquet($files, hive_partitioning = true, hive_types = {{'period': VARCHAR}})
            GROUP BY ALL
            {_lapse_sql(snapshots, every)}
        ), placed AS (
            SELECT c.*, CASE
                WHEN r.code IS NOT NULL THEN r.code
                WHEN k.code IS NOT NULL THEN k.code || '.{UNKNOWN}'
                ELSE $root || '.{UNKNOWN}' END AS leaf
            FROM counted c
            LEFT JOIN regions k ON k.level = 'kelurahan' AND k.code = c.kelurahan_code
            LEFT JOIN regions r ON r.level = 'rw'
                AND r.code = c.kelurahan_code || '.' || lpad(CAST(c.rw AS VARCHAR), 3, '0')
        )
        SELECT p.period, a.ancestor, coalesce(p.segment, '{ALL}'),
               sum(p.registered)::BIGINT, sum(p.active)::BIGINT, sum(p.lapsed)::BIGINT
        FROM placed p JOIN ancestry a ON a.leaf = p.leaf
        GROUP BY GROUPING SETS ((p.period, a.ancestor, p.segment), (p.period, a.ancestor))
        """,
        {
            "active": ACTIVE,
            "files": [str(snapshots[p]) for p in sorted(snapshots)],
            "root": tree.roots[0],
        },
    ).fetchall()
    con.unregister("regions")
    con.unregister("ancestry")
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
