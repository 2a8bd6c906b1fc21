"""What the roster pages count: coverage of roster workers by DTSEN decile (desil)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet

from semesta.workers.models import (
    PRIORITY_DESILS,  # noqa: F401 - its old home
    RosterStatus,
)

DESILS = tuple(range(1, 11))


def coverage_by_desil(statuses: QuerySet, period: date | None) -> list[dict]:
    """Covered, not covered and lapsed roster workers per desil (1–10, then unknown) in a month.

    ``statuses`` is already scoped (and narrowed to a region); one aggregate query.
    """
    counts: dict[int | None, dict[str, int]] = {d: {} for d in (*DESILS, None)}
    if period is not None:
        found = (
            statuses.filter(period=period)
            .order_by()
            .values_list("worker__desil", "status")
            .annotate(n=Count("id"))
        )
        for desil, status, n in found:
            counts.setdefault(desil, {})[status] = n
    rows = []
    for desil, by_status in counts.items():
        row = {s: by_status.get(s, 0) for s in RosterStatus.Status.values}
        total = sum(row.values())
        covered_pct = round(100 * row["covered"] / total, 1) if total else None
        rows.append({"desil": desil, **row, "total": total, "covered_pct": covered_pct})
    return rows
