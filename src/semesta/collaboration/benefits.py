"""Benefits paid to covered workers (JKK, JKM, JHT, JP) as evidence: counts and amounts per
region, programme and sponsor. Roll-ups carry no names and no NIKs."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Sum

from semesta.access import SYSTEM, subtree_q
from semesta.collaboration.models import AgencyWorker, Benefit
from semesta.sponsorship.models import Allocation
from semesta.workers.models import RosterWorker


def benefits_rollup(region_code: str | None = None, principal=SYSTEM, sponsor=None) -> dict:
    """Counts and amounts of benefits per programme (and kind), in a region or for a sponsor.

    Returns ``{"count", "amount", "by_programme": [{"programme", "kind", "count", "amount"}]}``.
    """
    rows = Benefit.objects.visible_to(principal) if sponsor is None else Benefit.objects.all()
    if region_code:
        rows = rows.filter(subtree_q("region__code", [region_code]))
    if sponsor is not None:
        rows = rows.filter(sponsor=sponsor)
    grouped = list(
        rows.values("programme", "kind")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("programme", "kind")
    )
    labels = dict(Benefit.Kind.choices)
    for g in grouped:
        g["kind_label"] = str(labels.get(g["kind"], g["kind"]))
    return {
        "count": sum(g["count"] for g in grouped),
        "amount": sum(g["amount"] for g in grouped),
        "by_programme": grouped,
    }


def by_sponsor(principal=SYSTEM, region_code: str | None = None) -> list[dict]:
    """Benefits of sponsored workers per sponsor: counts and amounts."""
    rows = Benefit.objects.visible_to(principal).exclude(sponsor=None)
    if region_code:
        rows = rows.filter(subtree_q("region__code", [region_code]))
    return list(
        rows.values("sponsor__name", "programme")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("sponsor__name", "programme")
    )


@transaction.atomic
def record_benefit(
    *,
    programme: str,
    kind: str,
    paid_on,
    amount: int,
    by: str,
    worker: RosterWorker | None = None,
    staff: AgencyWorker | None = None,
    source: str = "manual",
    evidence=None,
) -> Benefit:
    """Record a benefit for a roster or non-ASN worker; the sponsor is the one paying their
    cover on the day (an open or then-running allocation), found from the sponsorship ledger."""
    if (worker is None) == (staff is None):
        raise ValueError("A benefit belongs to one roster worker or one non-ASN worker.")
    sponsor = None
    if worker is not None:
        allocation = (
            Allocation.objects.filter(worker=worker, start__lte=paid_on)
            .select_related("pledge__sponsor")
            .order_by("-start")
            .first()
        )
        if allocation and (allocation.ended is None or allocation.ended >= paid_on.replace(day=1)):
            sponsor = allocation.pledge.sponsor
    person = worker or staff
    return Benefit.objects.create(
        programme=programme,
        kind=kind,
        paid_on=paid_on,
        amount=amount,
        region_id=worker.region_id if worker else staff.office_id,
        worker=worker,
        staff=staff,
        nik_masked=person.nik_masked,
        sponsor=sponsor,
        source=source,
        evidence=evidence or "",
        recorded_by=by,
    )


def pledge_benefits(pledge):
    """Benefits paid to the workers a pledge covers, while its sponsor paid for them."""
    return Benefit.objects.filter(
        sponsor_id=pledge.sponsor_id, worker_id__in=pledge.allocations.values("worker_id")
    )


def pledge_rollup(pledge) -> dict:
    """Counts and amounts of a pledge's benefits per programme and kind (no names, no NIKs)."""
    grouped = list(
        pledge_benefits(pledge)
        .values("programme", "kind")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("programme", "kind")
    )
    labels = dict(Benefit.Kind.choices)
    for g in grouped:
        g["kind_label"] = str(labels.get(g["kind"], g["kind"]))
    return {
        "count": sum(g["count"] for g in grouped),
        "amount": sum(g["amount"] for g in grouped),
        "by_programme": grouped,
    }
