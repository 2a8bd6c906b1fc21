"""The overview in a real Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.facts import fact


@pytest.fixture
def province_facts(transactional_db, regions_loaded, personas):
    fact("31", 2_123_056, 4_131_200)
    fact("31.71", 262_993, 395_697)
    return personas


def test_it_logs_in_and_shows_the_province_headline(province_facts, live_server, browser, tmp_path):
    page = browser.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "rahasia-123")
    page.click("button[type=submit]")
    page.wait_for_selector(".card.main")
    assert page.inner_text(".card.main strong") == "51,39 %"
    assert "2.123.056" in page.inner_text(".cards")
    page.screenshot(path=str(os.environ.get("SEMESTA_SCREENSHOTS", tmp_path)) + "/overview.png")


def test_it_tells_a_wrong_password_in_indonesian(province_facts, live_server, browser):
    page = browser.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "salah")
    page.click("button[type=submit]")
    assert "kata sandi salah" in page.inner_text(".error")


@pytest.fixture
def drill_facts(transactional_db, regions_loaded, personas):
    for code, active, workforce in (
        ("31", 2_123_056, 4_131_200),
        ("31.75", 575_107, 1_209_027),
        ("31.75.01", 31_112, 66_605),
        ("31.75.01.1004", 2_785, 8_319),
    ):
        fact(code, active, workforce)
    return personas


def test_it_drills_from_dki_through_the_map_and_the_table(
    drill_facts, live_server, browser, tmp_path
):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(f"{live_server.url}/akun/masuk/?next=/wilayah/31/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "rahasia-123")
    page.click("button[type=submit]")
    assert page.inner_text("#coverage") == "51,39 %" and page.inner_text("#active") == "2.123.056"
    # The link of Jakarta Timur's shape on the map (its centre may fall in a neighbour's bay).
    page.locator('svg.map a[href^="/wilayah/31.75/"]').dispatch_event("click")
    page.wait_for_url("**/wilayah/31.75/**")
    assert "Kota Administrasi Jakarta Timur" in page.inner_text("h1")
    page.click("#children >> text=Matraman")
    page.click("#children >> text=Palmeriam")
    page.wait_for_url("**/wilayah/31.75.01.1004/**")
    assert page.inner_text("#coverage") == "33,48 %"
    page.screenshot(path=str(os.environ.get("SEMESTA_SCREENSHOTS", tmp_path)) + "/kelurahan.png")
    page.goto(f"{live_server.url}/wilayah/31.75/?periode=2025-07")
    with page.expect_download() as download:
        page.click("text=CSV")
    assert "31.75.01;Matraman;31112;31112;66605;46,71" in Path(download.value.path()).read_text(
        encoding="utf-8-sig"
    )


@pytest.fixture
def nik_snapshot(drill_facts, settings, tmp_path):
    """A July 2025 extract holding one known NIK in Palmeriam (before the browser's event loop)."""
    from semesta.coverage import services
    from semesta.nik import nik_hash
    from tests import snapshots

    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    rows = snapshots.row("31.75.01.1004", 3, "BPU")
    rows[0]["nik_hash"] = nik_hash("3175011203900001", bytes.fromhex(settings.NIK_HASH_KEY))
    services.register_snapshot(snapshots.write(services.store(), "2025-07", rows), "uji")


def test_it_switches_to_english_and_looks_up_a_nik(nik_snapshot, live_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/akun/masuk/?next=/wilayah/31.75/")
    page.fill("#id_username", "officer_b")
    page.fill("#id_password", "rahasia-123")
    page.click("button[type=submit]")
    assert "Peserta aktif" in page.inner_text(".cards")
    page.click("button[name=language]")  # EN
    page.wait_for_url("**/wilayah/31.75/**")
    assert "Active participants" in page.inner_text(".cards")
    assert "Peserta aktif" not in page.inner_text("main")
    page.click("text=Find a participant")
    page.fill("#nik", "3175011203900001")
    page.click("main button[type=submit]")
    history = page.inner_text("#history")
    assert "July 2025" in history and "Active" in history and "Palmeriam" in history
    assert "3175********0001" in page.inner_text("main")
    page.screenshot(path=str(os.environ.get("SEMESTA_SCREENSHOTS", tmp_path)) + "/lookup-en.png")
    page.click("button[name=language]")  # back to ID
    assert "Cari riwayat kepesertaan" in page.inner_text("main")
