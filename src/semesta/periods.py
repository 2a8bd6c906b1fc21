"""Months, the unit Semesta counts in: ``YYYY-MM`` labels and their arithmetic, in one place.

A month is held as the date of its first day (``date(2025, 7, 1)``) or as its label
(``"2025-07"``). Monev's quarters, semesters and years are built on these in
``semesta.reports.periods``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

LABEL = re.compile(r"\d{4}-(0[1-9]|1[0-2])")  # exactly as ``label`` writes it
TYPED = re.compile(r"(?P<year>\d{4})-(?P<month>0?[1-9]|1[0-2])")  # 2025-07, or 2025-7 typed


def label(day: date) -> str:
    """``date(2025, 7, 14)`` → ``"2025-07"``."""
    return f"{day:%Y-%m}"


def parse(text: str) -> date:
    """``"2025-07"`` (or ``"2025-7"``) → ``date(2025, 7, 1)``; ValueError saying what is expected
    otherwise."""
    found = TYPED.fullmatch(str(text).strip())
    if not found:
        raise ValueError(f"Periode harus berbentuk TTTT-BB, mis. 2025-07 (diterima {text!r})")
    return date(int(found["year"]), int(found["month"]), 1)


def is_label(text: str) -> bool:
    return LABEL.fullmatch(str(text)) is not None


def first_day(day: date) -> date:
    return day.replace(day=1)


def index(day: date) -> int:
    """Months since the year 0: differences of indexes count months."""
    return day.year * 12 + day.month - 1


def from_index(number: int) -> date:
    return date(number // 12, number % 12 + 1, 1)


def add(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before, when negative) ``day``'s."""
    return from_index(index(day) + months)


def shift(text: str, months: int) -> str:
    """``shift("2025-01", -1)`` → ``"2024-12"``."""
    return label(add(parse(text), months))


def last_day(day: date) -> date:
    """The last day of ``day``'s month."""
    return add(day, 1) - timedelta(days=1)


def between(first: date, last: date) -> list[date]:
    """First days of the months from ``first``'s to ``last``'s, both included."""
    return [from_index(n) for n in range(index(first), index(last) + 1)]
