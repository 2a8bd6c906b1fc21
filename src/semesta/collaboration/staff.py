"""The government's own non-ASN workers: matched monthly like the rosters, share covered per
agency, and what their cover costs under the rules of the month (APBD money gets no PP 50/2025
discount, so it is priced at the full rate)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from semesta.accounts.models import government_reader
from semesta.bulk import insert_rows
from semesta.collaboration.models import AgencyWorker, StaffStatus
from semesta.contributions import calculator
from semesta.coverage.models import Snapshot
from semesta.engine import matching
from semesta.workers.matching import match_people

COVERED = matching.COVERED


def match_month(period: date) -> dict[str, int]:
    """Match every non-ASN roster against the month's snapshot (same engine as the rosters)."""
    rows = match_people(period, AgencyWorker.objects.all(), StaffStatus)
    with transaction.atomic():
        StaffStatus.objects.filter(period=period).delete()
        insert_rows(
            StaffStatus,
            ["worker", "period", "status", "segment"],
            ((r["id"], period, r["status"], r["segment"] or "") for r in rows),
        )
    counts = {matching.COVERED: 0, matching.NOT_COVERED: 0, matching.LAPSED: 0}
    for r in rows:
        counts[r["status"]] += 1
    return counts


def match_if_any(period: date) -> None:
    """After a participants import: match the non-ASN rosters too, when there are any."""
    if AgencyWorker.objects.exists():
        match_month(period)


def match_latest() -> dict[str, int] | None:
    """Match the latest month (after a non-ASN roster changes); None without any snapshot."""
    latest = Snapshot.objects.order_by("-period").values_list("period", flat=True).first()
    return None if latest is None else match_month(latest)


def latest_matched() -> date | None:
    return StaffStatus.objects.order_by("-period").values_list("period", flat=True).first()


def monthly_cost(worker: AgencyWorker, month: str) -> tuple[int, int]:
    """(due, without relaxations) for one worker's JKK + JKM in a month, priced for their funder.

    APBD- and APBN-funded cover is excluded from PP 50/2025 by the rules data, so due equals
    the full amount for them.
    """
    priced = calculator.bpu(worker.declared_income, month, "other", worker.funded_by)
    return priced.totals["total"], priced.full_total


def share_by_agency(principal, period: date | None = None) -> list[dict]:
    """Per agency (party): workers on its non-ASN roster, covered in the month, share covered,
    and the month's contributions for all of them at the APBD rate.

    Government readers only: a dinas officer sees their own agencies (``visible_to``), a
    sponsor none (a user with no government role sees no agency's staff)."""
    period = period or latest_matched()
    if hasattr(principal, "memberships") and not government_reader(principal):
        return []  # sponsors see their own pledges, not the government's own staff
    workers = AgencyWorker.objects.visible_to(principal)
    rows = (
        workers.values("party_id", "party__name")
        .annotate(
            workers=Count("id", distinct=True),
            covered=Count(
                "statuses",
                filter=Q(statuses__period=period, statuses__status=COVERED),
                distinct=True,
            ),
        )
        .order_by("party__name")
    )
    month = f"{period:%Y-%m}" if period else None
    result = []
    for r in rows:
        due = None
        if month:
            price = calculator.bpu(1_000_000, month, "other", "apbd").totals["total"]
            due = price * r["workers"]
        result.append(
            {
                "party": r["party_id"],
                "name": r["party__name"],
                "workers": r["workers"],
                "covered": r["covered"],
                "pct": round(100 * r["covered"] / r["workers"], 1) if r["workers"] else None,
                "monthly_due": due,
            }
        )
    return result
