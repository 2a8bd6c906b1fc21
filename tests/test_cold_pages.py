"""Cold pages: the work a page does must not grow with the data behind it, and what it needs
beforehand (views imported, templates compiled, per-employer counts) is ready at start.

The timings themselves are measured on the full demo by ``scripts/cold_pages.py``.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from semesta.coverage import services as coverage
from semesta.employers import listing
from semesta.employers.services import participants_per_employer
from semesta.sponsorship import services
from semesta.sponsorship.models import Pledge, Sponsor
from semesta.warmup import template_names, warm_up
from semesta.workers.models import RosterStatus, RosterWorker
from tests import snapshots
from tests.snapshots import row

KEL = "31.75.01.1004"


def _workers(first: int, count: int) -> None:
    for n in range(first, first + count):
        worker = RosterWorker.objects.create(
            region_id=KEL,
            name=f"Pekerja {n}",
            nik_encrypted="-",
            nik_hash=n.to_bytes(16, "big"),
            nik_masked=f"3175********{n:04d}",
        )
        RosterStatus.objects.create(worker=worker, period=date(2025, 12, 1), status="not_covered")


@pytest.fixture
def pledge(personas):
    sponsor = Sponsor.objects.create(code="CSR-001", name="PT Peduli", kind="csr")
    sponsor.members.add(personas["sponsor"])
    return Pledge.objects.create(
        sponsor=sponsor,
        name="Palmeriam",
        region_id="31.75.01",
        start=date(2026, 1, 1),
        months=12,
        budget=100_000_000,
        created_by="officer_b",
    )


def _queries(client, url: str) -> int:
    client.get(url)  # the session's first request loads what later ones reuse
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_pledge_page_does_the_same_work_for_10_or_200_workers(client, pledge, personas):
    _workers(1, 10)
    services.allocate(pledge, personas["officer_b"], 10, pledge.start)
    client.force_login(personas["sponsor"])
    few = _queries(client, f"/sponsor/{pledge.pk}/")
    _workers(11, 190)
    services.allocate(pledge, personas["officer_b"], 190, pledge.start)
    many = _queries(client, f"/sponsor/{pledge.pk}/")
    assert few == many


def test_the_ledger_groups_workers_instead_of_walking_them(pledge, personas):
    _workers(1, 30)
    services.allocate(pledge, personas["officer_b"], 30, pledge.start)
    with CaptureQueriesContext(connection) as captured:
        rows = services.ledger(pledge)
    assert len(captured.captured_queries) <= 4
    assert [r["workers"] for r in rows] == [30] * 12


def test_the_ledger_is_stored_when_allocations_change_and_read_from_there(pledge, personas):
    _workers(1, 3)
    services.allocate(pledge, personas["officer_b"], 3, pledge.start)
    pledge.refresh_from_db()
    assert pledge.ledger_summary["rows"] == services.ledger(pledge)
    stored = pledge.ledger_summary["rows"]
    with CaptureQueriesContext(connection) as captured:
        assert services.stored_ledger(pledge) == stored
    assert len(captured.captured_queries) == 0  # read, not worked out again
    first = pledge.allocations.order_by("pk").first()
    services.end_allocation(first, personas["officer_b"], date(2026, 3, 15))
    pledge.refresh_from_db()
    assert [r["workers"] for r in pledge.ledger_summary["rows"]][2:4] == [3, 2]
    Pledge.objects.update(ledger_summary=None)
    services.store_missing_ledgers()  # at process start, e.g. after the migration
    pledge.refresh_from_db()
    assert pledge.ledger_summary["rows"] == services.ledger(pledge)


def test_the_roster_page_does_the_same_work_for_10_or_200_workers(client, personas):
    _workers(1, 10)
    client.force_login(personas["officer_b"])
    url = f"/wilayah/{KEL}/pekerja-rentan/?status=all"
    few = _queries(client, url)
    _workers(11, 190)
    assert _queries(client, url) == few


@pytest.fixture
def snapshot(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path
    settings.DATA_DIR = tmp_path
    rows = row(KEL, 3, n=3) + row(KEL, 3, active=False, n=2) + row("31.71.01.1001", 2, n=2)
    for n, r in enumerate(rows):
        r["employer_npp"] = "N1" if n < 4 else "N2"
    return coverage.register_snapshot(snapshots.write(coverage.store(), "2025-07", rows), "uji")


def test_the_employer_summary_gives_the_counts_the_snapshot_gives(snapshot):
    npps = ["N1", "N2", "N3"]
    assert listing.participants(snapshot, npps) == {"N1": (3, 4), "N2": (2, 3)}
    assert listing.participants(snapshot, npps) == participants_per_employer(snapshot, npps)
    assert listing.summary_path(snapshot).exists()
    assert snapshot.sha256 in listing.summary_path(snapshot).name  # a new month, a new summary


def test_warm_up_imports_the_views_compiles_templates_and_summarises(snapshot):
    assert "sponsorship/detail.html" in template_names()
    assert "base.html" in template_names()
    warm_up()
    assert listing.summary_path(snapshot).exists()
