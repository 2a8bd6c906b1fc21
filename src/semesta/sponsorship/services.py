"""Allocating roster workers to pledges by rule, the month-by-month ledger and lapse alerts.

Contributions are priced by the contribution calculator under the rules of each month, for the
sponsor's kind of funds (PP 50/2025 halves them for CSR, Baznas and BUMD money in its months,
not for APBD or APBN). "Paid" counts the pledge's workers that the month's extract shows active
with this sponsor, so a payment that did not arrive shows as a shortfall.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from semesta import periods
from semesta.access import subtree_q
from semesta.accounts.models import IMPORTING_ROLES, Role
from semesta.contributions import calculator
from semesta.contributions.rules import rule_book
from semesta.regions.models import Region
from semesta.sponsorship.models import Allocation, Pledge
from semesta.workers.matching import latest_matched
from semesta.workers.models import Category, RosterStatus, RosterWorker

SECTOR_OF = {Category.DRIVER: "transport", Category.TRADER: "trader", Category.FISHER: "fisher"}
ALERT_DAYS = 30


def last_month(pledge: Pledge) -> date:
    return periods.add(pledge.start, pledge.months - 1)


def cover_ends(allocation: Allocation) -> date:
    """The last day paid: the end of the pledge, or of the month the worker was taken off."""
    last = allocation.ended or last_month(allocation.pledge)
    return periods.last_day(last)


def eligible(pledge: Pledge, principal):
    """Roster workers in the pledge's region without cover and not sponsored yet, in order."""
    latest = latest_matched()
    status = RosterStatus.objects.filter(worker=OuterRef("pk"), period=latest).values("status")
    sponsored = Allocation.objects.filter(worker=OuterRef("pk"), ended__isnull=True)
    return (
        RosterWorker.objects.visible_to(principal)
        .filter(subtree_q("region__code", [pledge.region_id]))
        .annotate(status=Subquery(status[:1]), sponsored=Exists(sponsored))
        .filter(sponsored=False)
        # Not covered in the latest month, or not matched at all (SQL's NULL is not "not covered").
        .filter(Q(status__isnull=True) | ~Q(status=RosterStatus.Status.COVERED))
        # Extreme poor first; then those who lapsed (cover to restore) before the never covered.
        .order_by("-extreme_poor", F("status").asc(nulls_last=True), "pk")
    )


@transaction.atomic
def allocate(pledge: Pledge, principal, count: int, start: date, by: str | None = None) -> int:
    """Put the first ``count`` eligible workers on the pledge from ``start``; returns how many.

    Each allocation records who made it, when and by which rule, so manual changes show.
    """
    chosen = list(eligible(pledge, principal).values_list("pk", flat=True)[:count])
    Allocation.objects.bulk_create(
        Allocation(
            pledge=pledge, worker_id=pk, start=start, by=by or principal.username, rule="rule"
        )
        for pk in chosen
    )
    refresh_ledgers([pledge.pk])
    return len(chosen)


def monthly_price(pledge: Pledge, month: str, sector: str) -> tuple[int, int]:
    """(due, without relaxations) for one worker of a sector in a month."""
    priced = calculator.bpu(pledge.declared_income, month, sector, pledge.sponsor.kind)
    return priced.totals["total"], priced.full_total


