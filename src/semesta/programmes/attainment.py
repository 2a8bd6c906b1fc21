"""How far an 'N per RW' programme has come, per RW, kecamatan and city, and which Monev is due.

Attainment counts the roster workers of each RW who were covered in the month (the monthly roster
matching); an RW is at target with at least ``target_per_rw`` of them, and a kecamatan (or the
city) meets the programme's aim when the share of its RWs at target reaches ``aim_pct``.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count

from semesta.access import covers, scope_roots, subtree_q, within
from semesta.programmes.models import Monev, Programme, Rhythm
from semesta.regions.models import Level, Region
from semesta.regions.services import ancestor_code
from semesta.workers.models import RosterStatus

GRACE = timedelta(days=30)  # a Monev is overdue a month after its period ends


@dataclass(frozen=True)
class Tally:
    code: str
    name: str
    rw_total: int
    rw_at_target: int
    covered: int
    target: int
    aim_pct: float

    @property
    def share_pct(self) -> float | None:
        return None if not self.rw_total else round(100 * self.rw_at_target / self.rw_total, 2)

    @property
    def aim_met(self) -> bool:
        return self.share_pct is not None and self.share_pct >= self.aim_pct


@dataclass(frozen=True)
class Due:
    region: Region
    period: str
    ends: date
    status: str  # done, due, overdue
    monev: Monev | None


def latest_period() -> date | None:
    """The last month the rosters were matched for (what the programme figures show)."""
    return RosterStatus.objects.order_by("-period").values_list("period", flat=True).first()


def rw_of(code: str) -> str:
    """The RW a roster worker's region belongs to (an RT's parent RW, or the RW itself)."""
    return ".".join(code.split(".")[:5])


def reached(principal, programme: Programme) -> list[Region]:
    """The programme's kecamatan the principal sees, or works inside (a kelurahan officer)."""
    roots = scope_roots(principal)
    return [
        k
        for k in programme.kecamatan.order_by("code")
        if covers(principal, k.code) or any(within(root, k.code) for root in roots)
    ]


def attainment(principal, programme: Programme, period: date | None) -> dict:
    """Per RW, per kecamatan and for the whole programme, within the principal's region."""
    kecamatan = reached(principal, programme)
    codes = [k.code for k in kecamatan]
    rws = list(
        Region.objects.visible_to(principal)
        .filter(subtree_q("code", codes), level=Level.RW)
        .values_list("code", flat=True)
    )
    covered: Counter[str] = Counter()
    per_region = (  # counted in the database per RW or RT, folded into RWs here
        RosterStatus.objects.visible_to(principal)
        .filter(period=period, status=RosterStatus.Status.COVERED)
        .filter(subtree_q("worker__region__code", codes))
        .order_by()
        .values_list("worker__region_id")
        .annotate(n=Count("id"))
    )
    for code, n in per_region:
        covered[rw_of(code)] += n
    target, aim = programme.target_per_rw, float(programme.aim_pct)
    rw_rows = [
        {
            "code": code,
            "kecamatan": kec,
            "covered": covered[code],
            "target": target,
            "at_target": covered[code] >= target,
        }
        for code, kec in ((rw, ancestor_code(rw, Level.KECAMATAN)) for rw in rws)
    ]
    per_kecamatan = [
        _tally(k.code, k.name, [r for r in rw_rows if r["kecamatan"] == k.code], target, aim)
        for k in kecamatan
    ]
    return {
        "period": period,
        "rws": rw_rows,
        "kecamatan": per_kecamatan,
        "total": _tally(programme.owner_id, programme.owner.name, rw_rows, target, aim),
    }


def _tally(code: str, name: str, rows: list[dict], target: int, aim: float) -> Tally:
    return Tally(
        code=code,
        name=name,
        rw_total=len(rows),
        rw_at_target=sum(r["at_target"] for r in rows),
        covered=sum(r["covered"] for r in rows),
        target=target * len(rows),
        aim_pct=aim,
    )


def periods(rhythm: str, start: date, today: date) -> list[tuple[str, date]]:
    """The monitoring periods from the programme's start that ended before today."""
    months = {Rhythm.QUARTER: 3, Rhythm.SEMESTER: 6, Rhythm.YEAR: 12}[rhythm]
    out = []
    first = (start.month - 1) // months
    year, index = start.year, first
    while True:
        end_month = (index + 1) * months
        ends = date(year, end_month, calendar.monthrange(year, end_month)[1])
        if ends >= today:
            return out
        label = {3: f"{year}-Q{index + 1}", 6: f"{year}-S{index + 1}", 12: f"{year}"}[months]
        out.append((label, ends))
        index += 1
        if index * months >= 12:
            year, index = year + 1, 0


def monev_schedule(principal, programme: Programme, today: date) -> list[Due]:
    """Every Monev the programme calls for so far, in the principal's region, newest first."""
    held = {(m.region_id, m.period): m for m in programme.monev.all()}
    levels = [
        (k, programme.kecamatan_rhythm)
        for k in Region.objects.visible_to(principal).filter(
            pk__in=programme.kecamatan.values("pk")
        )
    ]
    if covers(principal, programme.owner_id):
        levels.append((programme.owner, programme.kota_rhythm))
    due = []
    for region, rhythm in levels:
        for label, ends in periods(rhythm, programme.start, today):
            record = held.get((region.code, label))
            status = "done" if record else ("due" if today <= ends + GRACE else "overdue")
            due.append(Due(region, label, ends, status, record))
    return sorted(due, key=lambda d: (d.ends, d.region.code), reverse=True)
