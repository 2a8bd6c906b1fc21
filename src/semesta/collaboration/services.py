"""What the pages, the CLI and the Monev reports ask of collaboration: commitment status,
updates by the parties, outreach summaries and benefit roll-ups.

Everything is read through ``visible_to`` (region scope, and for agency officers their own
parties only); ``SYSTEM`` is the operator at the command line.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import transaction
from django.utils import timezone

from semesta.access import SYSTEM, bound_parties, covers, subtree_q
from semesta.accounts.models import IMPORTING_ROLES, Role
from semesta.collaboration.benefits import benefits_rollup
from semesta.collaboration.models import Commitment, CommitmentUpdate, Indicator
from semesta.collaboration.outreach import event_outcome, events_summary
from semesta.collaboration.progress import STATUS_LABELS, Progress, progress_of

__all__ = [
    "benefits_rollup",
    "commitments_status",
    "event_outcome",
    "events_summary",
    "may_update",
    "report_progress",
    "with_progress",
]


def with_progress(commitments, today: date | None = None) -> list[Commitment]:
    """The commitments (a queryset or list) with ``.progress`` set, in a fixed number of queries."""
    rows = list(commitments.select_related("agreement", "party", "region"))
    found = progress_of(rows, today or timezone.localdate())
    for row in rows:
        row.progress = found[row.pk]
    return rows


def commitments_status(region_code: str, principal=SYSTEM, today: date | None = None) -> dict:
    """Commitments applying in a region (and below) with their status, for pages and Monev.

    Returns ``{"counts": {status: n}, "commitments": [{"pk", "agreement", "party", "text",
    "deadline", "indicator", "target", "baseline", "current", "pct", "status", "status_label"}]}``
    where status is one of done, on_track, behind, late, not_reported.
    """
    rows = with_progress(
        Commitment.objects.visible_to(principal).filter(subtree_q("region__code", [region_code])),
        today,
    )
    listed = [_row(c, c.progress) for c in rows]
    counts = Counter(r["status"] for r in listed)
    return {"counts": {s: counts.get(s, 0) for s in STATUS_LABELS}, "commitments": listed}


def _row(c: Commitment, p: Progress) -> dict:
    return {
        "pk": c.pk,
        "agreement": str(c.agreement),
        "party": c.party.name,
        "region": c.region_id,
        "text": c.text,
        "deadline": c.deadline,
        "indicator": c.indicator,
        "target": c.target,
        "baseline": p.baseline,
        "current": p.current,
        "pct": p.pct,
        "status": p.status,
        "status_label": p.status_label,
    }


def may_add_commitments(user) -> bool:
    """Government and BPJS officers add commitments in their region; agency officers report."""
    if bound_parties(user) is not None:
        return False
    return user.memberships.filter(role__in=IMPORTING_ROLES).exists()


def may_record_agreement(user, product) -> bool:
    """Officers whose region covers the MoU's issuing region (or any officer, if national)."""
    if not may_add_commitments(user):
        return False
    return product.region_id is None or covers(user, product.region_id)


def add_commitment(commitment: Commitment, today: date) -> int | None:
    """Save a new commitment, unless its target does not lie above its baseline.

    The baseline of a measured commitment comes from the data at signing, so it is only known
    once the commitment exists: it is saved, measured and, when the target is already reached
    (e.g. "2,000" typed for "2,000 more"), rolled back. Returns that baseline then, else None.
    """
    with transaction.atomic():
        commitment.save()
        baseline = progress_of([commitment], today)[commitment.pk].baseline
        if commitment.target > baseline:
            return None
        transaction.set_rollback(True)
    commitment.pk = None
    return baseline


def may_update(user, commitment: Commitment) -> bool:
    """The party's own agency officers, and officers of the commitment's region, may report.

    Only reported commitments take a value; linked ones are measured from the data, but any
    of them takes a note with evidence.
    """
    if not Commitment.objects.visible_to(user).filter(pk=commitment.pk).exists():
        return False
    parties = bound_parties(user)
    if parties is not None:
        return commitment.party_id in parties
    return user.memberships.filter(role__in=IMPORTING_ROLES).exists() and covers(
        user, commitment.region_id
    )


@transaction.atomic
def report_progress(
    user, commitment: Commitment, value: int | None, note: str, evidence=None
) -> CommitmentUpdate:
    """Record a party's update on a commitment; a value only where progress is reported."""
    if commitment.indicator != Indicator.REPORTED:
        value = None
    return CommitmentUpdate.objects.create(
        commitment=commitment,
        by=user.username,
        value=value,
        note=note,
        evidence=evidence or "",
    )


def is_agency_officer(user) -> bool:
    return user.is_authenticated and user.memberships.filter(role=Role.AGENCY_OFFICER).exists()
