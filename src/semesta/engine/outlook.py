"""What it takes to reach a target, and where the recent trend leads: pure arithmetic on a series.

``series`` is the month-by-month count of active participants, oldest first, ending at the month
being looked at. The pace is the least-squares slope of the last ``window`` months.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from semesta import periods
from semesta.engine.coverage import percentage


@dataclass(frozen=True)
class Outlook:
    months_left: int  # whole months from this month to the deadline's month
    required_per_month: int | None  # net additions a month to reach the target in time
    pace_per_month: float | None  # recent net additions a month (None: too few months)
    projected_at_deadline: int | None
    projected_pct_at_deadline: Decimal | None
    reached_in: str | None  # YYYY-MM when the target is reached at this pace; None: not at it


def pace(series: list[int], window: int = 6) -> float | None:
    """Least-squares slope of the last ``window`` values (per month); None below 2 values."""
    recent = series[-window:]
    n = len(recent)
    if n < 2:
        return None
    mean_x, mean_y = (n - 1) / 2, sum(recent) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(recent))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den


def outlook(
    period: str, series: list[int], target_count: int, deadline: date, workforce: int | None
) -> Outlook:
    """Required monthly additions, projection at the deadline and the month of reaching it."""
    current = series[-1]
    now = periods.index(periods.parse(period))
    left = periods.index(deadline) - now
    gap = max(target_count - current, 0)
    required = None
    if left > 0:
        required = math.ceil(gap / left)
    elif gap == 0:
        required = 0
    slope = pace(series)
    projected = None if slope is None else round(current + slope * max(left, 0))
    return Outlook(
        months_left=max(left, 0),
        required_per_month=required,
        pace_per_month=slope,
        projected_at_deadline=projected,
        projected_pct_at_deadline=None if projected is None else percentage(projected, workforce),
        reached_in=_reached(now, gap, slope),
    )


def _reached(now: int, gap: int, slope: float | None) -> str | None:
    if gap == 0:
        return periods.label(periods.from_index(now))
    if not slope or slope <= 0:
        return None
    return periods.label(periods.from_index(now + math.ceil(gap / slope)))
