"""The raw indicator values of award candidates, computed from Semesta's data at close.

Everything is measured over the cycle's assessed calendar year: ``end`` is its latest month with
coverage facts (December when present) and ``start`` the month before the year (or its first
month). Government candidates (kota, kelurahan) are measured over their whole subtree:

- ``coverage``: UCJ % (all segments, by NIK domicile) in ``end``.
- ``coverage_growth``: ``coverage`` in ``end`` minus that in ``start``, in percentage points.
- ``regulation``: points for the legal products the region itself issued up to the end of the
  year, per kind from the criteria file (a dedicated Pergub/Perwali earns more than a circular).
- ``vulnerable``: active BPU participants whose contributions a sponsor pays (APBD, CSR,
  Baznas: a sponsor code in the snapshot) per 1,000 informal working residents, in ``end``.
- ``participation``: Monev meetings of RW programmes held in the region for a period of the
  year, on time (within 30 days of the period's end), plus employers' responses in the year to
  circulars the region issued.
- ``rosters``: vulnerable workers listed in the region's rosters when the cycle closes.

Employers (NPP):

- ``participants``: its active participants in ``end`` (snapshot rows with its NPP).
- ``active_share``: active over registered participants of the NPP in ``end``, in %.
- ``compliance``: 3 minus its partial-registration (PDS) flags: workers, wages, programmes.
- ``participation``: its responses to Surat Edaran in the year, plus certificates (piagam)
  received in the year.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from semesta import periods as months
from semesta.access import subtree_q, within
from semesta.awards.models import Candidate, Cycle
from semesta.coverage.models import CoverageFact, Snapshot
from semesta.employers.models import Employer, SeResponse
from semesta.employers.services import participants_per_employer
from semesta.engine.counts import sponsored_per_kelurahan
from semesta.engine.coverage import ALL
from semesta.legal.models import LegalProduct
from semesta.programmes.models import Monev
from semesta.workers.models import RosterWorker

MONEV_GRACE = timedelta(days=30)


def periods(cycle: Cycle) -> tuple[date | None, date | None]:
    """(start, end) months of the assessed year that have the province's coverage facts."""
    year = cycle.assessed_year
    months = sorted(
        CoverageFact.objects.filter(
            region_code=cycle.region_id, segment=ALL, period__gte=date(year - 1, 12, 1)
        )
        .filter(period__lte=date(year, 12, 1))
        .values_list("period", flat=True)
    )
    if not months or months[-1].year != year:
        return None, None
    return months[0], months[-1]


def basis(cycle: Cycle, start: date | None, end: date | None) -> dict:
    """What a freeze reads: the months, the snapshot file and the coverage data version."""
    from semesta.coverage.cache import data_version

    snapshot = Snapshot.objects.filter(period=end).first() if end else None
    return {
        "assessed_year": cycle.assessed_year,
        "period_start": start and f"{start:%Y-%m}",
        "period_end": end and f"{end:%Y-%m}",
        "snapshot": snapshot
        and {
            "period": f"{snapshot.period:%Y-%m}",
            "sha256": snapshot.sha256,
            "rows": snapshot.rows,
        },
        "data_version": data_version(),
    }


def compute(cycle: Cycle, candidates: list[Candidate], criteria: dict) -> dict[int, tuple]:
    """``{candidate pk: (indicators, evidence)}`` for every candidate of the cycle."""
    start, end = periods(cycle)
    snapshot = Snapshot.objects.filter(period=end).first() if end else None
    governments = [c for c in candidates if c.employer_id is None]
    employers = [c for c in candidates if c.employer_id is not None]
    out = {}
    out.update(_governments(cycle, governments, start, end, snapshot, criteria))
    out.update(_employers(cycle, employers, snapshot))
    return out


