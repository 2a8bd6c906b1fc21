"""The figures of a Monev report, gathered as its region's own officer sees them.

Everything here is plain data (numbers, strings, ISO dates) so that it can be digested: a rebuild
from the same snapshots, as of the same day, gives the same digest. Charts are drawn from it
afterwards and are not part of the digest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from datetime import date, timedelta

from django.db.models import Count, Q

from semesta import periods
from semesta.access import Within, subtree_q
from semesta.collaboration.services import benefits_rollup, commitments_status, events_summary
from semesta.coverage.cache import data_version
from semesta.coverage.models import CoverageFact, Snapshot, Workforce
from semesta.coverage.region import region_page, series
from semesta.coverage.summary import NoCoverage
from semesta.employers.models import Employer, SeResponse
from semesta.engine.coverage import ALL
from semesta.engine.store import SEGMENTS
from semesta.errors import UserError
from semesta.legal.models import LegalProduct
from semesta.programmes.attainment import GRACE, attainment
from semesta.programmes.attainment import periods as programme_periods
from semesta.programmes.models import Programme
from semesta.regions.models import Region
from semesta.reports.periods import Period
from semesta.sponsorship.models import Allocation, Pledge
from semesta.sponsorship.services import ledger
from semesta.workers.models import RosterWorker


class NoData(UserError):
    """The period has no coverage figures yet (its last month has not been imported)."""

    def __init__(self, region: Region, period: Period):
        month = periods.label(period.last)
        super().__init__(
            f"Belum ada data cakupan {region.name} untuk {month}, bulan terakhir periode.",
            f"No coverage figures for {region.name} in {month}, the period's last month.",
        )


def gather(region: Region, period: Period, as_of: date) -> tuple[dict, dict]:
    """All sections of the report, and its charts as SVG; dated records count up to ``as_of``."""
    within = Within(region.code)
    try:
        page = region_page(within, region.code, period.last)
    except NoCoverage as missing:
        raise NoData(region, period) from missing
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "period": {
            "label": period.label,
            "first": periods.label(period.first),
            "last": periods.label(period.last),
        },
        "as_of": as_of.isoformat(),
        "coverage": _coverage(within, region, period, page),
        "lapses": _lapses(within, region, period),
        "programmes": _programmes(within, period, as_of),
        "sponsorship": _sponsorship(within, region, period),
        "employers": _employers(within, period, as_of),
        "legal": _legal(region, as_of),
        "collaboration": _collaboration(within, region, period, as_of),
    }, _charts(page)


def _charts(page: dict) -> dict:
    """The dashboard's charts (Vega-Lite drawn to SVG), up to the period's last month."""
    return {key: page[key] for key in ("trend", "segments", "map", "legend")}


def digest(data: dict) -> str:
    """SHA-256 of the figures, stable across runs and machines."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def sources(region: Region, period: Period) -> dict:
    """The data batches the report rests on, so a rebuild can be checked against them."""
    months = [period.before, *period.months]
    snapshots = Snapshot.objects.filter(period__in=months).order_by("period")
    workforce = (
        Workforce.objects.filter(
            Q(region_id__in=[*region.ancestor_codes, region.code])
            | subtree_q("region__code", [region.code]),
            period__lte=period.last,
        )
        .exclude(batch=None)
        .values_list("batch_id", flat=True)
        .distinct()
    )
    rosters = (
        RosterWorker.objects.visible_to(Within(region.code))
        .exclude(batch=None)
        .values_list("batch_id", flat=True)
        .distinct()
    )
    return {
        "snapshots": [
            {"period": periods.label(s.period), "id": s.pk, "batch": s.batch_id, "rows": s.rows}
            for s in snapshots
        ],
        "workforce_batches": sorted(workforce),
        "roster_batches": sorted(rosters),
        "data_version": data_version(),
    }


