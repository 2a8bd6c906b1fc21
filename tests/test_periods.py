"""Month arithmetic, in the one module that does it (semesta.periods)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from semesta import periods

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


def test_it_reads_and_writes_labels():
    assert periods.parse("2025-07") == date(2025, 7, 1)
    assert periods.parse(" 2025-12 ") == date(2025, 12, 1)
    assert periods.parse("2025-7") == date(2025, 7, 1) and not periods.is_label("2025-7")
    assert periods.label(date(2025, 7, 14)) == "2025-07"
    assert periods.shift("2025-01", -1) == "2024-12"
    assert periods.shift("2024-12", 1) == "2025-01"
    assert periods.last_day(date(2024, 2, 10)) == date(2024, 2, 29)
    assert periods.between(date(2024, 11, 5), date(2025, 2, 1)) == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-0", "25-07", "Juli 2025", ""])
def test_it_refuses_what_is_not_a_month_saying_what_it_expects(text):
    with pytest.raises(ValueError, match="TTTT-BB"):
        periods.parse(text)
    assert not periods.is_label(text)


@given(days, st.integers(-2400, 2400))
def test_adding_months_agrees_with_counting_them(day, months):
    moved = periods.add(day, months)
    assert moved.day == 1
    assert periods.index(moved) - periods.index(day) == months
    assert periods.add(moved, -months) == periods.first_day(day)


@given(days)
def test_the_last_day_is_the_day_before_the_next_month(day):
    last = periods.last_day(day)
    assert (last.year, last.month) == (day.year, day.month)
    assert last + timedelta(days=1) == periods.add(day, 1)
    assert periods.parse(periods.label(day)) == periods.first_day(day)
