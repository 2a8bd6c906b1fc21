"""The Paritrana Award DKI Jakarta 2025 (held 15 July 2025, assessing 2024), closed and scored.

Seed 001: 17 employers, 3 city governments and 3 kelurahan won ranks 1 to 3. The demo nominates
every kota/kabupaten, two kelurahan per kota, and employers in the five sector groups and UKM;
only two employers of the agriculture group are nominated (farms are few in Jakarta), so the
sector categories give 4 × 3 + 2 winners and UKM 3: 17.
"""

from __future__ import annotations

from datetime import date

from semesta.access import subtree_q
from semesta.awards import services
from semesta.awards.models import Kind
from semesta.coverage.models import CoverageFact
from semesta.employers.models import Employer
from semesta.employers.sectors import SectorGroup, sectors_in_group
from semesta.regions.models import Level, Region

YEAR = 2025
HELD_ON = date(2025, 7, 15)
KELURAHAN_PER_KOTA = 2
EMPLOYERS_PER_CATEGORY = 5
FEWER = {SectorGroup.AGRICULTURE: 2}


def create_award() -> dict[str, int]:
    """Create, nominate and close the cycle; returns its winners per kind (seed 001)."""
    cycle = services.create_cycle("31", YEAR, held_on=HELD_ON)
    # order_by(): the model's ordering (npp) would make DISTINCT return every employer.
    sectors = list(Employer.objects.order_by().values_list("sector", flat=True).distinct())
    for category in cycle.categories.all():
        for code in _nominees(category, sectors, cycle.assessed_year):
            services.nominate(category, code, by="admin.dki")
    services.close(cycle)
    return services.winners(cycle)


def _nominees(category, sectors: list[str], year: int) -> list[str]:
    if category.kind == Kind.KOTA:
        return list(
            Region.objects.filter(level=Level.KOTA, parent_id="31").values_list("code", flat=True)
        )
    if category.kind == Kind.KELURAHAN:
        return _best_kelurahan(year)
    employers = Employer.objects.order_by("npp")
    if category.kind == Kind.UKM:
        employers = employers.filter(size=Employer.Size.MICRO_SMALL)
    else:
        group = SectorGroup(category.sector_group)
        employers = employers.exclude(size=Employer.Size.MICRO_SMALL).filter(
            sector__in=sectors_in_group(sectors, group)
        )
    count = FEWER.get(category.sector_group, EMPLOYERS_PER_CATEGORY)
    return list(employers.values_list("npp", flat=True)[:count])


def _best_kelurahan(year: int) -> list[str]:
    """Each kota nominates its kelurahan with the highest coverage in December of the year."""
    chosen = []
    for kota in Region.objects.filter(level=Level.KOTA, parent_id="31").order_by("code"):
        best = (
            CoverageFact.objects.filter(
                period=date(year, 12, 1),
                segment="ALL",
                level=Level.KELURAHAN,
            )
            .filter(subtree_q("region_code", [kota.code]))
            .exclude(region_code=kota.code)
            .exclude(region_code__endswith=".X")
            .order_by("-coverage_pct", "region_code")
            .values_list("region_code", flat=True)[:KELURAHAN_PER_KOTA]
        )
        chosen += list(best)
    return chosen
