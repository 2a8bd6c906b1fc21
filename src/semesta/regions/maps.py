"""Choropleth maps of a region's children as inline SVG: no tiles, no scripts, works offline."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from django.utils.translation import gettext as _

from semesta.regions.models import Level
from semesta.regions.national import layer_features

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


COVERAGE_COLOURS = ("#e5f5e0", "#a1d99b", "#41ab5d", "#238b45", "#005a32")
# Points below the target: green where it is reached, deeper orange further away.
REACHED = "#41ab5d"
REACHED_BELOW = 0.005  # points are rounded to 0.01: anything smaller is the target reached
BELOW_COLOURS = ("#fee6ce", "#fdae6b", "#e6550d", "#a63603")
# Which colours of a palette a scale with n classes uses: spread out, deepest last.
SPREAD = {1: (2,), 2: (1, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
BELOW_SPREAD = {1: (2,), 2: (1, 3), 3: (1, 2, 3), 4: (0, 1, 2, 3)}


def nice_breaks(values: list[float], classes: int) -> tuple[float, ...]:
    """Class breaks at the quantiles of the values, rounded to a readable step.

    The step is 1 point when the values span more than 20 points, else 0.1; breaks that round
    together or fall outside the values are dropped, so a class is never empty by construction.
    """
    ordered = sorted(values)
    if len(ordered) < 2 or ordered[0] == ordered[-1]:
        return ()
    step = 1.0 if ordered[-1] - ordered[0] > 20 else 0.1
    breaks: list[float] = []
    for i in range(1, classes):
        position = i * (len(ordered) - 1) / classes
        low, frac = int(position), position - int(position)
        high = ordered[min(low + 1, len(ordered) - 1)]
        value = round(round((ordered[low] + frac * (high - ordered[low])) / step) * step, 1)
        if ordered[0] < value <= ordered[-1] and (not breaks or value > breaks[-1]):
            breaks.append(value)
    return tuple(breaks)


def _num(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def _range_labels(breaks: tuple[float, ...], unit: str) -> tuple[str, ...]:
    if not breaks:
        return (_("semua wilayah"),)
    labels = [f"< {_num(breaks[0])}{unit}"]
    labels += [f"{_num(a)}–{_num(b)}{unit}" for a, b in pairwise(breaks)]
    return (*labels, f"≥ {_num(breaks[-1])}{unit}")


def coverage_scale(values: list[float | None], classes: int = 5) -> Scale:
    """Coverage % classes at the quantiles of the children's values."""
    known = [v for v in values if v is not None]
    breaks = nice_breaks(known, min(classes, len(set(known))) or 1)
    colours = tuple(COVERAGE_COLOURS[i] for i in SPREAD[len(breaks) + 1])
    return Scale("coverage", breaks, colours, _range_labels(breaks, " %"))


def gap_scale(values: list[float | None], classes: int = 4) -> Scale:
    """Points below each region's own target: one 'reached' class, quantile classes below it."""
    below = [v for v in values if v is not None and v >= REACHED_BELOW]
    breaks = nice_breaks(below, min(classes, len(set(below))) or 1)
    colours = tuple(BELOW_COLOURS[i] for i in BELOW_SPREAD[len(breaks) + 1])
    labels = _range_labels(breaks, "") if below else ()
    if below and not breaks:
        labels = (f"> 0 ({_num(min(below))}–{_num(max(below))})",)
    elif below:
        labels = (f"0–{_num(breaks[0])}", *labels[1:])
    return Scale(
        "gap",
        (REACHED_BELOW, *breaks) if below else (REACHED_BELOW,),
        (REACHED, *colours) if below else (REACHED, BELOW_COLOURS[2]),
        (_("≤ 0: target tercapai"), *labels) if below else (_("≤ 0: target tercapai"), "> 0"),
    )


def child_features(code: str, level: str) -> list[dict]:
    """Boundary features of a region's children, offshore islands left out of province maps."""
    layer = CHILD_LAYER.get(level)
    if layer is None:
        return []
    return [
        f
        for f in layer_features(layer)
        if f["properties"]["kode"].startswith(f"{code}.")
        and f["properties"]["kode"] not in OFFSHORE
    ]


def choropleth(
    features: list[dict],
    values: dict[str, float | None],
    labels: dict[str, str],
    links: dict[str, str],
    colours: Scale,
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
    # A group, not an image: an image's content is hidden from screen readers, links included.
    return (
        f'<svg class="map" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(label)}">{"".join(shapes)}</svg>'
    )


def _rings(geometry: dict):
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    for polygon in polygons:
        yield from polygon
