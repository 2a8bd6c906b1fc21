"""Monthly roster matching: every roster worker's status for a month, stored for the pages."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
from django.db import transaction

from semesta.bulk import insert_rows
from semesta.coverage.models import Snapshot
from semesta.engine import matching
from semesta.workers.models import RosterStatus, RosterWorker


def match_people(period: date, people, statuses) -> list[dict]:
    """Each person's status in the month: ``people`` has ``pk`` and ``nik_hash``; ``statuses``
    is the model holding earlier months' results (who was covered before, for lapses)."""
    snapshot = Snapshot.objects.get(period=period)
    previous = Snapshot.objects.filter(period__lt=period).order_by("-period").first()
    last = (
        statuses.objects.filter(period__lt=period)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    earlier = list(
        statuses.objects.filter(period=last)
        .exclude(status=matching.NOT_COVERED)
        .values_list("worker_id", flat=True)
    )
    ids, hashes = [], []
    for pk, digest in people.values_list("pk", "nik_hash").iterator(chunk_size=5000):
        ids.append(pk)
        hashes.append(bytes(digest))
    table = pa.table({"id": pa.array(ids, pa.int64()), "nik_hash": pa.array(hashes, pa.binary())})
    return matching.match(
        table,
        snapshot.path,
        previous and previous.path,
        pa.table({"id": pa.array(earlier, pa.int64())}),
    ).to_pylist()


def match_month(period: date, workers: list[int] | None = None) -> dict[str, int]:
    """Match all rosters (or only ``workers``) against the month's snapshot; count per status."""
    roster = (
        RosterWorker.objects.all()
        if workers is None
        else RosterWorker.objects.filter(pk__in=workers)
    )
    rows = match_people(period, roster, RosterStatus)
    with transaction.atomic():
        replaced = RosterStatus.objects.filter(period=period)
        if workers is not None:
            replaced = replaced.filter(worker__in=workers)
        replaced.delete()
        insert_rows(
            RosterStatus,
            ["worker", "period", "status", "segment", "sponsor_code"],
            (
                (r["id"], period, r["status"], r["segment"] or "", r["sponsor_code"] or "")
                for r in rows
            ),
        )
    from semesta.sponsorship.services import refresh_ledgers  # sponsorship builds on workers

    refresh_ledgers()  # "paid" in pledge ledgers counts these matches
    counts = dict.fromkeys(RosterStatus.Status.values, 0)
    for r in rows:
        counts[r["status"]] += 1
    return counts


def latest_matched() -> date | None:
    """The last month the rosters were matched for (what roster, programme and plan pages show)."""
    return RosterStatus.objects.order_by("-period").values_list("period", flat=True).first()


def match_latest() -> dict[str, int] | None:
    """Match the latest month (after a roster changes); None without any snapshot."""
    latest = Snapshot.objects.order_by("-period").values_list("period", flat=True).first()
    return None if latest is None else match_month(latest)
