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
) -> list[Fact]:
    """Coverage facts for every region (down to RW) × segment × month of the given snapshots."""
    tree = _Tree(regions)
    counts = _leaf_counts(con, snapshots, tree)
    facts = _roll_up(counts, tree, sorted(snapshots))
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


def _leaf_counts(con, snapshots: dict[str, Path], tree: _Tree) -> dict[tuple, tuple[int, int]]:
    """(period, leaf code, segment) → (registered, active), leaves being RWs or unknown buckets."""
    if not snapshots:
        return {}
    files = [str(snapshots[p]) for p in sorted(snapshots)]
    rows = con.execute(
        """
        SELECT period, kelurahan_code, rw, segment, count(*) AS registered,
               count(*) FILTER (WHERE status = ?) AS active
        FROM read_parquet(?, hive_partitioning = true, hive_types = {'period': VARCHAR})
        GROUP BY ALL
        """,
        [ACTIVE, files],
    ).fetchall()
    root = tree.roots[0]
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for period, kelurahan, rw, segment, registered, active in rows:
        leaf = _leaf(tree, root, kelurahan, rw)
        cell = counts[(period, leaf, segment)]
        cell[0] += registered
        cell[1] += active
    return {key: (v[0], v[1]) for key, v in counts.items()}


def _leaf(tree: _Tree, root: str, kelurahan: str | None, rw: int | None) -> str:
    region = tree.by_code.get(kelurahan) if kelurahan else None
    if region is None or region.level != "kelurahan":
        return f"{root}.{UNKNOWN}"
    if rw is not None:
        code = f"{kelurahan}.{int(rw):03d}"
        if code in tree.by_code:
            return code
    return f"{kelurahan}.{UNKNOWN}"


def _roll_up(counts, tree: _Tree, periods: list[str]) -> list[Fact]:
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    unknown_parent: dict[str, str] = {}
    for (period, leaf, segment), (registered, active) in counts.items():
        if leaf.endswith(f".{UNKNOWN}"):
            parent = leaf[: -len(UNKNOWN) - 1]
            unknown_parent[leaf] = parent
            chain = [leaf, *tree.ancestors_and_self(parent)]
        else:
            chain = tree.ancestors_and_self(leaf)
        for code in chain:
            for seg in (segment, ALL):
                cell = totals[(period, code, seg)]
                cell[0] += registered
                cell[1] += active
    facts = []
    for period in periods:
        for code, region in tree.by_code.items():
            for segment in (ALL, *SEGMENTS):
                registered, active = totals.get((period, code, segment), (0, 0))
                facts.append(
                    Fact(
                        period, code, region.parent or "", region.level, segment, registered, active
                    )
                )
        for leaf, parent in unknown_parent.items():
            for segment in (ALL, *SEGMENTS):
                if (period, leaf, segment) in totals:
                    registered, active = totals[(period, leaf, segment)]
                    facts.append(
                        Fact(period, leaf, parent, UNKNOWN_LEVEL, segment, registered, active)
                    )
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


def _apply_target(fact: Fact, target: TargetRow | None) -> None:
    if target is None:
        return
    if target.kind == "count":
        fact.target_count = int(target.value)
    elif fact.workforce:
        exact = target.value * fact.workforce / 100
        fact.target_count = int(exact.quantize(Decimal(1), ROUND_HALF_UP))
    if fact.target_count is not None:
        fact.gap = max(fact.target_count - fact.active, 0)
