"""Reverting an applied batch: every row it added, changed or removed goes back to exactly how
it was before (its recorded ``BatchChange`` rows), in one transaction, audited.

Allowed only while nothing later rests on the batch: no later batch of the same kind, period
and scope was applied, no later batch touched the same rows, and nobody edited them since.
For participants the month's snapshot registry points back at the previous file (the store
keeps every file), and coverage facts and roster matches are recomputed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from semesta import periods
from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent
from semesta.collaboration import staff
from semesta.collaboration.models import StaffStatus
from semesta.coverage import services as coverage
from semesta.coverage.models import CoverageFact, Snapshot
from semesta.imports import changes, lifecycle, registry
from semesta.imports.models import ImportBatch
from semesta.workers.matching import match_latest, match_month
from semesta.workers.models import RosterStatus, RosterWorker

RevertRefused = changes.RevertRefused


def check_revertible(batch: ImportBatch) -> None:
    """Raise RevertRefused (with the reason in Bahasa Indonesia) unless the batch can be
    reverted now."""
    if batch.status != ImportBatch.Status.APPLIED:
        raise RevertRefused(
            f"Hanya impor yang diterapkan yang dapat dibatalkan penerapannya; impor"
            f" #{batch.pk} berstatus “{batch.get_status_display()}”."
        )
    if not batch.changes.exists() and batch.rows_accepted:
        raise RevertRefused(
            f"Impor #{batch.pk} diterapkan sebelum perubahan per baris dicatat; penerapannya"
            " tidak dapat dibatalkan otomatis."
        )
    if registry.get(batch.kind).needs_period:
        later = ImportBatch.objects.filter(
            kind=batch.kind,
            period=batch.period,
            pk__gt=batch.pk,
            status__in=[ImportBatch.Status.APPLIED, ImportBatch.Status.REPLACED],
        ).first()
        if later is not None:
            raise RevertRefused(
                f"Impor #{later.pk} yang lebih baru sudah diterapkan untuk periode yang sama;"
                " batalkan penerapan impor itu lebih dulu."
            )
    changes.check_untouched(batch)


def revert(batch: ImportBatch, principal, request=None) -> ImportBatch:
    """Put back what the batch changed and mark it reverted (and the batches it had replaced
    applied again); audited with who asked. Raises RevertRefused when it cannot be done."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        check_revertible(locked)
        restored = changes.restore(locked)
        ImportBatch.objects.filter(replaced_by=locked, status=ImportBatch.Status.REPLACED).update(
            status=ImportBatch.Status.APPLIED, replaced_by=None
        )
        registry.get(locked.kind).run("after_revert", locked)
        updated = ImportBatch.objects.filter(
            pk=locked.pk, status=ImportBatch.Status.APPLIED
        ).update(
            status=ImportBatch.Status.REVERTED,
            decided_by=principal.username,
            finished_at=timezone.now(),
            message=(
                f"Penerapan dibatalkan oleh {principal.username}: {restored} baris kembali"
                " seperti sebelum impor ini."
            ),
        )
        if not updated:
            raise lifecycle.LeaseLost(locked.pk)
        record(
            principal,
            AuditEvent.Action.IMPORT,
            region_code=locked.region_code,
            obj_type="import_batch_revert",
            obj_id=locked.pk,
            detail={"status": "reverted", "kind": locked.kind, "rows_restored": restored},
            request=request,
        )
    return ImportBatch.objects.get(pk=batch.pk)


def refresh_participants(batch: ImportBatch) -> None:
    """The month's facts, and the next month's lapses, from the snapshot now registered; the
    roster and staff matches of the month."""
    period = periods.label(batch.period)
    if not Snapshot.objects.filter(period=batch.period).exists():
        # No snapshot of the month before this batch: nothing derived from one either.
        CoverageFact.objects.filter(period=batch.period).delete()
        RosterStatus.objects.filter(period=batch.period).delete()
        StaffStatus.objects.filter(period=batch.period).delete()
    following = periods.label(periods.add(batch.period, 1))
    coverage.recompute([period, following])
    if RosterWorker.objects.exists() and Snapshot.objects.filter(period=batch.period).exists():
        match_month(batch.period)
    staff.match_if_any(batch.period)


def refresh_workforce(batch: ImportBatch) -> None:
    """Coverage of the batch's month and later ones (their denominators changed)."""
    later = Snapshot.objects.filter(period__gte=batch.period).values_list("period", flat=True)
    coverage.recompute([periods.label(p) for p in later])


def refresh_roster(batch: ImportBatch) -> None:
    """Who on the rosters is covered in the latest month."""
    match_latest()


def refresh_staff(batch: ImportBatch) -> None:
    """Who of the non-ASN staff is covered in the latest month."""
    staff.match_latest()