def _coverage(within, region: Region, period: Period, page: dict) -> dict:
    summary = page["summary"]
    months = {m["period"]: m for m in series(within, region.code)}
    wanted = [periods.label(m) for m in period.months]
    last = periods.label(period.last)
    trend = [m for m in months.values() if m["period"] <= last][-12:]
    before = CoverageFact.objects.visible_to(within).filter(period=period.before, segment=ALL)
    start = {
        f.region_code: f
        for f in before.filter(Q(region_code=region.code) | Q(parent_code=region.code))
    }
    own_start = start.get(region.code)
    return {
        "active": summary["participants_active"],
        "registered": summary["participants_registered"],
        "workforce": summary["workforce"],
        "coverage_pct": summary["coverage_pct"],
        "start_active": own_start.active if own_start else None,
        "start_pct": _pct(own_start.coverage_pct) if own_start else None,
        "segments": summary["segments"],
        "target": summary["target"],
        "outlook": dataclasses.asdict(page["outlook"]) if page["outlook"] else None,
        "months": [
            {k: months[m][k] for k in ("period", "active", "workforce", "coverage_pct")}
            for m in wanted
            if m in months
        ],
        "trend": [
            {
                "period": m["period"],
                "coverage_pct": _pct(m["coverage_pct"]),
                "target_pct": round(100 * m["target_count"] / m["workforce"], 2)
                if m["target_count"] and m["workforce"]
                else None,
            }
            for m in trend
        ],
        "children": [
            {
                **{k: c[k] for k in ("code", "name", "participants_active", "workforce", "gap")},
                "coverage_pct": c["coverage_pct"],
                "start_pct": _pct(start[c["code"]].coverage_pct) if c["code"] in start else None,
            }
            for c in summary["children"]
        ],
    }


def _lapses(within, region: Region, period: Period) -> list[dict]:
    rows = (
        CoverageFact.objects.visible_to(within)
        .filter(region_code=region.code, period__in=period.months)
        .values_list("period", "segment", "lapsed")
    )
    by_month: dict[str, dict] = {}
    for month, segment, lapsed in rows:
        by_month.setdefault(periods.label(month), {})[segment] = lapsed
    return [
        {"month": m, **{s: v.get(s, 0) for s in SEGMENTS}, "total": v.get(ALL, 0)}
        for m, v in sorted(by_month.items())
    ]


def _programmes(within, period: Period, as_of: date) -> list[dict]:
    out = []
    for programme in Programme.objects.visible_to(within).select_related("owner"):
        result = attainment(within, programme, period.last)
        out.append(
            {
                "name": programme.name,
                "source": programme.source,
                "target_per_rw": programme.target_per_rw,
                "aim_pct": float(programme.aim_pct),
                "kecamatan": [_tally(t) for t in result["kecamatan"]],
                "total": _tally(result["total"]),
                "rws": _rw_rows(result["rws"]),
                "monev": _monev(within, programme, period, as_of),
            }
        )
    return out


def _tally(tally) -> dict:
    return {
        "code": tally.code,
        "name": tally.name,
        "rw_total": tally.rw_total,
        "rw_at_target": tally.rw_at_target,
        "share_pct": tally.share_pct,
        "covered": tally.covered,
        "target": tally.target,
        "aim_met": tally.aim_met,
    }


def _rw_rows(rows: list[dict]) -> list[dict]:
    names = {
        code: f"{kelurahan} · {name}"
        for code, name, kelurahan in Region.objects.filter(
            code__in=[r["code"] for r in rows]
        ).values_list("code", "name", "parent__name")
    }
    return [
        {
            "code": r["code"],
            "name": names.get(r["code"], r["code"]),
            "covered": r["covered"],
            "target": r["target"],
            "at_target": r["at_target"],
            "short": max(r["target"] - r["covered"], 0),
        }
        for r in sorted(rows, key=lambda r: r["code"])
    ]


def _monev(within, programme: Programme, period: Period, as_of: date) -> list[dict]:
    """Every Monev the programme called for in the region up to the period: held by ``as_of``?"""
    held = {(m.region_id, m.period): m.held_on for m in programme.monev.filter(held_on__lte=as_of)}
    regions = list(
        Region.objects.visible_to(within).filter(pk__in=programme.kecamatan.values("pk"))
    )
    rhythms = [(k, programme.kecamatan_rhythm) for k in regions]
    if Region.objects.visible_to(within).filter(pk=programme.owner_id).exists():
        rhythms.append((programme.owner, programme.kota_rhythm))
    rows = []
    for region, rhythm in rhythms:
        for label, ends in programme_periods(
            rhythm, programme.start, periods.last_day(period.last) + ONE_DAY
        ):
            when = held.get((region.code, label))
            status = "done" if when else ("due" if as_of <= ends + GRACE else "overdue")
            rows.append(
                {
                    "region": region.name,
                    "period": label,
                    "ends": ends.isoformat(),
                    "status": status,
                    "held_on": when.isoformat() if when else None,
                }
            )
    return sorted(rows, key=lambda r: (r["ends"], r["region"]), reverse=True)