def _governments(cycle, candidates, start, end, snapshot, criteria) -> dict[int, tuple]:
    if not candidates:
        return {}
    codes = [c.region_id for c in candidates]
    at_end = _facts(codes, end, ALL, "coverage_pct")
    at_start = _facts(codes, start, ALL, "coverage_pct")
    informal = _facts(codes, end, "BPU", "workforce")
    sponsored = _sponsored_by_kelurahan(snapshot)
    points = criteria.get("regulation_points", {})
    year = cycle.assessed_year
    out = {}
    for c in candidates:
        code = c.region_id
        products = list(LegalProduct.objects.filter(region_id=code, year__lte=year))
        regulation = sum(int(points.get(p.kind, 0)) for p in products)
        paid = None
        if snapshot is not None:
            paid = sum(n for kel, n in sponsored.items() if within(kel, code))
        monev = _monev_on_time(code, year)
        responses = SeResponse.objects.filter(
            circular__region_id=code, responded_on__year=year
        ).count()
        rosters = RosterWorker.objects.filter(subtree_q("region__code", [code])).count()
        growth = None
        if at_end.get(code) is not None and at_start.get(code) is not None and start != end:
            growth = round(at_end[code] - at_start[code], 2)
        indicators = {
            "coverage": at_end.get(code),
            "coverage_growth": growth,
            "regulation": regulation,
            "vulnerable": _per_mille(paid, informal.get(code)),
            "participation": monev + responses,
            "rosters": rosters,
        }
        evidence = {
            "coverage": {"period": end and f"{end:%Y-%m}"},
            "coverage_growth": {"from": start and f"{start:%Y-%m}", "to": end and f"{end:%Y-%m}"},
            "regulation": [f"{p.get_kind_display()} {p.number}" for p in products],
            "vulnerable": {"sponsored_active_bpu": paid, "informal_workforce": informal.get(code)},
            "participation": {"monev_on_time": monev, "se_responses": responses},
            "rosters": {"listed": rosters},
        }
        out[c.pk] = (indicators, evidence)
    return out


def _employers(cycle, candidates, snapshot) -> dict[int, tuple]:
    if not candidates:
        return {}
    npps = [c.employer_id for c in candidates]
    counts = participants_per_employer(snapshot, npps)
    year = cycle.assessed_year
    responses = defaultdict(lambda: [0, 0])
    for npp, responded, recognised in SeResponse.objects.filter(employer_id__in=npps).values_list(
        "employer_id", "responded_on", "recognised_on"
    ):
        responses[npp][0] += responded.year == year
        responses[npp][1] += recognised is not None and recognised.year == year
    employers = {e.npp: e for e in Employer.objects.filter(npp__in=npps)}
    out = {}
    for c in candidates:
        e = employers[c.employer_id]
        active, registered = counts.get(e.npp, (0, 0)) if snapshot is not None else (None, None)
        flags = [e.pds_workers, e.pds_wages, e.pds_programmes]
        share = round(100 * active / registered, 2) if registered else None
        indicators = {
            "participants": active,
            "active_share": share,
            "compliance": 3 - sum(flags),
            "participation": sum(responses[e.npp]),
        }
        evidence = {
            "participants": {"active": active, "registered": registered},
            "active_share": {"active": active, "registered": registered},
            "compliance": {
                "pds_workers": e.pds_workers,
                "pds_wages": e.pds_wages,
                "pds_programmes": e.pds_programmes,
            },
            "participation": {
                "se_responses": responses[e.npp][0],
                "certificates": responses[e.npp][1],
            },
        }
        out[c.pk] = (indicators, evidence)
    return out


def _facts(codes: list[str], period: date | None, segment: str, column: str) -> dict:
    if period is None:
        return {}
    rows = CoverageFact.objects.filter(period=period, segment=segment, region_code__in=codes)
    return {
        code: (None if value is None else float(value))
        for code, value in rows.values_list("region_code", column)
    }


def _sponsored_by_kelurahan(snapshot) -> dict[str, int]:
    if snapshot is None:
        return {}
    return sponsored_per_kelurahan(snapshot.path)


def _monev_on_time(code: str, year: int) -> int:
    held = Monev.objects.filter(subtree_q("region__code", [code]), period__startswith=str(year))
    return sum(m.held_on <= _period_end(m.period) + MONEV_GRACE for m in held)


def _period_end(label: str) -> date:
    """The last day of a Monev period label: 2024-Q2, 2024-S1 or 2024."""
    year, _, part = label.partition("-")
    count = {"Q": 3, "S": 6}.get(part[:1], 12) * (int(part[1:]) if part else 1)
    return months.last_day(date(int(year), count, 1))


def _per_mille(count: int | None, denominator: float | None) -> float | None:
    if count is None or not denominator:
        return None
    return round(1000 * count / denominator, 2)
