"""The coverage of one region and month, as the CLI, the pages and the API present it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from semesta.coverage.models import CoverageFact, Target
from semesta.coverage.services import period_str
from semesta.employers.models import Employer
from semesta.engine.coverage import ALL, UNKNOWN_LEVEL, target_in_force
from semesta.engine.coverage import TargetRow as EngineTarget
from semesta.engine.store import SEGMENTS
from semesta.regions.models import Region
from semesta.scoping import subtree_q

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
            f"Belum ada data cakupan {region.name} untuk periode {period_str(period)}."
        )
    total = own[ALL]
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "period": period_str(period),
        "participants_active": total.active,
        "participants_registered": total.registered,
        "participants_lapsed": total.lapsed,
        "workforce": total.workforce,
        "coverage_pct": _pct(total.coverage_pct),
        "segments": {seg: _segment(own[seg]) for seg in SEGMENTS if seg in own},
        "employers_registered": Employer.objects.visible_to(principal)
        .filter(subtree_q("kelurahan__code", [code]))
        .count(),
        "target": _target(region, period, total),
        "children": _children(facts, code),
    }


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


def _target(region: Region, period: date, total: CoverageFact) -> dict | None:
    targets = list(Target.objects.current().filter(region=region))
    chosen = target_in_force(
        [EngineTarget(t.region_id, t.kind, t.value, t.deadline) for t in targets],
        period_str(period),
    )
    if chosen is None:
        return None
    target = next(t for t in targets if t.deadline == chosen.deadline)
    value = int(target.value) if target.kind == Target.Kind.COUNT else float(target.value)
    return {
        "kind": target.kind,
        "value": value,
        "declared_pct": _pct(target.declared_pct),
        "deadline": target.deadline.isoformat(),
        "target_count": total.target_count,
        "gap": total.gap,
        "source": target.source,
    }


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
            "gap": row.gap,
        }
        for row in rows
    ]


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
