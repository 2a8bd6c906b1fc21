"""Award figures in Indonesian notation (decimal comma) and criterion labels for templates."""

from __future__ import annotations

from django import template

from semesta.awards import criteria

register = template.Library()


def decimal(value, places: int = 2) -> str:
    """``12.3456`` → ``12,35``; thousands with dots; "–" when there is no value."""
    if value is None or value == "":
        return "–"
    text = f"{float(value):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@register.filter
def desimal(value, places: int = 2) -> str:
    return decimal(value, int(places))


@register.filter
def nilai(value) -> str:
    """A raw value: whole numbers without decimals (counts), others with two."""
    if value is None or value == "":
        return "–"
    return decimal(value, 0 if float(value).is_integer() else 2)


@register.filter
def kriteria(criterion: str) -> str:
    return criteria.label(criterion)


@register.filter
def satuan(criterion: str) -> str:
    return criteria.unit(criterion)


@register.filter
def bukti(evidence: dict, criterion: str):
    """A candidate's evidence for one criterion (dict lookups are not template syntax)."""
    return (evidence or {}).get(criterion)
