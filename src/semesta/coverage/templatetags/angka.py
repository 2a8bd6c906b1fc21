"""Template filters for Indonesian number formats: ``{{ n|angka }}`` → 2.123.056."""

from django import template

from semesta import formats

register = template.Library()


@register.filter
def angka(value):
    return formats.number(value)


@register.filter
def persen(value):
    return formats.percent(value)


@register.filter
def bulan(value):
    """A month as Indonesians name it: ``Juli 2025``."""
    return formats.month_name(value)


@register.filter
def tanggal(value):
    """A date as Indonesians write it: ``31 Desember 2024``."""
    return formats.date_name(value)


@register.filter
def selisih(value):
    """A signed change with a decimal comma: ``+0,40``, ``-1,25``; "–" when unknown."""
    if value is None or value == "":
        return "–"
    return f"{float(value):+.2f}".replace(".", ",")
