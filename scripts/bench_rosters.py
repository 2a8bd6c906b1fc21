"""Benchmark: matching every roster against the latest month's snapshot (issue goal: < 5 s).

Uses the built demo (``$SEMESTA_DATA_DIR``, default ./var): its 60,000-odd roster workers
against a snapshot of about 2.7 million participants. Times ``match_month`` (read the roster's
hashes, join both months in DuckDB, replace the month's stored statuses) three times and prints
the best and the worst run.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")


def main() -> int:
    import django

    django.setup()
    from semesta.coverage.models import Snapshot
    from semesta.workers.matching import match_month
    from semesta.workers.models import RosterWorker

    latest = Snapshot.objects.order_by("-period").first()
    roster = RosterWorker.objects.count()
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        counts = match_month(latest.period)
        runs.append(time.perf_counter() - started)
    verdict = "met" if max(runs) < 5 else "NOT met"
    print(
        f"roster matching: {roster:,} roster workers against {latest.rows:,} snapshot rows "
        f"({latest.period:%Y-%m}): best {min(runs):.2f} s, worst {max(runs):.2f} s   "
        f"goal < 5 s: {verdict}"
    )
    print(f"  {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
