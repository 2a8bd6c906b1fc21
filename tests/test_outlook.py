"""Required additions, pace and projection on hand-made series."""

from datetime import date
from decimal import Decimal

from semesta.engine.outlook import outlook, pace


def test_it_measures_the_pace_as_the_recent_slope():
    assert pace([100, 110, 120, 130]) == 10
    assert pace([5, 5, 5, 0, 100, 200, 300, 400, 500, 600]) == 100  # only the last six count
    assert pace([7]) is None


def test_it_spreads_the_gap_over_the_months_left():
    # October, target 2.7 million by 31 December: two more months to close a 470,000 gap.
    view = outlook(
        "2024-10", [2_210_000, 2_220_000, 2_230_000], 2_700_000, date(2024, 12, 31), 4_370_000
    )
    assert (view.months_left, view.required_per_month) == (2, 235_000)
    assert view.pace_per_month == 10_000
    assert view.projected_at_deadline == 2_250_000
    assert view.projected_pct_at_deadline == Decimal("51.49")
    assert view.reached_in == "2028-09"  # 470,000 / 10,000 = 47 months after October 2024


def test_it_says_when_the_target_is_not_reached_at_this_pace():
    view = outlook(
        "2025-07", [2_130_000, 2_125_000, 2_123_056], 2_726_592, date(2025, 12, 31), 4_131_200
    )
    assert view.reached_in is None and view.pace_per_month < 0
    assert view.required_per_month == 120_708  # ceil(603,536 / 5)


def test_it_handles_targets_already_met_or_past_their_deadline():
    met = outlook("2025-03", [90, 100], 100, date(2025, 12, 31), 200)
    assert (met.required_per_month, met.reached_in) == (0, "2025-03")
    late = outlook("2026-02", [90, 95], 100, date(2025, 12, 31), 200)
    assert (late.months_left, late.required_per_month) == (0, None)
    assert late.projected_at_deadline == 95