def _sponsorship(within, region: Region, period: Period) -> dict:
    last = period.last
    active = (
        Allocation.objects.filter(start__lte=last)
        .filter(Q(ended__isnull=True) | Q(ended__gte=last))
        .filter(subtree_q("worker__region__code", [region.code]))
    )
    by_pledge = Counter(active.values_list("pledge_id", flat=True))
    pledges = Pledge.objects.filter(pk__in=by_pledge) | Pledge.objects.visible_to(within)
    rows = []
    for pledge in pledges.distinct().select_related("sponsor", "region").order_by("pk"):
        months = ledger(pledge)
        spent = [m for m in months if m["month"] <= periods.label(last)]
        rows.append(
            {
                "sponsor": pledge.sponsor.name,
                "pledge": pledge.name,
                "region": pledge.region.name,
                "budget": pledge.budget,
                "spent": pledge.budget - spent[-1]["budget_left"] if spent else 0,
                "workers_here": by_pledge.get(pledge.pk, 0),
                "workers_all": spent[-1]["workers"] if spent else 0,
            }
        )
    return {"workers": sum(by_pledge.values()), "pledges": rows}


def _employers(within, period: Period, as_of: date) -> dict:
    end = periods.last_day(period.last)
    employers = Employer.objects.visible_to(within).filter(active=True, registered_on__lte=end)
    counts = employers.aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(registered_on__gte=period.first)),
        pds_workers=Count("pk", filter=Q(pds_workers=True)),
        pds_wages=Count("pk", filter=Q(pds_wages=True)),
        pds_programmes=Count("pk", filter=Q(pds_programmes=True)),
    )
    sizes = dict(employers.values_list("size").annotate(n=Count("pk")).order_by())
    responses = (
        SeResponse.objects.visible_to(within)
        .filter(responded_on__lte=as_of)
        .select_related("employer", "circular")
        .order_by("circular__year", "circular__number", "employer__name")
    )
    return {
        **counts,
        "sizes": {size: sizes.get(size, 0) for size in Employer.Size.values},
        "responses": [
            {
                "employer": r.employer.name,
                "npp": r.employer_id,
                "circular": str(r.circular),
                "responded_on": r.responded_on.isoformat(),
                "action": r.action,
                "recognised_on": r.recognised_on.isoformat()
                if r.recognised_on and r.recognised_on <= as_of
                else None,
            }
            for r in responses
        ],
    }


def _collaboration(within, region: Region, period: Period, as_of: date) -> dict:
    """MoU commitments applying in the region, outreach events of the period, benefits paid."""
    commitments = commitments_status(region.code, within, today=as_of)
    events = events_summary(region.code, period.first, periods.last_day(period.last), within)
    return {
        "commitment_counts": commitments["counts"],
        "commitments": [
            {k: c[k] for k in ("agreement", "party", "text", "deadline", "target", "current")}
            | {"pct": c["pct"], "status": str(c["status_label"])}
            for c in commitments["commitments"]
        ],
        "events": {k: events[k] for k in ("events", "attendance", "registrations_90", "excess_90")},
        "event_rows": [
            {k: e[k] for k in ("held_on", "title", "area", "organiser", "attendance")}
            | {k: e[k] for k in ("registrations_90", "difference_90", "complete_90")}
            | {"audience": str(e["audience"])}
            for e in events["rows"]
        ],
        "benefits": benefits_rollup(region.code, within),
    }


def _legal(region: Region, as_of: date) -> list[dict]:
    products = LegalProduct.objects.in_force_for(region).filter(
        Q(issued_on__lte=as_of) | Q(issued_on__isnull=True, year__lte=as_of.year)
    )
    return [
        {
            "kind": p.get_kind_display(),
            "number": p.number,
            "year": p.year,
            "issued_on": p.issued_on.isoformat() if p.issued_on else None,
            "issuer": p.issuer,
            "subject": p.subject,
        }
        for p in products
    ]


def _pct(value) -> float | None:
    return None if value is None else float(value)


ONE_DAY = timedelta(days=1)
