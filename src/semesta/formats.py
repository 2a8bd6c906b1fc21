"""Indonesian number formats (2.123.056 and 51,39 %), month names in the interface language, and
spreadsheet cells that cannot run as formulas.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.utils.translation import get_language

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# xlsxwriter must never turn text into formulas, links or numbers on its own.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def neutralise(value: str | None) -> str:
    """Text safe to put in a CSV or XLSX cell: a leading apostrophe before a formula start.

    ``=HYPERLINK("http://x","klik")`` becomes ``'=HYPERLINK(...)``, shown as typed and never run.
    """
    if not value:
        return ""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def safe_cell(value: object) -> object:
    """A spreadsheet cell value: numbers (negative ones too) and None as they are, text neutralised.

    Anything else (dates, lazy translations) is written as its text.
    """
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    return neutralise(str(value))


def safe_row(values: Iterable[object]) -> list[object]:
    """``safe_cell`` on every value of a row, for ``csv.writer.writerow``."""
    return [safe_cell(v) for v in values]


def number(value: int | str | None) -> str:
    """Thousands separated by dots, as Indonesians write them; "–" when unknown."""
    if value is None or value == "":
        return "–"
    return f"{int(value):,}".replace(",", ".")


def percent(value: float | Decimal | None, decimals: int = 2) -> str:
    """A percentage with a decimal comma: ``51,39 %``; "–" when there is no denominator."""
    if value is None or value == "":
        return "–"
    return f"{float(value):.{decimals}f}".replace(".", ",") + " %"


MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _months() -> list[str]:
    return ENGLISH_MONTHS if get_language() == "en" else MONTHS


def month_name(value: str | date | None) -> str:
    """``2025-07`` or a date → ``Juli 2025``."""
    if value is None or value == "":
        return "–"
    text = value if isinstance(value, str) else f"{value:%Y-%m}"
    year, month = text[:4], int(text[5:7])
    return f"{_months()[month - 1]} {year}"


def date_name(value: str | date | None) -> str:
    """``2024-12-31`` or a date → ``31 Desember 2024``."""
    if value is None or value == "":
        return "–"
    text = value if isinstance(value, str) else value.isoformat()
    return f"{int(text[8:10])} {_months()[int(text[5:7]) - 1]} {text[:4]}"
