"""Choropleth maps of a region's children as inline SVG: no tiles, no scripts, works offline."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from semesta.regions.models import Level
from semesta.regions.services import boundaries

CHILD_LAYER = {
    Level.PROVINCE: Level.KOTA,
    Level.KOTA: Level.KECAMATAN,
    Level.KECAMATAN: Level.KELURAHAN,
}
# The Thousand Islands lie 60 km offshore; drawn to scale they shrink the mainland to a sliver.
OFFSHORE = {"31.01"}
BREAKS = [40, 50, 60, 70]  # coverage % between colour classes
COLORS = ["#e5f5e0", "#a1d99b", "#41ab5d", "#238b45", "#005a32"]
NO_DATA = "#d9dee4"


@dataclass(frozen=True)
class Shade:
    color: str
    label: str


def legend() -> list[Shade]:
    """The colour classes of coverage %, lowest first, then 'no data'."""
    bounds = [0, *BREAKS]
    shades = [Shade(c, f"{lo}–{hi} %") for c, lo, hi in zip(COLORS, bounds, BREAKS, strict=False)]
    return [*shades, Shade(COLORS[-1], f"≥ {BREAKS[-1]} %"), Shade(NO_DATA, "tanpa data")]


def color(value: float | None) -> str:
    if value is None:
        return NO_DATA
    return COLORS[sum(value >= b for b in BREAKS)]


def child_features(code: str, level: str) -> list[dict]:
    """Boundary features of a region's children, offshore islands left out of province maps."""
    layer = CHILD_LAYER.get(level)
    if layer is None:
        return []
    return [
        f
        for f in boundaries(layer)["features"]
        if f["properties"]["kode"].startswith(f"{code}.")
        and f["properties"]["kode"] not in OFFSHORE
    ]


def choropleth(
    features: list[dict],
    values: dict[str, float | None],
    labels: dict[str, str],
    links: dict[str, str],
    width: int = 720,
) -> str:
    """An SVG with one linked, titled path per feature, filled by its value."""
    rings = {f["properties"]["kode"]: list(_rings(f["geometry"])) for f in features}
    points = [p for polys in rings.values() for ring in polys for p in ring]
    if not points:
        return ""
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = width / ((east - west) * squeeze)
    height = round((north - south) * scale)

    def xy(point) -> str:
        return f"{(point[0] - west) * squeeze * scale:.1f},{(north - point[1]) * scale:.1f}"

    shapes = []
    for code, polys in rings.items():
        path = " ".join("M" + " L".join(xy(p) for p in ring) + " Z" for ring in polys)
        title = escape(labels.get(code, code))
        fill = color(values.get(code))
        link = escape(links.get(code, "#"))
        shapes.append(
            f'<a href="{link}"><path d="{path}" fill="{fill}"><title>{title}</title></path></a>'
        )
    return (
        f'<svg class="map" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Peta cakupan">{"".join(shapes)}</svg>'
    )


def _rings(geometry: dict):
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    for polygon in polygons:
        yield from polygon
