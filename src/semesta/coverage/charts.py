"""Charts as Vega-Lite specs, rendered to SVG on the server by vl-convert.

One spec serves the web page (inline SVG: no script, so the Content-Security-Policy stays strict
and the page works without JavaScript) and, later, the PDF and XLSX reports. Numbers and months
follow the interface language: ``51,39`` and ``Jul 2025`` in Indonesian.
"""

from __future__ import annotations

from html import escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from semesta import periods
from semesta.formats import MONTHS, month_name, number, percent

WIDTH, HEIGHT = 640, 220
SHOWN_MONTHS = 24
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
COLOURS = {"coverage": "#0b6e4f", "target": "#c2410c", "projection": "#0b6e4f"}

# Labels of at least 12 px, as on the rest of the page (Vega-Lite's default is 10 px).
CONFIG = {
    "axis": {"labelFontSize": 12, "titleFontSize": 12},
    "legend": {"labelFontSize": 12, "titleFontSize": 12},
    "title": {"fontSize": 14, "anchor": "start", "color": "#1d2733"},
    "text": {"fontSize": 12},
}

INDONESIAN_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp ", ""]}
INDONESIAN_MONTHS = {
    "dateTime": "%A, %e %B %Y pukul %X",
    "date": "%d/%m/%Y",
    "time": "%H.%M.%S",
    "periods": ["", ""],
    "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
    "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
    "months": MONTHS,
    "shortMonths": [name[:3] for name in MONTHS],  # Jan … Agu, Okt, Des
}


def trend_spec(months: list[dict], chosen: str, outlook, target: dict | None) -> dict | None:
    """Coverage % over the 24 months up to ``chosen``, the target line and the projection."""
    shown = [m for m in months if m["period"] <= chosen and m["coverage_pct"] is not None]
    shown = shown[-SHOWN_MONTHS:]
    if len(shown) < 2:
        return None
    coverage, target_name, projection = _("Cakupan"), _("Target"), _("Proyeksi")
    rows = [_row(m["period"], coverage, float(m["coverage_pct"])) for m in shown]
    rows += [
        _row(m["period"], target_name, 100 * m["target_count"] / m["workforce"])
        for m in shown
        if m["target_count"] and m["workforce"]
    ]
    last = shown[-1]
    if target and outlook and outlook.projected_pct_at_deadline is not None:
        deadline = target["deadline"][:7]
        if periods.parse(deadline) > periods.parse(last["period"]):
            rows += [
                _row(last["period"], projection, float(last["coverage_pct"])),
                _row(deadline, projection, float(outlook.projected_pct_at_deadline)),
            ]
            if last["target_count"] and last["workforce"]:
                rows.append(
                    _row(deadline, target_name, 100 * last["target_count"] / last["workforce"])
                )
    present = {r["series"] for r in rows}
    styles = [
        (name, colour, dash)
        for name, colour, dash in zip(
            (coverage, target_name, projection),
            COLOURS.values(),
            ([1, 0], [6, 4], [2, 3]),
            strict=True,
        )
        if name in present
    ]
    series = [name for name, _c, _d in styles]
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": series, "range": [c for _n, c, _d in styles]},
        "legend": {"orient": "bottom"},
    }
    first = shown[0]
    description = _("Cakupan dari %(start_pct)s (%(start)s) menjadi %(end_pct)s (%(end)s).") % {
        "start_pct": percent(first["coverage_pct"]),
        "start": month_name(first["period"]),
        "end_pct": percent(last["coverage_pct"]),
        "end": month_name(last["period"]),
    }
    for name in (target_name, projection):
        latest = [r for r in rows if r["series"] == name][-1:]
        for row in latest:
            description += " " + _("%(series)s %(pct)s pada %(month)s.") % {
                "series": name,
                "pct": percent(row["pct"]),
                "month": month_name(row["period"]),
            }
    return {
        "$schema": SCHEMA,
        "title": _("Cakupan per bulan (% penduduk bekerja)"),
        "description": description,
        "config": CONFIG,
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": rows},
        "encoding": {
            "x": {
                "field": "month",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%b %Y", "tickCount": 8},
            },
            "y": {
                "field": "pct",
                "type": "quantitative",
                "title": _("% penduduk bekerja"),
                "scale": {"zero": False},
            },
            "color": colour,
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": series, "range": [d for _n, _c, d in styles]},
                "legend": None,
            },
        },
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2}},
            {
                "transform": [{"filter": {"field": "series", "equal": coverage}}],
                "mark": {"type": "point", "filled": True, "size": 30},
                "encoding": {
                    "size": {
                        "condition": {"test": f"datum.period === '{chosen}'", "value": 120},
                        "value": 30,
                    }
                },
            },
        ],
    }


def segments_spec(summary: dict) -> dict | None:
    """Active participants per segment, with the segment's coverage where it has a denominator."""
    names = {
        "PU": _("Penerima Upah (PU)"),
        "BPU": _("Bukan Penerima Upah (BPU)"),
        "JAKON": _("Jasa konstruksi (Jakon)"),
        "PMI": _("Pekerja migran (PMI)"),
    }
    rows = []
    for key, name in names.items():
        segment = summary["segments"].get(key)
        if not segment or not segment["participants_active"]:
            continue
        label = number(segment["participants_active"])
        if segment.get("coverage_pct") is not None:
            label += " · " + _("cakupan") + " " + percent(segment["coverage_pct"])
        rows.append({"segment": name, "active": segment["participants_active"], "label": label})
    if not rows:
        return None
    return {
        "$schema": SCHEMA,
        "title": _("Peserta aktif per segmen"),
        "description": "; ".join(f"{row['segment']}: {row['label']}" for row in rows) + ".",
        "config": CONFIG,
        "width": WIDTH - 220,
        "height": {"step": 28},
        # Room for labels: the fonts that draw them (browser, PDF) run wider than vl-convert's.
        "padding": {"left": 30, "right": 70, "top": 5, "bottom": 5},
        "data": {"values": rows},
        "encoding": {
            "y": {"field": "segment", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "active",
                "type": "quantitative",
                "title": _("Peserta aktif"),
                "axis": {"format": ",.0f"},
            },
        },
        "layer": [
            {"mark": {"type": "bar", "color": COLOURS["coverage"]}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
                "encoding": {"text": {"field": "label", "type": "nominal"}},
            },
        ],
    }


def svg(spec: dict | None) -> str:
    """The spec drawn as an SVG document ('' for no chart).

    Numbers are written the Indonesian way in both languages, as on the rest of the page; month
    names follow the interface language.
    """
    if spec is None:
        return ""
    import vl_convert

    indonesian = get_language() != "en"
    drawn = vl_convert.vegalite_to_svg(
        spec,
        format_locale=INDONESIAN_NUMBERS,
        time_format_locale=INDONESIAN_MONTHS if indonesian else "en-US",
    )
    return _accessible(drawn, spec.get("title") or "", spec.get("description") or "")


def _accessible(drawn: str, title: str, description: str) -> str:
    """One image for screen readers, named by the chart's title and described by its figures
    (vl-convert writes neither on the SVG element; its own labels are English and per mark)."""
    label = escape(f"{title}. {description}" if description else title)
    head, rest = drawn.split(">", 1)
    return (
        f'{head} role="img" aria-label="{label}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{rest}"
    )


def _row(period: str, series: str, pct: float) -> dict:
    return {"month": f"{period}-01", "period": period, "series": series, "pct": round(pct, 2)}
