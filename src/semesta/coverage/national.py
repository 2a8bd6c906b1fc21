"""The national view: every province the person may see, with its kab/kota, Kemendagri's
categories and rankings, and the national coverage against the RPJMN path.

Provinces are tenants: each has its own officers, targets and data. Only provinces with
coverage facts for a month have figures; the others are listed as "belum ada data". National
roles (Kemendagri, BPJS head office) see every province; anyone else sees what the access core
grants them (a province administrator: their province).
"""

from __future__ import annotations

from datetime import date

from semesta.access import VIEW, restrict
from semesta.coverage import kemendagri
from semesta.coverage.models import CoverageFact
from semesta.engine.coverage import ALL
from semesta.regions.models import Level, Region

# The Kemendagri evaluation levels shown on the national page, with the facts' level names.
LEVELS = (Level.PROVINCE, Level.KOTA)


def national_overview(who, period: date | None) -> dict:
    """Provinces and kab/kota with their month's figures, category and rank; national totals
    and the monthly trend against the national target path."""
    provinces = list(Region.objects.visible_to(who).filter(parent=None).values_list("code", "name"))
    facts = restrict(CoverageFact.objects.filter(segment=ALL), who, VIEW)
    month = facts.filter(period=period, level__in=LEVELS) if period else facts.none()
    by_code = {f.region_code: f for f in month}
    rows = [_row(code, name, by_code.get(code)) for code, name in provinces]
    kota_names = dict(
        Region.objects.filter(
            level=Level.KOTA, code__in=[c for c, f in by_code.items() if f.level == Level.KOTA]
        ).values_list("code", "name")
    )
    kota = [_row(code, kota_names.get(code, code), f) for code, f in by_code.items()]
    kota = [k for k in kota if k["level"] == Level.KOTA]
    _rank(rows)
    _rank(kota)
    with_data = [r for r in rows if r["has_data"]]
    active = sum(r["active"] for r in with_data)
    workforce = sum(r["workforce"] or 0 for r in with_data)
    return {
        "period": period,
        "provinces": rows,
        "kota": sorted(kota, key=lambda k: (k["rank"] or 10**6, k["code"])),
        "with_data": len(with_data),
        "active": active,
        "workforce": workforce or None,
        "coverage_pct": round(100 * active / workforce, 2) if workforce else None,
        "target_pct": _target_pct(period),
        "trend": _trend(facts, [code for code, _ in provinces]),
        "measured": kemendagri.data().get("national_measured", []),
        "categories": kemendagri.categories(),
    }


def _row(code: str, name: str, fact: CoverageFact | None) -> dict:
    pct = None if fact is None or fact.coverage_pct is None else float(fact.coverage_pct)
    level = fact.level if fact else Level.PROVINCE
    return {
        "code": code,
        "name": name,
        "level": level,
        "parent": code.rpartition(".")[0],
        "has_data": fact is not None,
        "active": fact.active if fact else 0,
        "registered": fact.registered if fact else 0,
        "workforce": fact.workforce if fact else None,
        "coverage_pct": pct,
        "target_count": fact.target_count if fact else None,
        "gap": fact.gap if fact else None,
        "category": kemendagri.category(pct, level),
        "rank": None,
    }


def _rank(rows: list[dict]) -> None:
    """Rank by coverage, highest first (ties by code), among the rows that have a coverage."""
    graded = sorted(
        (r for r in rows if r["coverage_pct"] is not None),
        key=lambda r: (-r["coverage_pct"], r["code"]),
    )
    for rank, row in enumerate(graded, start=1):
        row["rank"] = rank
    for row in rows:
        row["of"] = len(graded)


def _target_pct(period: date | None) -> float | None:
    """The national path's target for a month's year (RPJMN/RKP), if the year has one."""
    if period is None:
        return None
    for row in kemendagri.national_targets():
        if row["year"] == period.year:
            return float(row["pct"])
    return None


def _trend(facts, provinces: list[str]) -> list[dict]:
    """Month by month: the provinces with data added up, beside the year's national target."""
    totals: dict[date, list[int]] = {}
    rows = facts.filter(level=Level.PROVINCE, region_code__in=provinces)
    for period, active, workforce in rows.values_list("period", "active", "workforce"):
        sums = totals.setdefault(period, [0, 0, 0])
        sums[0] += active
        sums[1] += workforce or 0
        sums[2] += 1
    return [
        {
            "period": period,
            "provinces": n,
            "active": active,
            "workforce": workforce or None,
            "coverage_pct": round(100 * active / workforce, 2) if workforce else None,
            "target_pct": _target_pct(period),
        }
        for period, (active, workforce, n) in sorted(totals.items())
    ]
