"""Hand-made coverage facts for page and API tests (the engine's own output is tested apart)."""

from __future__ import annotations

from datetime import date

from semesta.coverage.models import CoverageFact
from semesta.engine.coverage import percentage

LEVELS = ["province", "kota", "kecamatan", "kelurahan", "rw"]
JULY = date(2025, 7, 1)


def fact(
    code: str,
    active: int,
    workforce: int | None = None,
    period: date = JULY,
    registered: int | None = None,
    **extra,
) -> CoverageFact:
    """The all-segment fact of a region in a month; parent, level and coverage % derived."""
    return CoverageFact.objects.create(
        period=period,
        region_code=code,
        parent_code=code.rpartition(".")[0],
        level=LEVELS[code.count(".")],
        segment="ALL",
        active=active,
        registered=active if registered is None else registered,
        workforce=workforce,
        coverage_pct=percentage(active, workforce),
        **extra,
    )
