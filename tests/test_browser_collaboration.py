"""In Chromium: a kelurahan officer logs an outreach event in an RW; after the next months'
extract is imported through the import pipeline, the event page shows who registered."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from semesta.access import SYSTEM
from semesta.accounts.models import Membership, Role, User
from semesta.coverage.models import Workforce
from semesta.imports.services import run_import
from semesta.regions.models import Level, Region
from tests.browsing import log_in

KEL = "31.75.01.1004"
RW = f"{KEL}.001"
HEAD = "NIK,Nama,Segmen,Status,Kode Kelurahan,RW,Tanggal Daftar\n"


def extract(path, rows: list[tuple[int, str, int, str]]):
    """A participants CSV: (serial, segment, rw, registered on)."""
    lines = [
        f"317501120390{serial:04d},Warga {serial},{segment},AKTIF,{KEL},{rw},{day}\n"
        for serial, segment, rw, day in rows
    ]
    path.write_text(HEAD + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def palmeriam(transactional_db, regions_loaded, personas, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    lurah = User.objects.create_user("lurah", password="rahasia-123")
    Membership.objects.create(user=lurah, role=Role.KELURAHAN_OFFICER, region_id=KEL)
    for n in range(1, 5):
        region = Region.objects.create(
            code=f"{KEL}.{n:03d}", name=f"RW {n:03d}", level=Level.RW, parent_id=KEL
        )
        Workforce.objects.create(region=region, period=date(2025, 1, 1), value=1000, source="uji")
    june = [(s, "PU", 1 + s % 4, "2020-01-01") for s in range(1, 9)]
    batch = run_import(
        SYSTEM, "participants", extract(tmp_path / "juni.csv", june), period="2025-06"
    )
    assert batch.status == "applied"
    return june


def test_an_officer_logs_an_event_and_sees_the_registrations_that_followed(
    palmeriam, live_server, browser, tmp_path
):
    shots = str(os.environ.get("SEMESTA_SCREENSHOTS", tmp_path))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "lurah", f"/wilayah/{KEL}/")
    page.click("text=Catat kegiatan")
    page.fill("#id_region", RW)
    page.fill("#id_held_on", "2025-07-05")
    page.fill("#id_title", "Sosialisasi BPJS untuk ojol RW 001")
    page.fill("#id_organiser_name", "Kelurahan Palmeriam")
    page.select_option("#id_audience", "ojol")
    page.fill("#id_attendance", "35")
    page.click("main button[type=submit]")
    assert "Kegiatan dicatat" in page.inner_text(".message")
    assert page.inner_text("#registrations-30") == "0"
    event_url = page.url

    # August's extract: ojol in RW 001 registered after the event, one before it, a few
    # elsewhere; imported through the real pipeline.
    august = [
        *palmeriam,
        (21, "BPU", 1, "2025-07-05"),
        (22, "BPU", 1, "2025-07-12"),
        (23, "BPU", 1, "2025-07-30"),
        (24, "BPU", 1, "2025-08-20"),
        (25, "BPU", 1, "2025-06-30"),  # before the event
        (26, "BPU", 2, "2025-07-15"),
    ]
    # Playwright's event loop runs in this thread, so the import runs in another (as the
    # import worker would).
    with ThreadPoolExecutor(1) as pool:
        batch = pool.submit(
            run_import,
            SYSTEM,
            "participants",
            extract(tmp_path / "agustus.csv", august),
            period="2025-08",
        ).result()
    assert (batch.status, batch.rows_accepted) == ("applied", 14)
    page.goto(event_url)
    assert page.inner_text("#registrations-30") == "3"
    assert page.inner_text("#registrations-60") == "4"
    outcome = page.inner_text("#outcome")
    assert "3,0" in outcome and "0,3" in outcome  # per 1,000: RW 001 against RW 002–004
    page.screenshot(path=f"{shots}/event-outcome.png", full_page=True)
    page.goto(f"{live_server.url}/kolaborasi/kegiatan/")
    assert "Sosialisasi BPJS untuk ojol RW 001" in page.inner_text("#events")
