"""Coverage: running the engine over the snapshot store and reading the facts it writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from operator import attrgetter
from pathlib import Path

from django.conf import settings
from django.db import transaction

from semesta import periods
from semesta.bulk import insert_rows
from semesta.coverage.allocation import reallocate
from semesta.coverage.models import CoverageFact, Snapshot, Target, Workforce
from semesta.engine import coverage as engine
from semesta.engine.engines import get_engine
from semesta.engine.rollup import FACT_COLUMNS
from semesta.engine.store import SnapshotStore, location
from semesta.regions.models import Level, Region


def store() -> SnapshotStore:
    """The snapshot store: ``SEMESTA_SNAPSHOT_URL`` (object storage) or the data directory."""
    return SnapshotStore(settings.SNAPSHOT_URL or Path(settings.SNAPSHOT_DIR))


def register_snapshot(written, source: str) -> Snapshot:
    """Record a snapshot file the store has written (replacing the month's previous record)."""
    snapshot, _ = Snapshot.objects.update_or_create(
        period=periods.parse(written.period),
        defaults={
            "path": str(written.path),
            "rows": written.rows,
            "active": written.active,
            "sha256": written.sha256,
            "source": source,
        },
    )
    return snapshot


def engine_inputs() -> tuple[list, list, list]:
    """Regions down to RW, workforce figures and targets, as the engine's plain rows."""
    regions = [
        engine.RegionRow(code, parent, level)
        for code, parent, level in Region.objects.exclude(level=Level.RT).values_list(
            "code", "parent_id", "level"
        )
    ]
    workforce = [
        engine.WorkforceRow(code, periods.label(period), kind, value)
        for code, period, kind, value in Workforce.objects.values_list(
            "region_id", "period", "kind", "value"
        )
    ]
    targets = [
        engine.TargetRow(code, kind, value, deadline)
        for code, kind, value, deadline in Target.objects.current().values_list(
            "region_id", "kind", "value", "deadline"
        )
    ]
    return regions, workforce, targets


def recompute(months: list[str] | None = None) -> int:
    """Recompute the coverage facts of the given months (default: every stored snapshot)."""
    months_to_write, run = facts_to_compute(months)
    return store_facts(months_to_write, run())


def facts_to_compute(
    months: list[str] | None = None,
) -> tuple[list[date], Callable[[], list[engine.Fact]]]:
    """The months to recompute (default: every stored snapshot) and the engine run that
    computes their facts. The run reads the snapshot files and no database, so a caller may
    run it in another thread while it does other work."""
    stored = _stored()
    snapshots = {p: path for p, path in stored.items() if months is None or p in months}
    return _run(snapshots, stored, engine_inputs())


def runs_to_compute(
    months_per_run: int,
) -> list[tuple[list[date], Callable[[], list[engine.Fact]]]]:
    """Every stored month in engine runs of a few months each, oldest first: a caller may write
    one run's facts (``write_facts``) while the next computes (the demo does), then
    ``reallocate`` once. A run's first month counts its lapses against the month before, which
    an earlier run holds, so the facts are those of one run over every month."""
    stored = _stored()
    inputs = engine_inputs()
    ordered = sorted(stored)
    return [
        _run({p: stored[p] for p in ordered[i : i + months_per_run]}, stored, inputs)
        for i in range(0, len(ordered), months_per_run)
    ]


def _stored() -> dict[str, Path | str]:
    return {periods.label(s.period): location(s.path) for s in Snapshot.objects.all()}


def _run(
    snapshots: dict[str, Path | str], stored: dict[str, Path | str], inputs: tuple[list, list, list]
) -> tuple[list[date], Callable[[], list[engine.Fact]]]:
    regions, workforce, targets = inputs
    # SEMESTA_ENGINE picks DuckDB (default) or Spark; both give the same facts.
    run = partial(get_engine().compute, snapshots, regions, workforce, targets, previous=stored)
    return [periods.parse(p) for p in snapshots], run


def store_facts(months: list[date], facts: list[engine.Fact]) -> int:
    """Write the facts ``facts_to_compute`` computed, then the allocated targets from them."""
    write_facts(months, facts)
    reallocate()  # targets allocated below the set ones, from the facts just written
    return len(facts)


FACT_FIELDS = list(FACT_COLUMNS)  # the engine's fact columns, in the table's order


@transaction.atomic
def write_facts(months: list[date], facts: list[engine.Fact]) -> None:
    """Replace the facts of these months in one transaction: readers never see a mix."""
    CoverageFact.objects.filter(period__in=months).delete()
    firsts = {period: periods.parse(period) for period in {f.period for f in facts}}
    # In the order of the table's unique index: SQLite then appends to it instead of
    # inserting all over it (a quarter less time for the demo's 400,000 facts).
    facts = sorted(facts, key=attrgetter("period", "region_code", "segment"))
    insert_rows(
        CoverageFact,
        FACT_FIELDS,
        (
            (
                firsts[f.period],
                f.region_code,
                f.parent_code,
                f.level,
                f.segment,
                f.registered,
                f.active,
                f.lapsed,
                f.workforce,
                f.coverage_pct,
                f.target_count,
                f.gap,
            )
            for f in facts
        ),
    )


def available_periods() -> list[date]:
    """Months with a snapshot (and so with coverage facts), newest first."""
    return list(Snapshot.objects.order_by("-period").values_list("period", flat=True))


def provinces_with_figures() -> set[str]:
    """Codes of the provinces that have coverage facts (with the whole country loaded, the
    others have none)."""
    codes = CoverageFact.objects.values_list("region_code", flat=True).distinct()
    return {code.split(".")[0] for code in codes}


def latest_period() -> date | None:
    """The newest month with coverage facts."""
    return CoverageFact.objects.order_by("-period").values_list("period", flat=True).first()
