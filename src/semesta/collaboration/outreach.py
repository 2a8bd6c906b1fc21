"""What followed a socialisation event: new registrations in its area and audience group.

Method (docs/collaboration.md):

- The event's *area* is its RW (an RT event counts for its RW, the smallest unit the extract
  holds) or its kelurahan. New registrations are participants of the audience's segments whose
  ``registered_on`` falls in the N days from the event day (the day itself included: people
  often register on the spot), read from the latest participant snapshot, by current domicile.
- *Comparable areas* are the other areas of the same level in the same kecamatan, without an
  event of their own (or in an area around or within them) within 90 days either side, and of
  similar size: a workforce between half and twice the event area's (all of them when fewer
  than three are that close).
- Rates are registrations per 1,000 working residents (the area's workforce in the event's
  month). The *difference* is the event area's rate minus the comparison areas' pooled rate
  (their registrations over their workforce), and the *excess* is that difference times the
  area's workforce: registrations beyond what comparable areas saw.
- A window counts as complete once the latest extract covers its last day; until then the
  figures are shown as so far.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Max

from semesta import periods
from semesta.access import SYSTEM, subtree_q, within
from semesta.collaboration.models import Event, audience_segments
from semesta.coverage.models import CoverageFact, Snapshot
from semesta.engine.counts import registrations_after
from semesta.regions.models import Level, Region

WINDOWS = (30, 60, 90)
QUIET_DAYS = 90
SIMILAR = (0.5, 2.0)
MIN_PEERS = 3


def area_of(region: Region) -> Region:
    """The unit an event is measured in: its RW for an RT, otherwise the region itself."""
    return region.parent if region.level == Level.RT else region


def _kecamatan(code: str) -> str:
    return ".".join(code.split(".")[:3])


def _near(a: str, b: str) -> bool:
    return within(a, b) or within(b, a)


def event_outcome(event: Event) -> dict:
    """Registrations after the event in its area vs comparable areas, per 30/60/90-day window."""
    snapshot = Snapshot.objects.order_by("-period").first()
    latest_event = Event.objects.aggregate(m=Max("pk"), n=Max("created_at"))
    key = (
        f"semesta:event-outcome:{event.pk}:{event.held_on}:{event.region_id}:{event.audience}:"
        f"{snapshot and snapshot.sha256}:{latest_event['m']}:{Event.objects.count()}"
    )
    found = cache.get(key)
    if found is None and event.outcome_key == key[:255] and event.outcome:
        found = {**event.outcome, "observed_until": _day(event.outcome["observed_until"])}
    if found is None:
        found = _outcome(event, snapshot)
        Event.objects.filter(pk=event.pk).update(outcome=found, outcome_key=key[:255])
    cache.set(key, found, 3600)
    return found


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _outcome(event: Event, snapshot: Snapshot | None) -> dict:
    area = area_of(event.region)
    segments = list(audience_segments(event.audience))
    result = {
        "area": area.code,
        "area_name": area.name,
        "segments": segments,
        "observed_until": None,
        "workforce": None,
        "peers": [],
        "windows": [],
    }
    if snapshot is None or area.level not in (Level.RW, Level.KELURAHAN):
        return result
    observed = periods.last_day(snapshot.period)
    peers = _candidates(event, area)
    workforce = _workforce([area.code, *peers], event.held_on)
    own = workforce.get(area.code)
    peers = _similar(peers, workforce, own)
    counts = _counts(snapshot, _kecamatan(area.code), segments, event.held_on, area.level)
    result.update(observed_until=observed, workforce=own, peers=peers)
    peer_workforce = sum(workforce[p] for p in peers)
    for i, days in enumerate(WINDOWS):
        mine = counts.get(area.code, [0] * len(WINDOWS))[i]
        theirs = sum(counts.get(p, [0] * len(WINDOWS))[i] for p in peers)
        rate = 1000 * mine / own if own else None
        peer_rate = 1000 * theirs / peer_workforce if peer_workforce else None
        difference = rate - peer_rate if rate is not None and peer_rate is not None else None
        result["windows"].append(
            {
                "days": days,
                "complete": event.held_on + timedelta(days=days - 1) <= observed,
                "registrations": mine,
                "rate": rate,
                "peer_registrations": theirs,
                "peer_rate": peer_rate,
                "difference": difference,
                "excess": round(difference * own / 1000) if difference is not None else None,
            }
        )
    return result


def _candidates(event: Event, area: Region) -> list[str]:
    """Areas of the same level in the kecamatan with no event nearby in time or place."""
    kecamatan = _kecamatan(area.code)
    others = Region.objects.filter(subtree_q("code", [kecamatan]), level=area.level).exclude(
        code=area.code
    )
    window = (
        event.held_on - timedelta(days=QUIET_DAYS),
        event.held_on + timedelta(days=QUIET_DAYS),
    )
    busy = [
        area_of(e.region).code
        for e in Event.objects.filter(subtree_q("region__code", [kecamatan]), held_on__range=window)
        .exclude(pk=event.pk)
        .select_related("region__parent")
    ]
    return [
        code
        for code in others.values_list("code", flat=True)
        if not any(_near(code, b) for b in busy)
    ]


def _workforce(codes: list[str], day: date) -> dict[str, int]:
    """Each area's working residents in the event's month (the nearest month before, else after)."""
    rows = CoverageFact.objects.filter(region_code__in=codes, segment="ALL").exclude(workforce=None)
    month = day.replace(day=1)
    best: dict[str, tuple] = {}
    for code, period, value in rows.values_list("region_code", "period", "workforce"):
        rank = (period > month, abs((period - month).days))
        if code not in best or rank < best[code][0]:
            best[code] = (rank, value)
    return {code: value for code, (_, value) in best.items()}


def _similar(peers: list[str], workforce: dict[str, int], own: int | None) -> list[str]:
    known = [p for p in peers if workforce.get(p)]
    if not own:
        return known
    close = [p for p in known if SIMILAR[0] * own <= workforce[p] <= SIMILAR[1] * own]
    return close if len(close) >= MIN_PEERS else known


def _counts(snapshot: Snapshot, kecamatan: str, segments, day: date, level: str) -> dict:
    """Registrations per area of the kecamatan in each window from ``day``."""
    rows = registrations_after(snapshot.path, f"{kecamatan}.", list(segments), day, WINDOWS)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(WINDOWS))
    for kelurahan, rw, values in rows:
        code = kelurahan if level == Level.KELURAHAN or rw is None else f"{kelurahan}.{rw:03d}"
        counts[code] = [a + b for a, b in zip(counts[code], values, strict=True)]
    return counts


def events_summary(region_code: str, start: date, end: date, principal=SYSTEM) -> dict:
    """Events held in a region (and below) between two dates with what followed them.

    Returns ``{"events", "attendance", "registrations_90", "excess_90", "rows": [...],
    "by_organiser": [...], "by_kecamatan": [...]}``; each row holds the event's pk, date, title,
    area, organiser, audience, attendance, registrations at 30/60/90 days, the 90-day difference
    per 1,000 workforce against comparable areas, the excess registrations and whether the
    90-day window is complete. Totals count the 90-day window as observed so far.
    """
    events = (
        Event.objects.visible_to(principal)
        .filter(subtree_q("region__code", [region_code]), held_on__range=(start, end))
        .select_related("organiser", "region__parent")
        .order_by("held_on", "pk")
    )
    rows = [_summary_row(e, event_outcome(e)) for e in events]
    return {
        "events": len(rows),
        "attendance": sum(r["attendance"] for r in rows),
        "registrations_90": sum(r["registrations_90"] for r in rows),
        "excess_90": sum(r["excess_90"] or 0 for r in rows),
        "rows": rows,
        "by_organiser": _group(rows, "organiser"),
        "by_kecamatan": _group(rows, "kecamatan"),
    }


def _summary_row(event: Event, outcome: dict) -> dict:
    windows = {w["days"]: w for w in outcome["windows"]}
    last = windows.get(90, {})
    return {
        "pk": event.pk,
        "held_on": event.held_on,
        "title": event.title,
        "area": outcome["area"],
        "kecamatan": _kecamatan(event.region_id),
        "organiser": event.organiser_label,
        "audience": event.get_audience_display(),
        "attendance": event.attendance,
        **{f"registrations_{d}": windows.get(d, {}).get("registrations", 0) for d in WINDOWS},
        "difference_90": last.get("difference"),
        "excess_90": last.get("excess"),
        "complete_90": last.get("complete", False),
    }


def _group(rows: list[dict], key: str) -> list[dict]:
    groups: dict[str, dict] = {}
    for r in rows:
        g = groups.setdefault(
            r[key],
            {key: r[key], "events": 0, "attendance": 0, "registrations_90": 0, "excess_90": 0},
        )
        g["events"] += 1
        g["attendance"] += r["attendance"]
        g["registrations_90"] += r["registrations_90"]
        g["excess_90"] += r["excess_90"] or 0
    return sorted(groups.values(), key=lambda g: (-g["excess_90"], str(g[key])))
