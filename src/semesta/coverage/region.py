"""Everything a region page shows, gathered from the precomputed facts (never the snapshots)."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from semesta import periods
from semesta.coverage import charts
from semesta.coverage.models import CoverageFact, Target
from semesta.coverage.services import available_periods
from semesta.coverage.summary import NoCoverage, coverage_summary
from semesta.engine.coverage import ALL
from semesta.engine.outlook import outlook
from semesta.formats import percent
from semesta.regions import maps
from semesta.regions.models import Region


def series(principal, code: str) -> list[dict]:
    """The region's months: active participants, coverage and target, oldest first."""
    rows = (
        CoverageFact.objects.visible_to(principal)
        .filter(region_code=code, segment=ALL)
        .order_by("period")
        .values("period", "active", "registered", "workforce", "coverage_pct", "target_count")
    )
    return [{**r, "period": periods.label(r["period"])} for r in rows]


def region_html(principal, region: Region, period, colour_by: str, sort: str, descending: bool):
    """The region page's body (all of it but the target form) as HTML, for the cache."""
    try:
        page = region_page(principal, region.code, period, colour_by) if period else None
    except NoCoverage:
        page = None
    children = sorted_children(page["summary"]["children"], sort, descending) if page else []
    return render_to_string(
        "coverage/parts/region_body.html",
        {
            "page": page,
            "children": children,
            "source_notes": source_marks(children),
            "breadcrumb": _breadcrumb(principal, region),
            "periods": [periods.label(p) for p in available_periods()],
            "target_history": Target.objects.visible_to(principal).filter(region=region),
            "sort": sort,
            "descending": descending,
            "colour_by": colour_by,
            "period": period and periods.label(period),
            "region": region,
        },
    )


def source_marks(children: list[dict]) -> list[tuple[int, str]]:
    """Number each distinct working-residents note; each child gets its note's number."""
    notes: dict[str, int] = {}
    for child in children:
        source = child.get("workforce_source")
        if source:
            child["source_mark"] = notes.setdefault(source["note"], len(notes) + 1)
    return [(mark, note) for note, mark in notes.items()]


def region_page(principal, code: str, period: date, colour_by: str = "coverage") -> dict:
    """Summary, outlook to the target, charts, breadcrumb and map of a region in a month.

    ``colour_by`` is "coverage" (coverage %) or "gap" (points below the target) for the map.
    """
    summary = coverage_summary(principal, code, period)
    months = series(principal, code)
    upto = [m for m in months if m["period"] <= summary["period"]]
    target = summary["target"]
    view = None
    if target and target["target_count"]:
        deadline = date.fromisoformat(target["deadline"])
        actives = [m["active"] for m in upto]
        view = outlook(
            summary["period"], actives, target["target_count"], deadline, summary["workforce"]
        )
    drawn, scale = _map(summary, period, colour_by)
    return {
        "summary": summary,
        "outlook": view,
        "series": months,
        "map": drawn,
        "trend": charts.svg(charts.trend_spec(months, summary["period"], view, target)),
        "segments": charts.svg(charts.segments_spec(summary)),
        "legend": scale.legend(_("tanpa data")),
    }


def _breadcrumb(principal, region: Region) -> list[Region]:
    return list(Region.objects.visible_to(principal).filter(code__in=region.ancestor_codes))


def _map(summary: dict, period: date, colour_by: str) -> tuple[str, maps.Scale]:
    """The children's map and its scale, whose classes follow the values shown.

    By gap, each child is compared with its own target (set or allocated), the same figures as
    in the children table.
    """
    region = summary["region"]
    features = maps.child_features(region["code"], region["level"])
    drawn = {f["properties"]["kode"] for f in features}
    children = {c["code"]: c for c in summary["children"]}
    if colour_by == "gap":
        fallback = None
        if any(c["target_pct"] is None for c in children.values()):
            fallback = _target_pct(summary["target"], summary["workforce"]) or _inherited_target(
                region["code"], period
            )
        values = {code: points_below(c, fallback) for code, c in children.items()}
        labels = {code: _gap_label(c, values[code]) for code, c in children.items()}
        scale = maps.gap_scale([v for code, v in values.items() if code in drawn])
        title = _("Peta selisih terhadap target")
    else:
        values = {code: c["coverage_pct"] for code, c in children.items()}
        labels = {
            code: f"{c['name']}: {percent(c['coverage_pct'])}" for code, c in children.items()
        }
        scale = maps.coverage_scale([v for code, v in values.items() if code in drawn])
        title = _("Peta cakupan")
    links = {code: f"/wilayah/{code}/?periode={periods.label(period)}" for code in children}
    return maps.choropleth(features, values, labels, links, scale, title), scale


def points_below(child: dict, fallback: float | None) -> float | None:
    """Percentage points by which a child's coverage falls short of its own target.

    Every region under a target has its own (set or allocated); only facts written without
    allocation (hand-made) fall back to the target % of the nearest region above.
    """
    target = _target_pct(child, child["workforce"]) or fallback
    if target is None or child["coverage_pct"] is None:
        return None
    return round(target - child["coverage_pct"], 2)


def _inherited_target(code: str, period: date) -> float | None:
    """The target % of the nearest region above with a target in force (facts carry its count).

    Only that published percentage leaves the region above (Kemendagri and the province announce
    their targets); none of its figures are shown, so the scoped facts are not needed for it.
    """
    region = Region.objects.get(code=code)
    above = (
        CoverageFact.objects.filter(
            region_code__in=region.ancestor_codes, segment=ALL, period=period
        )
        .exclude(target_count=None)
        .values("region_code", "target_count", "workforce")
    )
    nearest = max(above, key=lambda f: len(f["region_code"]), default=None)
    return nearest and _target_pct(nearest, nearest["workforce"])


def _target_pct(row: dict | None, workforce: int | None) -> float | None:
    if not row or not row.get("target_count") or not workforce:
        return None
    return 100 * row["target_count"] / workforce


def _gap_label(child: dict, points: float | None) -> str:
    if points is None:
        return child["name"] + ": " + _("tanpa target")
    if points <= 0:
        reached = _("target tercapai")
        return f"{child['name']}: {percent(child['coverage_pct'])}, {reached}"
    below = _("%(points)s poin di bawah target") % {"points": percent(points).removesuffix(" %")}
    target = _target_pct(child, child["workforce"])
    aim = f" ({_('target')} {percent(target)})" if target is not None else ""
    return f"{child['name']}: {percent(child['coverage_pct'])}, {below}{aim}"


SORT_KEYS = {
    "kode": lambda c: c["code"],
    "wilayah": lambda c: c["name"].casefold(),
    "aktif": lambda c: c["participants_active"],
    "bekerja": lambda c: c["workforce"],
    "cakupan": lambda c: c["coverage_pct"],
    "selisih": lambda c: c["gap"],
    "target": lambda c: c["target_count"],
}


def sorted_children(children: list[dict], key: str, descending: bool) -> list[dict]:
    """Children ordered by a column of the table; rows without a value always come last."""
    value = SORT_KEYS.get(key, SORT_KEYS["kode"])
    known = [c for c in children if value(c) is not None]
    unknown = [c for c in children if value(c) is None]
    return sorted(known, key=value, reverse=descending) + unknown
