"""Commitment progress: from the data where an indicator is linked, from reports where not.

Every function takes many commitments at once and costs a fixed number of queries, so a page
listing 5 or 500 commitments reads the database the same number of times.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from semesta import periods
from semesta.access import subtree_q, within
from semesta.collaboration.models import Commitment, CommitmentUpdate, Indicator, StaffStatus
from semesta.coverage.models import CoverageFact
from semesta.workers.models import RosterStatus

DONE, ON_TRACK, BEHIND, LATE, NOT_REPORTED = "done", "on_track", "behind", "late", "not_reported"
STATUS_LABELS = {
    DONE: _("Selesai"),
    ON_TRACK: _("Sesuai jadwal"),
    BEHIND: _("Tertinggal"),
    LATE: _("Terlambat"),
    NOT_REPORTED: _("Belum dilaporkan"),
}


@dataclass
class Progress:
    """Where a commitment stands: its baseline, current level, share done and status."""

    baseline: int
    current: int | None
    measured: date | None  # the month of the data, or the day of the report
    pct: float | None  # share of the way from the baseline to the target, 0–100
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def status_for(
    commitment: Commitment, baseline: int, current: int | None, today: date, start: date
) -> str:
    """Done once the target is reached; late after the deadline; otherwise on track when at
    least the straight-line share of the way for the time elapsed since the MoU is done."""
    if current is not None and current >= commitment.target:
        return DONE
    if today > commitment.deadline:
        return LATE
    if current is None:
        return NOT_REPORTED
    span = (commitment.deadline - start).days or 1
    expected = baseline + (commitment.target - baseline) * max((today - start).days, 0) / span
    return ON_TRACK if current >= expected else BEHIND


def progress_of(commitments: list[Commitment], today: date) -> dict[int, Progress]:
    """Progress of each commitment (select_related agreement) on ``today``."""
    values = _measured(commitments, today)
    result = {}
    for c in commitments:
        start = c.agreement.signed_on
        baseline_found, (current, measured) = (
            values.get((c.pk, "baseline")),
            values.get((c.pk, "current"), (None, None)),
        )
        baseline = c.baseline if c.baseline is not None else (baseline_found or (0, None))[0]
        span = c.target - baseline
        pct = None
        if current is not None:
            pct = 100.0 if span <= 0 else max(0.0, min(100.0, 100 * (current - baseline) / span))
        result[c.pk] = Progress(
            baseline, current, measured, pct, status_for(c, baseline, current, today, start)
        )
    return result


def _measured(commitments: list[Commitment], today: date) -> dict:
    """{(pk, "current"|"baseline"): (value, when)} for each commitment that has a value."""
    found: dict = {}
    by_kind = defaultdict(list)
    for c in commitments:
        by_kind[c.indicator].append(c)
    found.update(_reported(by_kind[Indicator.REPORTED], today))
    found.update(_segment(by_kind[Indicator.SEGMENT], today))
    found.update(_roster(by_kind[Indicator.ROSTER], today))
    found.update(_staff(by_kind[Indicator.STAFF], today))
    return found


def _reported(commitments: list[Commitment], today: date) -> dict:
    found = {}
    updates = (
        CommitmentUpdate.objects.filter(commitment__in=commitments, value__isnull=False)
        .filter(at__date__lte=today)
        .order_by("commitment_id", "at", "pk")
        .values_list("commitment_id", "value", "at")
    )
    for pk, value, at in updates:  # the last report wins
        found[(pk, "current")] = (value, at.date())
    return found


def _fact_periods(today: date) -> list[date]:
    return list(
        CoverageFact.objects.filter(period__lte=today)
        .order_by("period")
        .values_list("period", flat=True)
        .distinct()
    )


def _at_or_before(periods: list[date], day: date) -> date | None:
    earlier = [p for p in periods if p <= day]
    return earlier[-1] if earlier else (periods[0] if periods else None)


def _segment(commitments: list[Commitment], today: date) -> dict:
    if not commitments:
        return {}
    periods = _fact_periods(today)
    if not periods:
        return {}
    wanted = {
        p for c in commitments for p in (periods[-1], _at_or_before(periods, c.agreement.signed_on))
    }
    facts = {
        (r, s, p): a
        for r, s, p, a in CoverageFact.objects.filter(
            region_code__in={c.region_id for c in commitments},
            segment__in={c.segment or "ALL" for c in commitments},
            period__in=wanted,
        ).values_list("region_code", "segment", "period", "active")
    }
    found = {}
    for c in commitments:
        key = (c.region_id, c.segment or "ALL")
        start = _at_or_before(periods, c.agreement.signed_on)
        if (*key, start) in facts:
            found[(c.pk, "baseline")] = (facts[(*key, start)], start)
        if (*key, periods[-1]) in facts:
            found[(c.pk, "current")] = (facts[(*key, periods[-1])], periods[-1])
    return found


def _matched_periods(model, today: date) -> list[date]:
    return list(
        model.objects.filter(period__lte=today)
        .order_by("period")
        .values_list("period", flat=True)
        .distinct()
    )


def _roster(commitments: list[Commitment], today: date) -> dict:
    """Covered roster workers in each commitment's region (and group), summed from one query."""
    periods = _matched_periods(RosterStatus, today)
    if not commitments or not periods:
        return {}
    starts = {c.pk: _at_or_before(periods, c.agreement.signed_on) for c in commitments}
    rows = (
        RosterStatus.objects.filter(
            subtree_q("worker__region__code", sorted({c.region_id for c in commitments})),
            status=RosterStatus.Status.COVERED,
            period__in={periods[-1], *starts.values()},
        )
        .values_list("worker__region_id", "worker__category", "period")
        .annotate(n=Count("id"))
    )
    counts = list(rows)
    found = {}
    for c in commitments:
        for label, period in (("baseline", starts[c.pk]), ("current", periods[-1])):
            found[(c.pk, label)] = (
                sum(
                    n
                    for region, category, p, n in counts
                    if p == period
                    and within(region, c.region_id)
                    and (not c.category or category == c.category)
                ),
                period,
            )
    return found


