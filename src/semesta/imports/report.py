"""The error report: the uploaded rows that were rejected, given back with a "Kesalahan" column.

Fix the rows and upload the report again as an addition (mode "tambahan"). Cells that start
with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) are neutralised with a leading apostrophe so no
spreadsheet runs them as formulas (``semesta.formats.neutralise``, shared by every writer).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import xlsxwriter

from semesta.files import atomic_path
from semesta.formats import XLSX_OPTIONS, neutralise
from semesta.imports.checks import Problem
from semesta.imports.messages import render
from semesta.imports.reading import Sheet

ERROR_HEADER = {"id": "Kesalahan", "en": "Errors"}
ROW_HEADER = {"id": "Baris asal", "en": "Source row"}


def write_error_report(
    sheet: Sheet, problems: list[Problem], target: Path, lang: str = "id"
) -> Path:
    """Write the rejected rows with their messages; XLSX (bad cells highlighted) or CSV."""
    rejected = defaultdict(list)
    for problem in problems:
        if not problem.warning:
            rejected[problem.row].append(problem)
    rows = _rejected_rows(sheet, set(rejected))
    headers = [*map(neutralise, sheet.headers), ERROR_HEADER[lang], ROW_HEADER[lang]]
    target.parent.mkdir(parents=True, exist_ok=True)
    # Under its name only once complete: a full disk leaves no half report behind.
    if sheet.format == "csv":
        path = target.with_suffix(".csv")
        with atomic_path(path) as partial:
            _write_csv(partial, sheet.delimiter, headers, rows, rejected, lang)
    else:
        path = target.with_suffix(".xlsx")
        with atomic_path(path) as partial:
            _write_xlsx(partial, sheet.headers, headers, rows, rejected, lang)
    return path


def _rejected_rows(sheet: Sheet, wanted: set[int]) -> list[tuple[int, list[str | None]]]:
    table = sheet.cells(wanted)
    width = len(sheet.headers)
    columns = [table.column(f"c{i}").to_pylist() for i in range(width)]
    numbers = table.column("_row").to_pylist()
    return [(row, [columns[c][i] for c in range(width)]) for i, row in enumerate(numbers)]


def _messages(problems: list[Problem], lang: str) -> str:
    return "; ".join(render(p.code, lang, **p.fields) for p in problems)


def _write_csv(path, delimiter, headers, rows, rejected, lang) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        for row, cells in rows:
            writer.writerow(
                [*map(neutralise, cells), neutralise(_messages(rejected[row], lang)), row]
            )


def _write_xlsx(path, file_headers, headers, rows, rejected, lang) -> None:
    book = xlsxwriter.Workbook(path, XLSX_OPTIONS)
    sheet = book.add_worksheet(ERROR_HEADER[lang])
    bold = book.add_format({"bold": True})
    bad = book.add_format({"bg_color": "#FDE2E1", "font_color": "#9B1C1C"})
    sheet.write_row(0, 0, headers, bold)
    position = {h: i for i, h in enumerate(file_headers)}
    for r, (row, cells) in enumerate(rows, start=1):
        flagged = {position[p.column]: p for p in rejected[row] if p.column in position}
        for c, value in enumerate(cells):
            sheet.write_string(r, c, neutralise(value), bad if c in flagged else None)
            if c in flagged:
                sheet.write_comment(r, c, render(flagged[c].code, lang, **flagged[c].fields))
        sheet.write_string(r, len(cells), neutralise(_messages(rejected[row], lang)))
        sheet.write_number(r, len(cells) + 1, row)
    sheet.freeze_panes(1, 0)
    sheet.set_column(len(file_headers), len(file_headers), 70)
    book.close()
