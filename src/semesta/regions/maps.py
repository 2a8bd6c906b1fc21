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
NO_DATA = "#d9dee4"


@dataclass(frozen=True)
class Shade:
    color: str
    label: str


@dataclass(frozen=True)
class Scale:
    """Colour classes: ``colors[i]`` for values in [breaks[i-1], breaks[i]), labels alike."""

    name: str
    breaks: tuple[float, ...]
    colors: tuple[str, ...]
    labels: tuple[str, ...]

    def color(self, value: float | None) -> str:
        if value is None:
            return NO_DATA
        return self.colors[sum(value >= b for b in self.breaks)]

    def legend(self, no_data: str) -> list[Shade]:
        """The colour classes, lowest first, then 'no data'."""
        return [*map(Shade, self.colors, self.labels), Shade(NO_DATA, no_data)]


COVERAGE = Scale(
    "coverage",
    (40, 50, 60, 70),
    ("#e5f5e0", "#a1d99b", "#41ab5d", "#238b45", "#005a32"),
    ("< 40 %", "40–50 %", "50–60 %", "60–70 %", "≥ 70 %"),
)
# Percentage points below the target: green where it is reached, deeper orange further away.
GAP = Scale(
    "gap",
    (0.005, 5, 10, 20),
    ("#41ab5d", "#fee6ce", "#fdae6b", "#e6550d", "#a63603"),
    ("≤ 0", "0–5", "5–10", "10–20", "≥ 20"),
)


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
    colours: Scale = COVERAGE,
    label: str = "",
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
        fill = colours.color(values.get(code))
        link = escape(links.get(code, "#"))
        shapes.append(
            f'<a href="{link}"><path d="{path}" fill="{fill}"><title>{title}</title></path></a>'
        )
    return (
        f'<svg class="map" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">{"".join(shapes)}</svg>'
    )


def _rings(geometry: dict):
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    for polygon in polygons:
        yield from polygon
