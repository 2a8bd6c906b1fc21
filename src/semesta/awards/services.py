"""Award cycles: creating them with their categories, nominating, closing (freezing), scoring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from semesta.access import within
from semesta.awards import indicators
from semesta.awards.criteria import categories_for, default_criteria, weights_for
from semesta.awards.models import GOVERNMENT_KINDS, Candidate, Category, Cycle, Kind
from semesta.awards.scoring import Scored, rank
from semesta.employers.models import Employer
from semesta.employers.sectors import sector_group
from semesta.regions.models import Level, Region

PLACES_AWARDED = 3  # ranks 1 to 3 of each category are winners (juara 1–3)


class AwardError(ValueError):
    """A request the award rules refuse (closed cycle, wrong category, not frozen yet)."""


@transaction.atomic
def create_cycle(
    region_code: str, year: int, held_on: date | None = None, config: dict | None = None
) -> Cycle:
    """A cycle assessing the previous calendar year, with the categories of its award year as
    the dated configuration has them (``paritrana/categories.json``; ``config`` replaces it):
    for 2025 kota, kelurahan, one per sector group (large and medium employers) and UKM."""
    categories = categories_for(year, config)
    region = Region.objects.get(code=region_code)
    cycle = Cycle.objects.create(
        region=region,
        year=year,
        assessed_year=year - 1,
        name=f"Paritrana Award {region.name} {year}",
        held_on=held_on,
    )
    Category.objects.bulk_create(
        Category(
            cycle=cycle, code=c["code"], kind=c["kind"], sector_group=c["sector_group"], order=i
        )
        for i, c in enumerate(categories)
    )
    return cycle


def find_cycle(year: int, region_code: str | None = None) -> Cycle:
    """The cycle of a year (of the region, when several regions hold one)."""
    cycles = Cycle.objects.filter(year=year)
    if region_code:
        cycles = cycles.filter(region_id=region_code)
    found = list(cycles[:2])
    if len(found) != 1:
        raise AwardError(
            f"Tidak ada siklus Paritrana {year}."
            if not found
            else f"Ada beberapa siklus {year}: sebutkan wilayahnya."
        )
    return found[0]


def nominate(category: Category, code: str, by: str = "") -> Candidate:
    """Nominate a region (kota/kelurahan categories) or an employer's NPP (employer categories)."""
    if category.cycle.is_closed:
        raise AwardError("Siklus sudah ditutup: nominasi tidak dapat diubah.")
    if category.kind in GOVERNMENT_KINDS:
        region = Region.objects.filter(code=code, level=category.kind).first()
        if region is None or not _inside(region.code, category.cycle.region_id):
            raise AwardError(f"{code} bukan {Level(category.kind).label} di wilayah siklus.")
        return Candidate.objects.create(
            category=category, code=code, name=region.name, region=region, nominated_by=by
        )
    employer = Employer.objects.filter(npp=code).first()
    if employer is None or not _inside(employer.kelurahan_id, category.cycle.region_id):
        raise AwardError(f"Pemberi kerja {code} tidak terdaftar di wilayah siklus.")
    if not eligible(category, employer):
        raise AwardError(f"{employer} tidak memenuhi syarat kategori {category.title}.")
    return Candidate.objects.create(
        category=category,
        code=code,
        name=employer.name,
        region_id=employer.kelurahan_id,
        employer=employer,
        nominated_by=by,
    )


def eligible(category: Category, employer: Employer) -> bool:
    """Micro/small employers compete as UKM; large and medium ones in their sector group."""
    if category.kind == Kind.UKM:
        return employer.size == Employer.Size.MICRO_SMALL
    if category.kind == Kind.SECTOR:
        return (
            employer.size != Employer.Size.MICRO_SMALL
            and sector_group(employer.sector) == category.sector_group
        )
    return False


@transaction.atomic
def close(cycle: Cycle) -> int:
    """Freeze every candidate's indicators with what they came from; returns the candidates.

    After this the cycle's scores depend on the frozen values and its copy of the criteria
    only, so later imports, flags or legal products never change its ranking.
    """
    given, cycle = cycle, Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.is_closed:
        raise AwardError(f"{cycle} sudah ditutup pada {cycle.closed_at:%Y-%m-%d}.")
    criteria = default_criteria()
    candidates = list(Candidate.objects.filter(category__cycle=cycle))
    values = indicators.compute(cycle, candidates, criteria)
    now = timezone.now()
    for candidate in candidates:
        candidate.indicators, candidate.evidence = values[candidate.pk]
        candidate.frozen_at = now
    Candidate.objects.bulk_update(candidates, ["indicators", "evidence", "frozen_at"])
    start, end = indicators.periods(cycle)
    cycle.basis = {
        **indicators.basis(cycle, start, end),
        "criteria_version": criteria.get("version"),
        "frozen_at": now.isoformat(timespec="seconds"),
        "candidates": len(candidates),
    }
    cycle.criteria = criteria
    cycle.status, cycle.closed_at = Cycle.Status.CLOSED, now
    cycle.save()
    given.refresh_from_db()
    return len(candidates)


@dataclass
class Ranking:
    category: Category
    weights: dict[str, float]
    scored: list[Scored]

    @property
    def winners(self) -> list[Scored]:
        return [s for s in self.scored if s.rank <= PLACES_AWARDED]


def score_category(category: Category) -> Ranking:
    """The category's ranking from the frozen indicators under the cycle's weights."""
    if not category.cycle.is_closed:
        raise AwardError("Siklus belum ditutup: skor dihitung dari nilai yang dibekukan.")
    weights = weights_for(category.cycle, category.kind)
    rows = [
        {"code": c.code, "name": c.name, "indicators": c.indicators, "ref": c}
        for c in category.candidates.all()
    ]
    return Ranking(category, weights, rank(rows, weights))


def score(cycle: Cycle) -> list[Ranking]:
    """Every category's ranking, in the cycle's category order."""
    categories = cycle.categories.prefetch_related("candidates").select_related("cycle")
    return [score_category(category) for category in categories]


def winners(cycle: Cycle) -> dict[str, int]:
    """How many winners (ranks 1–3) the cycle has: employers, kota and kelurahan."""
    counts = {"employers": 0, "kota": 0, "kelurahan": 0}
    for ranking in score(cycle):
        kind = ranking.category.kind
        key = kind if kind in GOVERNMENT_KINDS else "employers"
        counts[key] += len(ranking.winners)
    return counts


def as_json(cycle: Cycle, rankings: list[Ranking]) -> dict:
    """The cycle's rankings as plain data (the CLI's --json)."""
    return {
        "cycle": {
            "year": cycle.year,
            "assessed_year": cycle.assessed_year,
            "region": cycle.region_id,
            "name": cycle.name,
            "status": cycle.status,
            "basis": cycle.basis,
        },
        "categories": [
            {
                "code": r.category.code,
                "kind": r.category.kind,
                "sector_group": r.category.sector_group or None,
                "title": r.category.title,
                "weights": r.weights,
                "ranking": [
                    {
                        "rank": s.rank,
                        "code": s.code,
                        "name": s.name,
                        "score": s.total,
                        "winner": s.winner,
                        "criteria": [
                            {
                                "criterion": line.criterion,
                                "raw": line.raw,
                                "normalised": line.normalised,
                                "weight": line.weight,
                                "points": line.points,
                            }
                            for line in s.lines
                        ],
                    }
                    for s in r.scored
                ],
            }
            for r in rankings
        ],
    }


def _inside(code: str, root: str) -> bool:
    return within(code, root)
