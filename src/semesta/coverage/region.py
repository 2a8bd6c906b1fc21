"""Everything a region page shows, gathered from the precomputed facts (never the snapshots)."""

from __future__ import annotations

from datetime import date

from semesta.coverage import charts
from semesta.coverage.models import CoverageFact
from semesta.coverage.services import period_str
from semesta.coverage.summary import coverage_summary
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
    return [{**r, "period": period_str(r["period"])} for r in rows]


def region_page(principal, code: str, period: date) -> dict:
    """Summary, outlook to the target, trend, breadcrumb and map of a region in a month."""
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
    return {
        "summary": summary,
        "outlook": view,
        "series": months,
        "breadcrumb": _breadcrumb(principal, code),
        "map": _map(summary, period),
        "trend": charts.trend(months, summary["period"]),
        "legend": maps.legend(),
    }


def _breadcrumb(principal, code: str) -> list[Region]:
    region = Region.objects.get(code=code)
    return list(Region.objects.visible_to(principal).filter(code__in=region.ancestor_codes))


def _map(summary: dict, period: date) -> str:
    region = summary["region"]
    features = maps.child_features(region["code"], region["level"])
    children = {c["code"]: c for c in summary["children"]}
    values = {code: c["coverage_pct"] for code, c in children.items()}
    labels = {code: f"{c['name']}: {percent(c['coverage_pct'])}" for code, c in children.items()}
    links = {code: f"/wilayah/{code}/?periode={period_str(period)}" for code in children}
    return maps.choropleth(features, values, labels, links)
