"""Monev periods: a quarter (2025-Q4), a semester (2025-S2) or a year (2025)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from semesta import periods as months
from semesta.errors import UserError
from semesta.regions.models import Level

PATTERN = re.compile(r"^(?P<year>20\d\d)(?:-(?P<kind>[QS])(?P<n>\d))?$")
MONTHS = {"Q": 3, "S": 6, "Y": 12}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The rhythm each level reports in (DOMAIN.md): quarterly per kecamatan, per semester per city,
# yearly for the province. Any level may ask for any period on demand.
RHYTHM = {Level.PROVINCE: "Y", Level.KOTA: "S", Level.KECAMATAN: "Q"}


class BadPeriod(UserError):
    """A period label Semesta cannot read."""

    def __init__(self, label: str):
        super().__init__(
            f"Periode tidak dikenal: {label!r}. Contoh: 2025-Q4, 2025-S2 atau 2025.",
            f"Unknown period: {label!r}. Examples: 2025-Q4, 2025-S2 or 2025.",
        )


@dataclass(frozen=True)
class Period:
    label: str
    kind: str  # Q, S or Y
    first: date  # first day of the first month
    last: date  # first day of the last month

    @property
    def months(self) -> list[date]:
        """First days of the period's months, in order."""
        return months.between(self.first, self.last)

    @property
    def before(self) -> date:
        """The month before the period starts, the baseline for change over the period."""
        return months.add(self.first, -1)

    def title(self) -> str:
        """E.g. 'Triwulan IV 2025', 'Semester II 2025', 'Tahun 2025' (in the active language)."""
        year = self.first.year
        if self.kind == "Y":
            return _("Tahun %(year)s") % {"year": year}
        roman = ROMAN[(self.first.month - 1) // MONTHS[self.kind] + 1]
        if self.kind == "Q":
            return _("Triwulan %(roman)s %(year)s") % {"roman": roman, "year": year}
        return _("Semester %(roman)s %(year)s") % {"roman": roman, "year": year}


def parse(label: str) -> Period:
    """The period a label names; raises BadPeriod."""
    match = PATTERN.match(label.strip().upper())
    if not match:
        raise BadPeriod(label)
    year, kind = int(match["year"]), match["kind"] or "Y"
    n = int(match["n"] or 1)
    if n < 1 or n > 12 // MONTHS[kind]:
        raise BadPeriod(label)
    first_month = (n - 1) * MONTHS[kind] + 1
    return Period(
        label=f"{year}" if kind == "Y" else f"{year}-{kind}{n}",
        kind=kind,
        first=date(year, first_month, 1),
        last=date(year, first_month + MONTHS[kind] - 1, 1),
    )


def latest_closed(kind: str, last_month: date) -> Period:
    """The newest period of a kind whose last month is at or before ``last_month``."""
    size = MONTHS[kind]
    year, end = last_month.year, (last_month.month // size) * size
    if end == 0:
        year, end = year - 1, 12
    n = end // size
    return parse(f"{year}" if kind == "Y" else f"{year}-{kind}{n}")


def recent(last_month: date) -> list[Period]:
    """Closed quarters (8), semesters (4) and years (2) up to ``last_month``, newest first."""
    out = []
    for kind, count in (("Q", 8), ("S", 4), ("Y", 2)):
        period = latest_closed(kind, last_month)
        for _step in range(count):
            out.append(period)
            period = latest_closed(kind, period.before)
    return sorted(out, key=lambda p: (p.last, -MONTHS[p.kind]), reverse=True)
