"""The import worker: takes queued batches one at a time, persisting progress as it goes.

``semesta worker`` runs one (``semesta serve`` starts it beside the web processes). A
batch is claimed with a conditional UPDATE, so two workers never take the same batch. When no
import waits, the worker builds the Monev reports that are due, one at a time.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

from semesta.imports.models import ImportBatch
from semesta.imports.services import fail, process
from semesta.scoping import SYSTEM

log = logging.getLogger(__name__)


def claim_next() -> ImportBatch | None:
    """The oldest queued batch, now marked running; None when there is nothing to do."""
    queued = ImportBatch.objects.filter(status=ImportBatch.Status.QUEUED).order_by(
        "created_at", "pk"
    )
    for pk in queued.values_list("pk", flat=True)[:10]:
        claimed = ImportBatch.objects.filter(pk=pk, status=ImportBatch.Status.QUEUED).update(
            status=ImportBatch.Status.RUNNING
        )
        if claimed:
            return ImportBatch.objects.get(pk=pk)
    return None


def run_one() -> ImportBatch | None:
    """Process one queued batch, if any."""
    batch = claim_next()
    if batch is None:
        return None
    principal = batch.user if batch.user_id else SYSTEM

    def progress(pct: int, label: str) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(progress=pct, message=label)

    try:
        return process(batch, principal, progress)
    except Exception:  # a bug must not leave the batch "running" forever
        log.exception("import batch %s failed", batch.pk)
        return fail(batch, principal, "Terjadi kesalahan internal; tidak ada data yang diubah.")


def run_forever(stop: threading.Event, poll_seconds: float = 1.0) -> None:
    """Keep processing batches until ``stop`` is set."""
    # Batches left running by a worker that died are safe to redo: nothing of them was applied.
    ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.QUEUED
    )
    failed: set[tuple[str, str]] = set()
    while not stop.is_set():
        close_old_connections()
        if run_one() is None and not _scheduled_report(failed):
            stop.wait(poll_seconds)


def _scheduled_report(failed: set[tuple[str, str]]) -> bool:
    """Build one Monev report that is due, if any (imports go first); True if one was built."""
    if not settings.SCHEDULED_REPORTS:
        return False
    from semesta.reports.services import build_one_due

    return build_one_due(skip=failed)
