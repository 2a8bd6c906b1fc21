"""A Monev report's figures as PDF (WeasyPrint, A4) and XLSX (one sheet per section)."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from semesta.engine.store import SEGMENTS
from semesta.formats import XLSX_OPTIONS, neutralise
from semesta.pdf import render_pdf_pages
from semesta.regions.models import Level
from semesta.reports.periods import Period


def change(end: float | None, start: float | None) -> float | None:
    """Change in percentage points over the period."""
    return None if end is None or start is None else round(end - start, 2)


def pdf(data: dict, charts: dict, period: Period, sources: dict, digest: str) -> tuple[bytes, int]:
    """The report as PDF bytes and its number of pages."""
    coverage = data["coverage"]
    context = {
        "data": data,
        "charts": charts,
        "sources": sources,
        "digest": digest,
        "lapses": [
            {"month": m["month"], "values": [*(m[s] for s in SEGMENTS), m["total"]]}
            for m in data["lapses"]
        ],
        "period_title": period.title(),
        # "Kecamatan Matraman"; kota and province names already say what they are.
        "level_name": _("Kecamatan") if data["region"]["level"] == Level.KECAMATAN else "",
        "change": change(coverage["coverage_pct"], coverage["start_pct"]),
        "children": [
            {**c, "change": change(c["coverage_pct"], c["start_pct"])} for c in coverage["children"]
        ],
        "segments": SEGMENTS,
        "built_at": timezone.localtime(),
        "circulars": _per_circular(data["employers"]["responses"]),
    }
    return render_pdf_pages("reports/monev.html", context)


def _per_circular(responses: list[dict]) -> list[dict]:
    """Responses and certificates counted per circular (kota and province reports list these)."""
    counts: dict[str, dict] = {}
    for r in responses:
        row = counts.setdefault(r["circular"], {"circular": r["circular"], "responded": 0,
                                                "recognised": 0})  # fmt: skip
        row["responded"] += 1
        row["recognised"] += r["recognised_on"] is not None
    return list(counts.values())


def xlsx(data: dict, period: Period) -> bytes:
    """The report as an XLSX workbook: one sheet per section, native Excel charts."""
    out = io.BytesIO()
    # Names, titles and notes come from officers and imports: never let one run as a formula.
    book = xlsxwriter.Workbook(out, {**XLSX_OPTIONS, "in_memory": True})
    styles = {
        "head": book.add_format({"bold": True, "bg_color": "#EEF3F2", "border": 1}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "pct": book.add_format({"num_format": "0.00"}),
        "int": book.add_format({"num_format": "#,##0"}),
    }
    _summary_sheet(book, styles, data, period)
    _trend_sheet(book, styles, data)
    _children_sheet(book, styles, data)
    _segments_sheet(book, styles, data)
    _lapses_sheet(book, styles, data)
    _programmes_sheet(book, styles, data)
    _sponsorship_sheet(book, styles, data)
    _employers_sheet(book, styles, data)
    _legal_sheet(book, styles, data)
    _collaboration_sheet(book, styles, data)
    book.close()
    return out.getvalue()


def _table(sheet, styles, row: int, headers: list[str], rows: list[list]) -> int:
    """Headers and rows from ``row``; returns the row after the table."""
    for col, text in enumerate(headers):
        _text(sheet, row, col, text, styles["head"])
    for r, values in enumerate(rows, start=row + 1):
        for col, value in enumerate(values):
            if isinstance(value, float):
                sheet.write_number(r, col, value, styles["pct"])
            elif value is None:
                sheet.write_blank(r, col, None)
            elif isinstance(value, int | Decimal) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            else:
                _text(sheet, r, col, value)
    sheet.set_column(0, max(len(headers) - 1, 0), 16)
    return row + len(rows) + 1


def _text(sheet, row: int, col: int, value, style=None) -> None:
    """Any other value as text, neutralised: ``=HYPERLINK(...)`` in a name stays text."""
    sheet.write_string(row, col, neutralise(str(value)), style)


def _summary_sheet(book, styles, data: dict, period: Period) -> None:
    sheet = book.add_worksheet(_("Ringkasan"))
    coverage, target = data["coverage"], data["coverage"]["target"] or {}
    _text(
        sheet,
        0,
        0,
        f"{_('Laporan Monev')} {data['region']['name']} · {period.title()}",
        styles["title"],
    )
    rows = [
        [_("Wilayah"), f"{data['region']['name']} ({data['region']['code']})"],
        [_("Periode"), f"{period.title()} ({data['period']['first']} – {data['period']['last']})"],
        [_("Data sampai dengan"), data["as_of"]],
        [_("Peserta aktif"), coverage["active"]],
        [_("Peserta terdaftar"), coverage["registered"]],
        [_("Penduduk bekerja"), coverage["workforce"]],
        [_("Cakupan (%)"), coverage["coverage_pct"]],
        [_("Cakupan awal periode (%)"), coverage["start_pct"]],
        [_("Perubahan (poin)"), change(coverage["coverage_pct"], coverage["start_pct"])],
        [_("Target (peserta)"), target.get("target_count")],
        [_("Selisih ke target"), target.get("gap")],
        [_("Tenggat target"), target.get("deadline")],
    ]
    _table(sheet, styles, 2, [_("Ukuran"), _("Nilai")], rows)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 40)


def _trend_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Tren"))
    trend = data["coverage"]["trend"]
    rows = [[m["period"], m["coverage_pct"], m["target_pct"]] for m in trend]
    end = _table(sheet, styles, 0, [_("Bulan"), _("Cakupan (%)"), _("Target (%)")], rows)
    if not trend:
        return
    chart = book.add_chart({"type": "line"})
    name = sheet.get_name()
    for col, label in ((1, _("Cakupan")), (2, _("Target"))):
        chart.add_series(
            {
                "name": label,
                "categories": [name, 1, 0, end - 1, 0],
                "values": [name, 1, col, end - 1, col],
                "marker": {"type": "circle"},
            }
        )
    chart.set_title({"name": _("Cakupan 12 bulan terakhir (%)")})
    chart.set_y_axis({"num_format": "0"})
    sheet.insert_chart(1, 4, chart, {"x_scale": 1.4, "y_scale": 1.2})


def _children_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Wilayah di bawahnya"))
    headers = [
        _("Kode"),
        _("Nama"),
        _("Peserta aktif"),
        _("Penduduk bekerja"),
        _("Cakupan awal (%)"),
        _("Cakupan akhir (%)"),
        _("Perubahan (poin)"),
        _("Selisih ke target"),
    ]
    rows = [
        [
            c["code"],
            c["name"],
            c["participants_active"],
            c["workforce"],
            c["start_pct"],
            c["coverage_pct"],
            change(c["coverage_pct"], c["start_pct"]),
            c["gap"],
        ]
        for c in data["coverage"]["children"]
    ]
    end = _table(sheet, styles, 0, headers, rows)
    sheet.set_column(1, 1, 28)
    if rows:
        chart = book.add_chart({"type": "bar"})
        name = sheet.get_name()
        chart.add_series(
            {
                "name": _("Cakupan akhir (%)"),
                "categories": [name, 1, 1, end - 1, 1],
                "values": [name, 1, 5, end - 1, 5],
            }
        )
        chart.set_title({"name": _("Cakupan per wilayah (%)")})
        chart.set_legend({"none": True})
        sheet.insert_chart(1, 9, chart, {"y_scale": max(1.0, len(rows) / 12)})


def _segments_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Segmen"))
    segments = data["coverage"]["segments"]
    rows = [
        [
            seg,
            s["participants_active"],
            s["participants_registered"],
            s["participants_lapsed"],
            s.get("workforce"),
            s.get("coverage_pct"),
        ]
        for seg, s in segments.items()
    ]
    headers = [
        _("Segmen"),
        _("Peserta aktif"),
        _("Peserta terdaftar"),
        _("Tidak aktif bulan ini"),
        _("Penduduk bekerja"),
        _("Cakupan (%)"),
    ]
    end = _table(sheet, styles, 0, headers, rows)
    if rows:
        chart = book.add_chart({"type": "column"})
        name = sheet.get_name()
        chart.add_series(
            {
                "name": _("Peserta aktif"),
                "categories": [name, 1, 0, end - 1, 0],
                "values": [name, 1, 1, end - 1, 1],
            }
        )
        chart.set_title({"name": _("Peserta aktif per segmen")})
        chart.set_legend({"none": True})
        sheet.insert_chart(1, 7, chart)


def _lapses_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Kepesertaan terhenti"))
    rows = [[m["month"], *[m[s] for s in SEGMENTS], m["total"]] for m in data["lapses"]]
    _table(sheet, styles, 0, [_("Bulan"), *SEGMENTS, _("Jumlah")], rows)


def _programmes_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Program RW"))
    row = 0
    for programme in data["programmes"]:
        _text(sheet, row, 0, programme["name"], styles["title"])
        headers = [
            _("Kode"),
            _("Wilayah"),
            _("RW"),
            _("RW mencapai target"),
            _("Persen RW (%)"),
            _("Pekerja terlindungi"),
            _("Target pekerja"),
        ]
        tallies = [*programme["kecamatan"], programme["total"]]
        rows = [
            [
                t["code"],
                t["name"],
                t["rw_total"],
                t["rw_at_target"],
                t["share_pct"],
                t["covered"],
                t["target"],
            ]
            for t in tallies
        ]
        row = _table(sheet, styles, row + 1, headers, rows) + 1
        rw_rows = [
            [
                r["code"],
                r["name"],
                r["covered"],
                r["target"],
                _("ya") if r["at_target"] else _("belum"),
            ]
            for r in programme["rws"]
        ]
        headers = [_("Kode"), _("RW"), _("Pekerja terlindungi"), _("Target"), _("Mencapai target")]
        row = _table(sheet, styles, row, headers, rw_rows) + 1
        monev = [
            [m["region"], m["period"], m["ends"], m["status"], m["held_on"]]
            for m in programme["monev"]
        ]
        headers = [_("Wilayah"), _("Periode"), _("Berakhir"), _("Status"), _("Diadakan")]
        row = _table(sheet, styles, row, headers, monev) + 2
    if not data["programmes"]:
        _text(sheet, 0, 0, _("Tidak ada program RW di wilayah ini."))


def _sponsorship_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Sponsor iuran"))
    sponsorship = data["sponsorship"]
    _text(sheet, 0, 0, _("Pekerja rentan dibiayai sponsor di wilayah ini"))
    sheet.write_number(0, 4, sponsorship["workers"], styles["int"])
    headers = [
        _("Sponsor"),
        _("Komitmen"),
        _("Wilayah komitmen"),
        _("Anggaran (Rp)"),
        _("Terpakai s.d. akhir periode (Rp)"),
        _("Pekerja di wilayah ini"),
        _("Pekerja seluruhnya"),
    ]
    rows = [
        [
            p["sponsor"],
            p["pledge"],
            p["region"],
            p["budget"],
            p["spent"],
            p["workers_here"],
            p["workers_all"],
        ]
        for p in sponsorship["pledges"]
    ]
    _table(sheet, styles, 2, headers, rows)


def _employers_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Pemberi kerja"))
    employers = data["employers"]
    rows = [
        [_("Pemberi kerja terdaftar aktif"), employers["total"]],
        [_("Baru terdaftar dalam periode"), employers["new"]],
        [_("Besar"), employers["sizes"]["large"]],
        [_("Menengah"), employers["sizes"]["medium"]],
        [_("Mikro/kecil"), employers["sizes"]["micro_small"]],
        [_("PDS tenaga kerja"), employers["pds_workers"]],
        [_("PDS upah"), employers["pds_wages"]],
        [_("PDS program"), employers["pds_programmes"]],
    ]
    row = _table(sheet, styles, 0, [_("Ukuran"), _("Jumlah")], rows) + 1
    headers = [
        _("NPP"),
        _("Pemberi kerja"),
        _("Surat Edaran"),
        _("Ditanggapi"),
        _("Tindakan"),
        _("Piagam"),
    ]
    responses = [
        [r["npp"], r["employer"], r["circular"], r["responded_on"], r["action"], r["recognised_on"]]
        for r in employers["responses"]
    ]
    _table(sheet, styles, row, headers, responses)
    sheet.set_column(0, 0, 30)
    sheet.set_column(4, 4, 50)


def _legal_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Produk hukum"))
    headers = [_("Jenis"), _("Nomor"), _("Tahun"), _("Tanggal"), _("Penerbit"), _("Perihal")]
    rows = [
        [p["kind"], p["number"], p["year"], p["issued_on"], p["issuer"], p["subject"]]
        for p in data["legal"]
    ]
    _table(sheet, styles, 0, headers, rows)
    sheet.set_column(5, 5, 60)


def _collaboration_sheet(book, styles, data: dict) -> None:
    sheet = book.add_worksheet(_("Kolaborasi"))
    collaboration = data["collaboration"]
    headers = [
        _("Nota Kesepakatan"),
        _("Pihak"),
        _("Komitmen"),
        _("Tenggat"),
        _("Target"),
        _("Capaian"),
        _("Status"),
    ]
    rows = [
        [
            c["agreement"],
            c["party"],
            c["text"],
            str(c["deadline"] or ""),
            c["target"],
            c["current"],
            c["status"],
        ]
        for c in collaboration["commitments"]
    ]
    row = _table(sheet, styles, 0, headers, rows) + 1
    headers = [
        _("Tanggal"),
        _("Kegiatan"),
        _("Wilayah"),
        _("Kelompok sasaran"),
        _("Penyelenggara"),
        _("Hadir"),
        _("Pendaftaran 90 hari"),
        _("Selisih per 1.000 (90 hari)"),
    ]
    rows = [
        [
            str(e["held_on"]),
            e["title"],
            e["area"],
            e["audience"],
            e["organiser"],
            e["attendance"],
            e["registrations_90"],
            e["difference_90"],
        ]
        for e in collaboration["event_rows"]
    ]
    row = _table(sheet, styles, row, headers, rows) + 1
    benefits = collaboration["benefits"]
    rows = [
        [b["programme"], b["kind_label"], b["count"], b["amount"]] for b in benefits["by_programme"]
    ]
    _table(
        sheet, styles, row, [_("Program"), _("Jenis manfaat"), _("Kasus"), _("Nilai manfaat")], rows
    )
    sheet.set_column(2, 2, 50)
