"""Indonesian number formats: 2.123.056 and 51,39 %."""

from __future__ import annotations

from decimal import Decimal


def number(value: int | None) -> str:
    """Thousands separated by dots, as Indonesians write them; "–" when unknown."""
    if value is None:
        return "–"
    return f"{int(value):,}".replace(",", ".")


def percent(value: float | Decimal | None, decimals: int = 2) -> str:
    """A percentage with a decimal comma: ``51,39 %``; "–" when there is no denominator."""
    if value is None:
        return "–"
    return f"{float(value):.{decimals}f}".replace(".", ",") + " %"
