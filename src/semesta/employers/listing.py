"""Participants per employer for the employer list, precomputed once per snapshot.

Counting one page's employers in a month's snapshot scans every row of it (millions); the
list page shows 50 employers at a time from 115,000. Snapshots never change once written, so
each one's counts per employer are summarised once into a small Parquet file beside the
cache (keyed by the snapshot's SHA-256: a re-imported month gets its own), at process start
or on first use, and pages read 50 rows of it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings

from semesta.engine import counts

log = logging.getLogger(__name__)


def summary_path(snapshot) -> Path:
    """Where a snapshot's per-employer counts are kept."""
    return Path(settings.DATA_DIR) / "summaries" / f"employers-{snapshot.sha256}.parquet"


def build_summary(snapshot) -> Path:
    """Write (npp, active, registered) for every employer of a snapshot, sorted by NPP."""
    target = summary_path(snapshot)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    counts.write_employer_summary(snapshot.path, target)
    return target


def participants(snapshot, npps: list[str]) -> dict[str, tuple[int, int]]:
    """(active, registered) participants of each employer in a snapshot; absent ones have none.

    The same answer as ``employers.services.participants_per_employer``, from the summary.
    """
    if snapshot is None or not npps:
        return {}
    return counts.from_employer_summary(build_summary(snapshot), npps)


def warm_up() -> None:
    """Summarise the latest snapshot if that was not done yet (called at process start)."""
    from semesta.coverage.models import Snapshot

    latest = Snapshot.objects.order_by("-period").first()
    if latest is not None and Path(latest.path).exists():
        build_summary(latest)