def _staff(commitments: list[Commitment], today: date) -> dict:
    """Covered non-ASN staff of each commitment's party in its region, from one query."""
    periods = _matched_periods(StaffStatus, today)
    if not commitments or not periods:
        return {}
    starts = {c.pk: _at_or_before(periods, c.agreement.signed_on) for c in commitments}
    counts = list(
        StaffStatus.objects.filter(
            worker__party__in={c.party_id for c in commitments},
            status=RosterStatus.Status.COVERED,
            period__in={periods[-1], *starts.values()},
        )
        .values_list("worker__party_id", "worker__office_id", "period")
        .annotate(n=Count("id"))
    )
    found = {}
    for c in commitments:
        for label, period in (("baseline", starts[c.pk]), ("current", periods[-1])):
            found[(c.pk, label)] = (
                sum(
                    n
                    for party, office, p, n in counts
                    if p == period and party == c.party_id and within(office, c.region_id)
                ),
                period,
            )
    return found


def history(commitment: Commitment) -> list[dict]:
    """The commitment's record: monthly values of a linked indicator, or the reports made."""
    if commitment.indicator == Indicator.REPORTED:
        return [
            {"when": u.at.date(), "value": u.value, "note": u.note, "by": u.by, "update": u}
            for u in commitment.updates.all()
        ]
    if commitment.indicator == Indicator.SEGMENT:
        rows = CoverageFact.objects.filter(
            region_code=commitment.region_id,
            segment=commitment.segment or "ALL",
            period__gte=periods.first_day(commitment.agreement.signed_on),
        ).values_list("period", "active")
    elif commitment.indicator == Indicator.ROSTER:
        rows = (
            RosterStatus.objects.filter(
                subtree_q("worker__region__code", [commitment.region_id]),
                status=RosterStatus.Status.COVERED,
                **({"worker__category": commitment.category} if commitment.category else {}),
            )
            .values_list("period")
            .annotate(n=Count("id"))
        )
    else:
        rows = (
            StaffStatus.objects.filter(
                subtree_q("worker__office__code", [commitment.region_id]),
                worker__party=commitment.party_id,
                status=RosterStatus.Status.COVERED,
            )
            .values_list("period")
            .annotate(n=Count("id"))
        )
    return [{"when": p, "value": v} for p, v in sorted(rows, reverse=True)]
