"""In Chromium: a kecamatan officer builds and downloads their Monev PDF; another kecamatan's
officer cannot open it."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from semesta.accounts.models import Membership, Role, User
from tests.browsing import log_in
from tests.facts import fact

MATRAMAN, PULOGADUNG = "31.75.01", "31.75.02"


@pytest.fixture
def two_camat(transactional_db, regions_loaded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for month in (date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)):
        fact("31.75", 600_000, 1_200_000, period=month)
        fact(MATRAMAN, 31_000 + month.month * 10, 66_000, period=month)
        fact(f"{MATRAMAN}.1001", 5_000, 12_000, period=month)
    for name, code in (("camat.matraman", MATRAMAN), ("camat.pulogadung", PULOGADUNG)):
        user = User.objects.create_user(name, password="rahasia-123")
        Membership.objects.create(user=user, role=Role.KECAMATAN_OFFICER, region_id=code)


def test_an_officer_downloads_their_monev_pdf_and_another_kecamatan_cannot(
    two_camat, live_server, browser, tmp_path
):
    shots = str(os.environ.get("SEMESTA_SCREENSHOTS", tmp_path))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "camat.matraman", f"/wilayah/{MATRAMAN}/")
    page.click("text=Laporan Monev wilayah ini")
    page.select_option("#id_period", "2025-Q4")
    page.click("text=Buat laporan")
    assert "Laporan Monev selesai dibuat." in page.inner_text(".message")
    page.screenshot(path=f"{shots}/monev-list.png", full_page=True)
    with page.expect_download() as waiting:
        page.click("#reports a:text('PDF')")
    download = waiting.value
    # Named by region, period and the report's number: a rebuilt report is a new file.
    assert re.fullmatch(r"monev-31\.75\.01-2025-Q4-\d+\.pdf", download.suggested_filename)
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
    url = page.get_attribute("#reports a:text('PDF')", "href")

    other = browser.new_page()
    log_in(other, live_server.url, "camat.pulogadung", "/laporan/")
    assert "Matraman" not in other.inner_text("#reports")
    answer = other.request.get(f"{live_server.url}{url}")
    assert answer.status == 404