def ledger(pledge: Pledge) -> list[dict]:
    """Per month of the pledge: workers, contributions due, paid (seen active), budget left.

    Worked out from the allocations grouped by (start, end, category), a few dozen groups even
    for thousands of workers, and one grouped count of the months they were seen paid.
    """
    groups = list(
        pledge.allocations.values("start", "ended", "worker__category")
        .annotate(n=Count("id"))
        .order_by()
    )
    paid = dict(
        RosterStatus.objects.filter(
            worker__in=pledge.allocations.values("worker_id"),
            status=RosterStatus.Status.COVERED,
            sponsor_code=pledge.sponsor_id,
        )
        .values_list("period")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows, spent = [], 0
    for i in range(pledge.months):
        month = periods.add(pledge.start, i)
        label = f"{month:%Y-%m}"
        sectors: Counter = Counter()
        for g in groups:
            if g["start"] <= month and (g["ended"] is None or month <= g["ended"]):
                sectors[SECTOR_OF.get(g["worker__category"], "other")] += g["n"]
        prices = {s: monthly_price(pledge, label, s) for s in sectors}
        due = sum(prices[s][0] * n for s, n in sectors.items())
        full = sum(prices[s][1] * n for s, n in sectors.items())
        spent += due
        rows.append(
            {
                "month": label,
                "workers": sum(sectors.values()),
                "due": due,
                "without_relaxation": full,
                "paid_workers": paid.get(month),
                "budget_left": pledge.budget - spent,
            }
        )
    return rows


def _ledger_key(pledge: Pledge) -> str:
    """What a stored ledger was worked out from besides allocations and matches: the pledge's
    terms and the contribution rules in force."""
    terms = [
        pledge.sponsor_id,
        pledge.sponsor.kind,
        pledge.start.isoformat(),
        pledge.months,
        pledge.budget,
        pledge.declared_income,
        rule_book(),
    ]
    return hashlib.sha256(json.dumps(terms, sort_keys=True, default=str).encode()).hexdigest()


def stored_ledger(pledge: Pledge) -> list[dict]:
    """The pledge's ledger as stored when what it rests on last changed (worked out and stored
    now if it was not). Pages read it instead of pricing every month for every worker on each
    request; ``refresh_ledgers`` works it out again when allocations or matches change."""
    key = _ledger_key(pledge)
    stored = pledge.ledger_summary
    if stored and stored.get("key") == key:
        return stored["rows"]
    rows = ledger(pledge)
    pledge.ledger_summary = {"key": key, "rows": rows}
    Pledge.objects.filter(pk=pledge.pk).update(ledger_summary=pledge.ledger_summary)
    return rows


def refresh_ledgers(pledge_ids: list[int] | None = None) -> None:
    """Work out and store the ledgers (all when ``pledge_ids`` is None) after what they rest on
    changed: allocations, the monthly matches (who was seen paid) or the pledge's terms."""
    pledges = Pledge.objects.select_related("sponsor")
    if pledge_ids is not None:
        pledges = pledges.filter(pk__in=pledge_ids)
    for pledge in pledges:
        pledge.ledger_summary = None
        stored_ledger(pledge)


def store_missing_ledgers() -> None:
    """Work out the ledgers never stored yet (at process start, after a migration)."""
    missing = Pledge.objects.filter(ledger_summary__isnull=True).values_list("pk", flat=True)
    refresh_ledgers(list(missing))


def months_of_cover_left(pledge: Pledge, rows: list[dict], today: date) -> int | None:
    """How many more months the budget left pays at this month's cost (None: nothing due now)."""
    current = next((r for r in rows if r["month"] == f"{today:%Y-%m}"), rows[-1] if rows else None)
    if not current or not current["due"]:
        return None
    return max(current["budget_left"], 0) // current["due"]


def _alert_months(pledge: Pledge, today: date) -> list[date]:
    """Last months paid whose cover ends within the next 30 days (this month, maybe the next)."""
    months = [periods.first_day(today), periods.add(today, 1)]
    return [m for m in months if today <= periods.last_day(m) <= today + timedelta(days=ALERT_DAYS)]


def lapse_alerts(pledge: Pledge, today: date):
    """Allocations whose paid cover ends within the next 30 days."""
    months = _alert_months(pledge, today)
    query = Q(ended__in=months)
    if last_month(pledge) in months:
        query |= Q(ended__isnull=True)
    return pledge.allocations.filter(query)


def lapse_alert_count(pledge: Pledge, today: date) -> int:
    """How many of the pledge's workers lose their paid cover within the next 30 days."""
    return lapse_alerts(pledge, today).count()


@transaction.atomic
def allocate_chosen(pledge: Pledge, principal, worker_ids: list[int], start: date) -> int:
    """Put hand-picked workers on the pledge (only eligible ones: in its region, uncovered and
    not sponsored yet); recorded as manual. Returns how many were taken."""
    chosen = list(
        eligible(pledge, principal).filter(pk__in=worker_ids).values_list("pk", flat=True)
    )
    Allocation.objects.bulk_create(
        Allocation(pledge=pledge, worker_id=pk, start=start, by=principal.username, rule="manual")
        for pk in chosen
    )
    refresh_ledgers([pledge.pk])
    return len(chosen)


def already_on(pledge: Pledge, worker_ids: list[int]) -> int:
    """How many of these workers the pledge covers now."""
    return pledge.allocations.filter(worker_id__in=worker_ids, ended__isnull=True).count()


def end_allocation(allocation: Allocation, principal, today: date) -> date:
    """Take a worker off a pledge: paid through this month (or the pledge's first or last).

    Returns the last month paid; the worker becomes eligible for other pledges next month.
    """
    last = max(start_month(allocation.pledge, today), allocation.start)
    Allocation.objects.filter(pk=allocation.pk, ended__isnull=True).update(
        ended=last, ended_by=principal.username, ended_at=timezone.now()
    )
    refresh_ledgers([allocation.pledge_id])
    return last


def may_undo(allocation: Allocation, now=None) -> bool:
    """An ending may be undone in the month it was made, if the worker has no other cover yet."""
    now = timezone.localtime(now)
    if allocation.ended is None or allocation.ended_at is None:
        return False
    ended_at = timezone.localtime(allocation.ended_at)
    if (ended_at.year, ended_at.month) != (now.year, now.month):
        return False
    return not Allocation.objects.filter(worker=allocation.worker_id, ended__isnull=True).exists()


@transaction.atomic
def undo_end(allocation: Allocation) -> bool:
    """Restore an allocation ended this month (see ``may_undo``); whether it was restored."""
    if not may_undo(allocation):
        return False
    Allocation.objects.filter(pk=allocation.pk).update(ended=None, ended_by="", ended_at=None)
    refresh_ledgers([allocation.pledge_id])
    return True


def may_see_pledges(user) -> bool:
    """Sponsors (their own pledges) and officers of a region; not viewers or dinas officers,
    since a pledge lists the workers it covers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.memberships.filter(role__in=[*IMPORTING_ROLES, Role.CSR_SPONSOR]).exists()


def start_month(pledge: Pledge, today: date) -> date:
    """Allocations start this month, within the pledge's months."""
    return min(max(pledge.start, today.replace(day=1)), last_month(pledge))


def workers_per_kelurahan(pledge: Pledge) -> list[dict]:
    """The pledge's workers now covered, counted per kelurahan (RW and RT rosters included)."""
    codes = pledge.allocations.filter(ended__isnull=True).values_list(
        "worker__region_id", flat=True
    )
    counts = Counter(".".join(code.split(".")[:4]) for code in codes)
    names = {r.code: r for r in Region.objects.filter(code__in=counts).select_related("parent")}
    return [
        {
            "code": code,
            "name": names[code].name if code in names else code,
            "kecamatan": names[code].parent.name if code in names else "",
            "workers": n,
        }
        for code, n in sorted(counts.items())
    ]
