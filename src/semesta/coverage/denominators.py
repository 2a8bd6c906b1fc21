"""Where each working-residents figure comes from: source, year and method, beside the figure.

A region's figure is its own stored ``Workforce`` version when it has one, otherwise the sum of
its children's (as the engine computes it), whose sources are then listed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.utils.translation import gettext as _

from semesta.access import subtree_q
from semesta.coverage.models import Workforce

METHODS = dict(Workforce.Method.choices)


def provenance(root: str, codes: list[str], period: date) -> dict[str, dict]:
    """Provenance of the total working residents of ``codes`` (the root and/or its children).

    One query over the root's subtree: every figure in force in the month.
    """
    rows = (
        Workforce.objects.filter(kind=Workforce.Kind.TOTAL, period__lte=period)
        .filter(subtree_q("region__code", [root]))
        .values_list("region_id", "period", "source", "method", "year")
        .order_by("period")
    )
    latest = {code: row for code, *row in rows}  # later periods overwrite earlier ones
    tree: dict[str, set[str]] = defaultdict(set)
    for code in latest:
        parts = code.split(".")
        for depth in range(1, len(parts)):
            tree[".".join(parts[:depth])].add(".".join(parts[: depth + 1]))
    return {code: _describe(code, latest, tree) for code in codes}


def _describe(code: str, latest: dict, tree: dict) -> dict | None:
    if code in latest:
        start, source, method, year = latest[code]
        return {
            "basis": "own",
            "source": source,
            "method": method,
            "method_label": str(METHODS.get(method, method)),
            "year": year,
            "in_force_from": f"{start:%Y-%m}",
            "note": _note(method, source, year or start.year),
        }
    used = _used(code, latest, tree)
    if not used:
        return None
    parts = Counter((latest[c][1], latest[c][2], latest[c][3]) for c in used)
    listed = [
        {
            "source": source,
            "method": method,
            "method_label": str(METHODS.get(method, method)),
            "year": year,
            "regions": count,
        }
        for (source, method, year), count in parts.most_common()
    ]
    main = listed[0]
    note = _("jumlah %(count)s wilayah di bawahnya") % {"count": len(used)}
    return {
        "basis": "sum",
        "source": "; ".join(p["source"] for p in listed),
        "method": "sum",
        "method_label": note,
        "year": main["year"],
        "in_force_from": max(f"{latest[c][0]:%Y-%m}" for c in used),
        "parts": listed,
        "note": note + "; " + _note(main["method"], main["source"], main["year"]),
    }


def _used(code: str, latest: dict, tree: dict) -> list[str]:
    """The stored figures the sum for ``code`` rests on (own figures win over deeper ones)."""
    out = []
    for child in sorted(tree.get(code, ())):
        out += [child] if child in latest else _used(child, latest, tree)
    return out


def _note(method: str, source: str, year: int | None) -> str:
    """ "perkiraan: metode …; sumber …, tahun …" as shown beside a figure."""
    label = METHODS.get(method, method)
    text = _("perkiraan: metode %(method)s; sumber %(source)s") % {
        "method": label,
        "source": source,
    }
    return text + (f", {year}" if year else "")
