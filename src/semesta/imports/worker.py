"""The import worker: checks received batches one at a time, persisting progress as it goes.

``semesta worker`` runs one (``semesta serve`` starts it beside the web processes). It takes
only batches that were fully received and that no process owns (web and API uploads; the CLI
owns its own batches), claiming each with a conditional UPDATE so two workers never take the
same batch. Before each claim it marks **abandoned** every in-flight batch whose owner died
(its lease ran out, or its process is gone from this host): such a batch is never applied.
When no import waits, the worker builds the Monev reports that are due, one at a time.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

from semesta.access import SYSTEM
from semesta.imports import lifecycle
from semesta.imports.models import ImportBatch
from semesta.imports.services import fail, process

log = logging.getLogger(__name__)


def claim_next() -> ImportBatch | None:
    """The oldest received batch nobody owns, now checking and ours; None when there is none."""
    waiting = ImportBatch.objects.filter(status=ImportBatch.Status.RECEIVED, owner="").order_by(
        "created_at", "pk"
    )
    for batch in waiting[:10]:
        if lifecycle.claim(batch, ImportBatch.Status.RECEIVED, ImportBatch.Status.CHECKING):
            return batch
    return None


def run_one() -> ImportBatch | None:
    """Abandon orphaned batches, then check (and apply or hold) one received batch, if any."""
    abandoned = lifecycle.abandon_orphans()
    if abandoned:
        log.warning("%s import batch(es) abandoned: their process died", abandoned)
    batch = claim_next()
    if batch is None:
        return None
    principal = batch.user if batch.user_id else SYSTEM
    try:
        # A web or API upload: a full file that would remove rows waits for the officer to
        # confirm its preview on the batch page.
        done = process(batch, principal, yes=False)
        log.info("import batch %s %s by %s", batch.pk, done.status, lifecycle.me())
        return done
    except lifecycle.LeaseLost:
        log.warning("import batch %s was taken over", batch.pk)
        return ImportBatch.objects.get(pk=batch.pk)
    except Exception:  # a bug must not leave the batch "checking" forever
        log.exception("import batch %s failed", batch.pk)
        return fail(batch, principal, "Terjadi kesalahan internal; tidak ada data yang diubah.")


def run_until_idle() -> int:
    """Process every waiting batch, then return how many were processed (``--once``)."""
    count = 0
    while run_one() is not None:
        count += 1
    lifecycle.abandon_orphans()
    return count


def run_forever(stop: threading.Event, poll_seconds: float = 1.0) -> None:
    """Keep processing batches until ``stop`` is set."""
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
