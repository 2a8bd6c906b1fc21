"""A sponsor's statement of a pledge as XLSX: summary, monthly ledger, the workers (NIKs masked)."""

from __future__ import annotations

import io

import xlsxwriter

from semesta.formats import XLSX_OPTIONS, neutralise
from semesta.sponsorship.models import Pledge


def statement_xlsx(pledge: Pledge, ledger: list[dict]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {**XLSX_OPTIONS, "in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    summary = book.add_worksheet("Ringkasan")
    spent = sum(r["due"] for r in ledger)
    for i, (label, value) in enumerate(
        [
            ("Sponsor", pledge.sponsor.name),
            ("Janji", pledge.name),
            ("Wilayah", f"{pledge.region_id} {pledge.region.name}"),
            ("Mulai", f"{pledge.start:%Y-%m}"),
            ("Bulan", pledge.months),
            ("Anggaran (Rp)", pledge.budget),
            ("Iuran seluruh periode (Rp)", spent),
            ("Sisa anggaran (Rp)", pledge.budget - spent),
            ("Pekerja ditanggung", pledge.allocations.filter(ended__isnull=True).count()),
        ]
    ):
        summary.write_string(i, 0, label, bold)
        if isinstance(value, int):
            summary.write_number(i, 1, value, money)
        else:
            summary.write_string(i, 1, neutralise(value))
    summary.set_column(0, 0, 28)
    summary.set_column(1, 1, 48)
    months = book.add_worksheet("Buku iuran")
    heads = ["Bulan", "Pekerja", "Iuran (Rp)", "Tanpa keringanan (Rp)", "Terbayar", "Sisa (Rp)"]
    months.write_row(0, 0, heads, bold)
    for i, row in enumerate(ledger, start=1):
        months.write_string(i, 0, row["month"])
        months.write_number(i, 1, row["workers"])
        months.write_number(i, 2, row["due"], money)
        months.write_number(i, 3, row["without_relaxation"], money)
        if row["paid_workers"] is not None:
            months.write_number(i, 4, row["paid_workers"])
        months.write_number(i, 5, row["budget_left"], money)
    months.set_column(0, 5, 18)
    workers = book.add_worksheet("Pekerja")
    workers.write_row(0, 0, ["NIK (tersamar)", "Wilayah", "Kategori", "Sejak", "Sampai"], bold)
    allocations = pledge.allocations.select_related("worker", "worker__region").order_by(
        "worker__region_id", "pk"
    )
    for i, a in enumerate(allocations, start=1):
        workers.write_string(i, 0, neutralise(a.worker.nik_masked))
        workers.write_string(i, 1, neutralise(f"{a.worker.region_id} {a.worker.region.name}"))
        workers.write_string(i, 2, neutralise(str(a.worker.get_category_display())))
        workers.write_string(i, 3, f"{a.start:%Y-%m}")
        workers.write_string(i, 4, f"{a.ended:%Y-%m}" if a.ended else "")
    workers.set_column(0, 4, 22)
    _benefits_sheet(book, pledge, bold, money)
    book.close()
    return out.getvalue()


def _benefits_sheet(book, pledge: Pledge, bold, money) -> None:
    """Benefits paid to the pledge's workers: per programme, then each case (NIK masked)."""
    from semesta.collaboration.benefits import pledge_benefits, pledge_rollup

    sheet = book.add_worksheet("Manfaat")
    sheet.write_row(0, 0, ["Program", "Jenis manfaat", "Kasus", "Nilai (Rp)"], bold)
    rollup = pledge_rollup(pledge)
    row = 1
    for g in rollup["by_programme"]:
        sheet.write_string(row, 0, neutralise(g["programme"]))
        sheet.write_string(row, 1, neutralise(g["kind_label"]))
        sheet.write_number(row, 2, g["count"])
        sheet.write_number(row, 3, g["amount"], money)
        row += 1
    sheet.write_string(row, 0, "Jumlah", bold)
    sheet.write_number(row, 2, rollup["count"])
    sheet.write_number(row, 3, rollup["amount"], money)
    row += 2
    sheet.write_row(row, 0, ["Tanggal", "NIK (tersamar)", "Wilayah", "Program", "Nilai (Rp)"], bold)
    cases = pledge_benefits(pledge).select_related("region").order_by("paid_on", "pk")
    for i, b in enumerate(cases, start=row + 1):
        sheet.write_string(i, 0, f"{b.paid_on:%Y-%m-%d}")
        sheet.write_string(i, 1, neutralise(b.nik_masked))
        sheet.write_string(i, 2, neutralise(f"{b.region_id} {b.region.name}"))
        sheet.write_string(i, 3, neutralise(f"{b.programme} {b.get_kind_display()}"))
        sheet.write_number(i, 4, b.amount, money)
    sheet.set_column(0, 4, 24)
