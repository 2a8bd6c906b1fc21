"""Tables as downloads: CSV (semicolon, as Indonesian Excel reads it), XLSX and JSON."""

from __future__ import annotations

import csv
import io
import json

import xlsxwriter
from django.http import Http404, HttpResponse

from semesta.imports.report import neutralise

COLUMNS = [
    ("code", "Kode"),
    ("name", "Wilayah"),
    ("participants_active", "Peserta aktif"),
    ("participants_registered", "Peserta terdaftar"),
    ("workforce", "Penduduk bekerja"),
    ("coverage_pct", "Cakupan (%)"),
    ("target_count", "Target (peserta)"),
    ("target_pct", "Target (%)"),
    ("gap", "Kekurangan dari target"),
]
TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def children_response(summary: dict, fmt: str) -> HttpResponse:
    """The region's children in a month, as a download named after the region and month."""
    if fmt not in TYPES:
        raise Http404
    rows = summary["children"]
    body = {"csv": _csv, "json": _json, "xlsx": _xlsx}[fmt](rows, summary)
    response = HttpResponse(body, content_type=TYPES[fmt])
    name = f"cakupan-{summary['region']['code']}-{summary['period']}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv(rows: list[dict], summary: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, _ in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return neutralise(str(value))


def _json(rows: list[dict], summary: dict) -> bytes:
    payload = {"region": summary["region"], "period": summary["period"], "children": rows}
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def _xlsx(rows: list[dict], summary: dict) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "in_memory": True})
    sheet = book.add_worksheet(summary["period"])
    bold = book.add_format({"bold": True})
    pct = book.add_format({"num_format": "0.00"})
    thousands = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, [label for _, label in COLUMNS], bold)
    for r, row in enumerate(rows, start=1):
        sheet.write_string(r, 0, row["code"])
        sheet.write_string(r, 1, neutralise(row["name"]))
        for c, key in enumerate(["participants_active", "participants_registered", "workforce"], 2):
            if row[key] is not None:
                sheet.write_number(r, c, row[key], thousands)
        for c, key in ((5, "coverage_pct"), (7, "target_pct")):
            if row[key] is not None:
                sheet.write_number(r, c, row[key], pct)
        for c, key in ((6, "target_count"), (8, "gap")):
            if row[key] is not None:
                sheet.write_number(r, c, row[key], thousands)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 8, 16)
    book.close()
    return out.getvalue()
