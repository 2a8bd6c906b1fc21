"""In Chromium: a kelurahan officer allocates two uncovered workers of an RW to a CSR pledge;
the sponsor then sees them, masked, and nothing of another sponsor's pledge."""

from __future__ import annotations

import os
from datetime import date

import pytest

from semesta.accounts.models import Membership, Role, User
from semesta.regions.models import Level, Region
from semesta.sponsorship.models import Pledge, Sponsor
from semesta.workers.models import RosterStatus, RosterWorker
from tests.browsing import log_in

RW = "31.75.01.1004.001"


@pytest.fixture
def rw_roster(transactional_db, regions_loaded, personas):
    lurah = User.objects.create_user("lurah", password="rahasia-123")
    Membership.objects.create(user=lurah, role=Role.KELURAHAN_OFFICER, region_id="31.75.01.1004")
    rw = Region.objects.create(code=RW, name="RW 001", level=Level.RW, parent_id="31.75.01.1004")
    for n, status in enumerate(["covered", "not_covered", "not_covered", "lapsed"], start=1):
        worker = RosterWorker.objects.create(
            region=rw,
            name=f"Warga {n}",
            nik_encrypted="-",
            nik_hash=bytes([n]) * 16,
            nik_masked=f"3175********{n:04d}",
        )
        RosterStatus.objects.create(worker=worker, period=date(2025, 12, 1), status=status)
    mine = Sponsor.objects.create(code="CSR-001", name="PT Peduli Sesama", kind="csr")
    mine.members.add(personas["sponsor"])
    other = Sponsor.objects.create(code="CSR-002", name="PT Lain Hati", kind="csr")
    for sponsor, name in ((mine, "Ojol Palmeriam 2026"), (other, "Pedagang Palmeriam 2026")):
        Pledge.objects.create(
            sponsor=sponsor,
            name=name,
            region_id="31.75.01.1004",
            start=date(2026, 1, 1),
            months=12,
            budget=10_000_000,
            created_by="lurah",
        )
    return personas


def test_a_lurah_allocates_two_workers_and_the_sponsor_sees_them_masked(
    rw_roster,
    live_server,
    browser,
    tmp_path,
):
    shots = str(os.environ.get("SEMESTA_SCREENSHOTS", tmp_path))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "lurah", f"/wilayah/{RW}/pekerja-rentan/")
    table = page.inner_text("#roster")
    assert "Warga 2" in table and "Warga 4" in table and "Warga 1" not in table  # not covered
    page.check("input[aria-label='Warga 2']")
    page.check("input[aria-label='Warga 4']")
    page.select_option("#pledge", label="PT Peduli Sesama: Ojol Palmeriam 2026")
    page.click("text=Alokasikan")
    assert "2 pekerja dialokasikan" in page.inner_text(".message")
    assert page.inner_text("#roster").count("PT Peduli Sesama") == 2
    page.screenshot(path=f"{shots}/roster-allocated.png", full_page=True)

    sponsor = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(sponsor, live_server.url, "sponsor", "/sponsor/")
    listing = sponsor.inner_text("#pledges")
    assert "Ojol Palmeriam 2026" in listing and "PT Lain Hati" not in listing
    sponsor.click("text=Ojol Palmeriam 2026")
    covered = sponsor.inner_text("#allocations")
    assert "3175********0002" in covered and "3175********0004" in covered
    assert "Warga" not in sponsor.inner_text("main")
    assert sponsor.inner_text("#workers") == "2"
    sponsor.screenshot(path=f"{shots}/sponsor-pledge.png", full_page=True)
