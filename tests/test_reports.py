"""Monev reports: figures within the region, PDF and XLSX, rebuilds, the schedule, access."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date

import pypdfium2
import pytest
from python_calamine import CalamineWorkbook

from semesta.accounts.models import Membership, Role, User
from semesta.collaboration.models import Agreement, Benefit, Commitment, Event, Party
from semesta.coverage.models import CoverageFact
from semesta.demo.legal import create_legal_products
from semesta.employers.models import Employer, SeResponse
from semesta.legal.models import LegalProduct
from semesta.regions.models import Region
from semesta.reports.gather import NoData
from semesta.reports.models import Report
from semesta.reports.periods import BadPeriod, latest_closed, parse, recent
from semesta.reports.services import NotReportable, build, due, verify
from tests.facts import fact

MATRAMAN, PULOGADUNG = "31.75.01", "31.75.02"
MONTHS = [date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)]


@pytest.fixture
def quarter(db, settings, tmp_path):
    """Matraman, two of its kelurahan, Jakarta Timur and DKI from September to December 2025."""
    settings.MEDIA_ROOT = tmp_path
    for i, month in enumerate(MONTHS):
        fact("31", 2_000_000 + i * 10_000, 4_000_000, period=month)
        fact("31.75", 600_000 + i * 1_000, 1_200_000, period=month)
        fact(MATRAMAN, 31_000 + i * 250, 66_000, period=month, lapsed=100 + i)
        fact(f"{MATRAMAN}.1001", 5_000 + i * 100, 12_000, period=month)
        fact(f"{MATRAMAN}.1002", 6_000 - i * 50, 12_500, period=month)
        fact(PULOGADUNG, 40_000, 80_000, period=month)
    for segment, active in (("PU", 24_000), ("BPU", 7_750)):
        CoverageFact.objects.create(
            period=MONTHS[-1],
            region_code=MATRAMAN,
            parent_code="31.75",
            level="kecamatan",
            segment=segment,
            active=active,
            registered=active,
        )
    create_legal_products()
    employer = Employer.objects.create(
        npp="11",
        name="PT Matraman Sejahtera",
        kelurahan_id=f"{MATRAMAN}.1001",
        registered_on=date(2025, 11, 3),
        pds_wages=True,
        size="medium",
    )
    SeResponse.objects.create(
        employer=employer,
        circular=LegalProduct.objects.get(number="e-0001/SE/2024"),
        responded_on=date(2025, 11, 20),
        action="Mendaftarkan 40 pedagang pasar sebagai BPU",
    )
    _collaboration()
    Employer.objects.create(
        npp="22",
        name="PT Pulogadung Jaya",
        kelurahan_id=f"{PULOGADUNG}.1001",
        registered_on=date(2019, 1, 1),
    )
    return Region.objects.get(code=MATRAMAN)


def _collaboration() -> None:
    """A commitment for Matraman, an outreach event there in November, a death benefit."""
    dinas = Party.objects.create(code="disnakertransgi", name="Disnakertransgi", kind="dinas",
                                 region_id="31")  # fmt: skip
    product = LegalProduct.objects.create(
        kind="nota", number="1/NK/2024", year=2024, issuer="Gubernur", region_id="31", subject="-"
    )
    mou = Agreement.objects.create(
        product=product, title="Nota Kesepakatan UCJ DKI", signed_on=date(2024, 10, 1)
    )
    Commitment.objects.create(
        agreement=mou, party=dinas, region_id=MATRAMAN, text="Daftarkan 500 pedagang pasar",
        indicator="reported", target=500, deadline=date(2026, 6, 30),
    )  # fmt: skip
    Event.objects.create(
        held_on=date(2025, 11, 5), region_id=f"{MATRAMAN}.1001", title="Sosialisasi pasar",
        organiser=dinas, audience="market", attendance=80, created_by="uji",
    )  # fmt: skip
    Benefit.objects.create(
        programme="JKM", kind="death", paid_on=date(2025, 12, 3), amount=42_000_000,
        region_id=f"{MATRAMAN}.1001", nik_masked="3175********0001", recorded_by="uji",
    )  # fmt: skip


def test_it_reads_quarters_semesters_and_years():
    assert (parse("2025-q4").first, parse("2025-q4").last) == (date(2025, 10, 1), date(2025, 12, 1))
    assert parse("2025-S1").months[-1] == date(2025, 6, 1)
    assert parse("2025").before == date(2024, 12, 1)
    assert parse("2025-Q4").title() == "Triwulan IV 2025"
    assert [p.label for p in recent(date(2025, 11, 1))][:4] == [
        "2025-Q3",
        "2025-Q2",
        "2025-S1",
        "2025-Q1",
    ]
    assert latest_closed("Q", date(2025, 11, 1)).label == "2025-Q3"
    assert latest_closed("S", date(2025, 5, 1)).label == "2024-S2"
    for wrong in ("2025-Q5", "2025-S3", "25-Q1", "2025-12"):
        with pytest.raises(BadPeriod):
            parse(wrong)


def test_the_pdf_has_a_cover_numbered_pages_and_the_kecamatan_figures(quarter, tmp_path):
    report = build(quarter, "2025-Q4", by="uji")
    pdf = pypdfium2.PdfDocument(report.pdf.read())
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert report.pdf_pages == len(pdf) >= 4
    assert "Kecamatan Matraman" in pages[0] and "Triwulan IV 2025" in pages[0]
    assert f"Halaman 2 dari {len(pdf)}" in pages[1]
    text = " ".join(" ".join(pages).split())  # table cells wrap lines
    assert "31.750" in text  # active participants in December, Indonesian thousands
    assert "48,11 %" in text and "46,97 %" in text  # end and start of the quarter
    assert "PT Matraman Sejahtera" in text and "PT Pulogadung Jaya" not in text
    assert "15/2023" in text and "e-0001/SE/2024" in text  # DKI's and Jakarta Timur's
    assert "6/2025" not in text  # Jakarta Barat's circulars do not
    assert "Daftarkan 500 pedagang pasar" in text and "Sosialisasi pasar" in text
    assert "1 kasus, Rp 42.000.000" in text
    shots = os.environ.get("SEMESTA_SCREENSHOTS", str(tmp_path))
    for i in range(len(pdf)):
        pdf[i].render(scale=1).to_pil().save(f"{shots}/monev-kecamatan-{i + 1}.png")


def test_the_xlsx_has_a_sheet_per_section_native_charts_and_the_same_figures(quarter):
    report = build(quarter, "2025-Q4", by="uji")
    content = report.xlsx.read()
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert book.sheet_names == [
        "Ringkasan",
        "Tren",
        "Wilayah di bawahnya",
        "Segmen",
        "Kepesertaan terhenti",
        "Program RW",
        "Sponsor iuran",
        "Pemberi kerja",
        "Produk hukum",
        "Kolaborasi",
    ]
    summary = {row[0]: row[1] for row in book.get_sheet_by_name("Ringkasan").to_python()[3:]}
    assert summary["Peserta aktif"] == 31_750 and summary["Penduduk bekerja"] == 66_000
    assert summary["Cakupan (%)"] == pytest.approx(48.11)
    children = book.get_sheet_by_name("Wilayah di bawahnya").to_python()[1:]
    assert [(r[0], r[2], r[5]) for r in children] == [
        (f"{MATRAMAN}.1001", 5_300, pytest.approx(44.17)),
        (f"{MATRAMAN}.1002", 5_850, pytest.approx(46.8)),
    ]
    lapses = book.get_sheet_by_name("Kepesertaan terhenti").to_python()[1:]
    assert [r[-1] for r in lapses] == [101, 102, 103]
    charts = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if "charts/chart" in n]
    assert len(charts) == 3  # trend, children, segments
    segments = book.get_sheet_by_name("Segmen").to_python()[1:]
    assert [(r[0], r[1]) for r in segments] == [("PU", 24_000), ("BPU", 7_750)]


def test_a_rebuild_gives_the_same_digest_until_the_data_changes(quarter):
    report = build(quarter, "2025-Q4", by="uji")
    assert report.sources["snapshots"] == []  # hand-made facts: no extracts imported
    assert verify(report)["identical"]
    CoverageFact.objects.filter(region_code=MATRAMAN, period=MONTHS[-1]).update(active=31_751)
    assert not verify(report)["identical"]


def test_it_explains_what_it_cannot_report(quarter):
    with pytest.raises(NoData) as missing:
        build(quarter, "2026-Q1", by="uji")
    assert missing.value.message("en") == (
        "No coverage figures for Matraman in 2026-03, the period's last month."
    )
    with pytest.raises(NotReportable):
        build(Region.objects.get(code=f"{MATRAMAN}.1001"), "2025-Q4", by="uji")


def test_the_calendar_asks_for_each_closed_period_once(quarter):
    wanted = {(r.code, p.label) for r, p in due(date(2025, 12, 1))}
    assert {(MATRAMAN, "2025-Q4"), ("31.75", "2025-S2"), ("31", "2025")} <= wanted
    assert ("31.75.01.1001", "2025-Q4") not in wanted  # kelurahan have no Monev report
    build(quarter, "2025-Q4", by="jadwal", trigger="schedule")
    assert (MATRAMAN, "2025-Q4") not in {(r.code, p.label) for r, p in due(date(2025, 12, 1))}
    assert {p.label for _, p in due(date(2025, 11, 1))} == {"2025-Q3", "2025-S1", "2024"}


@pytest.fixture
def matraman_officer(db):
    user = User.objects.create_user("camat", password="rahasia-123")
    Membership.objects.create(user=user, role=Role.KECAMATAN_OFFICER, region_id=MATRAMAN)
    return user


def test_an_officer_builds_and_downloads_their_kecamatans_report(client, quarter, matraman_officer):
    client.force_login(matraman_officer)
    answer = client.post("/laporan/buat/", {"region": MATRAMAN, "period": "2025-Q4"})
    assert answer.status_code == 302
    listing = client.get(answer["Location"]).content.decode()
    assert "Matraman" in listing and "2025-Q4" in listing
    built = Report.objects.get()
    assert (built.region_id, built.period, built.built_by) == (MATRAMAN, "2025-Q4", "camat")
    pdf = client.get(f"/laporan/{built.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(f"/laporan/{built.pk}/xlsx/").status_code == 200


def test_others_cannot_build_or_download_it(client, quarter, personas, matraman_officer):
    report = build(quarter, "2025-Q4", by="uji")
    pulogadung = User.objects.create_user("camat2", password="rahasia-123")
    Membership.objects.create(user=pulogadung, role=Role.KECAMATAN_OFFICER, region_id=PULOGADUNG)
    client.force_login(pulogadung)
    assert client.get(f"/laporan/{report.pk}/pdf/").status_code == 404
    assert "Matraman" not in client.get("/laporan/").content.decode()
    answer = client.post("/laporan/buat/", {"region": MATRAMAN, "period": "2025-Q4"})
    assert answer.status_code == 400  # not a region of theirs to choose
    client.force_login(personas["officer_a"])  # Jakarta Pusat
    assert client.get(f"/laporan/{report.pk}/xlsx/").status_code == 404
    client.force_login(personas["sponsor"])
    assert client.get("/laporan/").status_code == 403
    assert client.get(f"/laporan/{report.pk}/pdf/").status_code == 403
    viewer = User.objects.create_user("baca", password="rahasia-123")
    Membership.objects.create(user=viewer, role=Role.VIEWER, region_id="31")
    client.force_login(viewer)
    assert client.get(f"/laporan/{report.pk}/pdf/").status_code == 200
    assert (
        client.post("/laporan/buat/", {"region": MATRAMAN, "period": "2025-Q4"}).status_code == 403
    )


def test_the_form_offers_the_closed_periods_only(client, quarter, matraman_officer):
    client.force_login(matraman_officer)
    form = client.get("/laporan/").content.decode()
    assert '<option value="2025-Q4" selected>Triwulan IV 2025 (2025-Q4)</option>' in form
    assert f'<option value="{MATRAMAN}" selected>' in form
    assert 'value="2025-S2"' in form and 'value="2025"' in form and 'value="2026-Q1"' not in form
    answer = client.post("/laporan/buat/", {"region": MATRAMAN, "period": "2026-Q1"})
    assert answer.status_code == 400  # a period not closed yet is not offered


def test_the_worker_builds_due_reports_and_skips_regions_without_data(quarter, settings):
    from semesta.imports.worker import _scheduled_report

    settings.SCHEDULED_REPORTS = True
    failed: set[tuple[str, str]] = set()
    assert _scheduled_report(failed)  # the province first
    assert Report.objects.get().region_id == "31" and not failed
    while _scheduled_report(failed):
        pass
    assert ("31.01", "2025-S2") in failed  # Kepulauan Seribu has no figures here
    built = set(Report.objects.values_list("region_id", "period", "trigger"))
    assert built == {
        ("31", "2025", "schedule"),
        ("31.75", "2025-S2", "schedule"),
        (MATRAMAN, "2025-Q4", "schedule"),
        (PULOGADUNG, "2025-Q4", "schedule"),
    }
    settings.SCHEDULED_REPORTS = False
    Report.objects.all().delete()
    assert not _scheduled_report(set())
