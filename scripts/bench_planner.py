"""Benchmark: the budget planner on the demo's Jakarta Timur programme (issue goal: < 10 s).

Plans three budgets (Rp 100 million, 300 million, 1 billion; 12 months from January 2026) over
the 248 RW of "1 RW 100 pekerja rentan" with the built demo's rosters (``$SEMESTA_DATA_DIR``),
and prints each plan's time beside what the exact plan and the rule-order plan achieve.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")


def main() -> int:
    import django

    django.setup()
    from semesta.access import SYSTEM
    from semesta.programmes.models import Programme
    from semesta.programmes.plans import plan

    programme = Programme.objects.get(name="1 RW 100 Pekerja Rentan")
    worst = 0.0
    for budget in (100_000_000, 300_000_000, 1_000_000_000):
        started = time.perf_counter()
        result = plan(SYSTEM, programme, budget, date(2026, 1, 1), 12)
        seconds = time.perf_counter() - started
        worst = max(worst, seconds)
        best, simple = result["optimal"], result["greedy"]
        print(
            f"planner Rp {budget:>13,}: {seconds:5.2f} s, {result['candidates']:,} candidates;"
            f" optimal {best['kecamatan_at_aim']} kecamatan / {best['rw_at_target']} RW /"
            f" {best['extreme_poor']:,} extreme poor; rule order {simple['kecamatan_at_aim']} /"
            f" {simple['rw_at_target']} / {simple['extreme_poor']:,}"
        )
    print(f"planner worst {worst:.2f} s   goal < 10 s: {'met' if worst < 10 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
