"""The coverage of one region and month, as the CLI, the pages and the API present it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from semesta import periods
from semesta.access import subtree_q
from semesta.coverage import kemendagri
from semesta.coverage.denominators import provenance
from semesta.coverage.models import CoverageFact, Target
from semesta.employers.models import Employer
from semesta.engine.coverage import ALL, UNKNOWN_LEVEL, target_in_force
from semesta.engine.coverage import TargetRow as EngineTarget
from semesta.engine.outlook import outlook
from semesta.engine.store import SEGMENTS
from semesta.regions.models import Region

UNKNOWN_NAME = "Domisili tidak diketahui"
UNKNOWN_RW_NAME = "RW tidak diketahui"


class NoCoverage(LookupError):
    """No facts for that region and month (or the region is outside the user's scope)."""


def _pct(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def coverage_summary(principal, code: str, period: date) -> dict:
    """Headline figures, segments, target and children of a region in a month."""
    region = Region.objects.visible_to(principal).filter(code=code).first()
    if region is None:
        raise NoCoverage(f"Wilayah {code} tidak ditemukan atau di luar wilayah Anda.")
    facts = CoverageFact.objects.visible_to(principal).filter(period=period)
    own = {f.segment: f for f in facts.filter(region_code=code)}
    if ALL not in own:
        raise NoCoverage(
            f"Belum ada data cakupan {region.name} untuk periode {periods.label(period)}."
        )
    total = own[ALL]
    children = _children(facts, code)
    sources = provenance(code, [code, *(c["code"] for c in children)], period)
    for child in children:
        child["workforce_source"] = sources.get(child["code"])
    summary = {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "period": periods.label(period),
        "participants_active": total.active,
        "participants_registered": total.registered,
        "participants_lapsed": total.lapsed,
        "workforce": total.workforce,
        "workforce_source": sources.get(code),
        "coverage_pct": _pct(total.coverage_pct),
        "segments": {seg: _segment(own[seg]) for seg in SEGMENTS if seg in own},
        "employers_registered": Employer.objects.visible_to(principal)
        .filter(subtree_q("kelurahan__code", [code]))
        .count(),
        "target": _target(principal, region, period, total),
        "ucj_category": _category(facts, total),
        "children": children,
    }
    if region.level == "province":
        summary["national_targets"] = kemendagri.national_targets()
    _rank_children(children)
    return summary


def _segment(fact: CoverageFact) -> dict:
    out = {
        "participants_active": fact.active,
        "participants_registered": fact.registered,
        "participants_lapsed": fact.lapsed,
    }
    if fact.workforce is not None:
        out["workforce"] = fact.workforce
        out["coverage_pct"] = _pct(fact.coverage_pct)
    return out


def _target(principal, region: Region, period: date, total: CoverageFact) -> dict | None:
    """The target in force with its gap, the additions a month it needs and the projection."""
    targets = list(
        Target.objects.current().filter(region=region).select_related("allocated_from__region")
    )
    chosen = target_in_force(
        [EngineTarget(t.region_id, t.kind, t.value, t.deadline) for t in targets],
        periods.label(period),
    )
    if chosen is None:
        return None
    target = next(t for t in targets if t.deadline == chosen.deadline)
    value = int(target.value) if target.kind == Target.Kind.COUNT else float(target.value)
    of_workforce = share_pct(total.target_count, total.workforce)
    parent = target.allocated_from
    out = {
        "kind": target.kind,
        "value": value,
        "declared_pct": _pct(target.declared_pct),
        "target_pct": _pct(target.declared_pct) or of_workforce,
        "target_pct_of_workforce": of_workforce,
        "deadline": target.deadline.isoformat(),
        "target_count": total.target_count,
        "gap": total.gap,
        "source": target.source,
        "origin": target.origin,
        "set_by": target.set_by,
        "set_at": target.set_at.isoformat(timespec="seconds"),
        "allocation": target.allocation,
        "allocated_from": parent
        and {"code": parent.region_id, "name": parent.region.name, "source": parent.source},
        "basis_period": target.basis_period and periods.label(target.basis_period),
    }
    out.update(_outlook(principal, region.code, period, total, target.deadline))
    return out


def _outlook(principal, code: str, period: date, total: CoverageFact, deadline: date) -> dict:
    blank = dict.fromkeys(OUTLOOK_FIELDS)
    if not total.target_count:
        return blank
    actives = list(
        CoverageFact.objects.visible_to(principal)
        .filter(region_code=code, segment=ALL, period__lte=period)
        .order_by("period")
        .values_list("active", flat=True)
    )
    view = outlook(periods.label(period), actives, total.target_count, deadline, total.workforce)
    out = {field: getattr(view, field) for field in OUTLOOK_FIELDS}
    out["projected_pct_at_deadline"] = _pct(view.projected_pct_at_deadline)
    if view.pace_per_month is not None:
        out["pace_per_month"] = round(view.pace_per_month, 1)
    return out


OUTLOOK_FIELDS = (
    "months_left",
    "required_per_month",
    "pace_per_month",
    "projected_at_deadline",
    "projected_pct_at_deadline",
    "reached_in",
)


def share_pct(count: int | None, workforce: int | None) -> float | None:
    """``count`` as a % of the working residents, two decimals; None without both."""
    if not count or not workforce:
        return None
    return round(100 * count / workforce, 2)


def _category(facts, total: CoverageFact) -> dict | None:
    """Kemendagri's UCJ category, and the rank among the loaded regions of the same level."""
    found = kemendagri.category(_pct(total.coverage_pct), total.level)
    if found is None:
        return None
    peers = list(
        facts.filter(parent_code=total.parent_code, level=total.level, segment=ALL)
        .exclude(coverage_pct=None)
        .values_list("region_code", "coverage_pct")
    )
    if len(peers) > 1:
        ordered = sorted(peers, key=lambda p: (-p[1], p[0]))
        found["rank"] = [code for code, _ in ordered].index(total.region_code) + 1
        found["of"] = len(peers)
    return found


def _rank_children(children: list[dict]) -> None:
    """Each child's category and rank among its siblings (kab/kota: the level Kemendagri grades)."""
    graded = [c for c in children if c["coverage_pct"] is not None and c["level"] != UNKNOWN_LEVEL]
    ordered = sorted(graded, key=lambda c: (-c["coverage_pct"], c["code"]))
    for rank, child in enumerate(ordered, start=1):
        child["ucj_category"] = kemendagri.category(child["coverage_pct"], child["level"])
        if child["ucj_category"] and len(ordered) > 1:
            child["ucj_category"] |= {"rank": rank, "of": len(ordered)}


def _name(row: CoverageFact, names: dict[str, str]) -> str:
    if row.level != UNKNOWN_LEVEL:
        return names.get(row.region_code, "")
    # A bucket under a kelurahan holds people whose RW is unknown; higher up, the domicile.
    return UNKNOWN_RW_NAME if row.parent_code.count(".") == 3 else UNKNOWN_NAME


def _children(facts, code: str) -> list[dict]:
    rows = list(facts.filter(parent_code=code, segment=ALL).order_by("region_code"))
    names = dict(
        Region.objects.filter(code__in=[r.region_code for r in rows]).values_list("code", "name")
    )
    return [
        {
            "code": row.region_code,
            "name": _name(row, names),
            "level": row.level,
            "participants_active": row.active,
            "participants_registered": row.registered,
            "workforce": row.workforce,
            "coverage_pct": _pct(row.coverage_pct),
            "target_count": row.target_count,
            "target_pct": share_pct(row.target_count, row.workforce),
            "gap": row.gap,
            "points_below": _points_below(row),
        }
        for row in rows
    ]


def _points_below(row: CoverageFact) -> float | None:
    """Percentage points by which coverage falls short of the region's own target (≤ 0: met)."""
    target = share_pct(row.target_count, row.workforce)
    if target is None or row.coverage_pct is None:
        return None
    return round(target - float(row.coverage_pct), 2)


def target_progress(principal, code: str, latest: date) -> list[dict]:
    """Each target of a region with the figures of its deadline month (or the latest month)."""
    rows = []
    targets = (
        Target.objects.visible_to(principal).current().filter(region_id=code).order_by("deadline")
    )
    for target in targets:
        month = min(target.deadline.replace(day=1), latest)
        fact = (
            CoverageFact.objects.visible_to(principal)
            .filter(region_code=code, segment=ALL, period=month)
            .first()
        )
        rows.append({"target": target, "period": month, "fact": fact})
    return rows
