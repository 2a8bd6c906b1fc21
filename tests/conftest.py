"""Personas (healthchecks-style) and small hand-built coverage data with known answers."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from semesta.accounts.models import Membership, Role, User
from semesta.regions.models import BranchOffice, Region
from semesta.regions.services import load_kemendagri_regions

KOTA_A = "31.71"  # Jakarta Pusat
KOTA_B = "31.75"  # Jakarta Timur


# The Chromium tests, by file (they are not edited to say so) or by the ``browser`` fixture:
# `make check` leaves them out with ``not browser``; `make test` runs them.
BROWSER_FILES = ("test_browser", "test_phone", "test_accessibility", "test_api_docs_offline")


# Tests that need no demo, Chromium or PostgreSQL but take seconds of CPU each (processes killed
# mid-import, hundreds of hypothesis examples, the Monev worker, schema fuzzing, the national
# region tree, PDFs and workbooks, object storage): `make test` runs them on both databases,
# `make check` leaves them out with ``not heavy``. Measured with ``pytest --durations=0``;
# node id prefixes (a file or one test).
HEAVY = (
    "tests/test_batch_kill.py",
    "tests/test_import_properties.py",
    "tests/test_api_fuzz.py",
    "tests/test_opendata.py::test_no_suppressed_cell_can_be_worked_back_from_the_published_ones",
    "tests/test_reports.py::test_the_worker_builds_due_reports_and_skips_regions_without_data",
    "tests/test_layers.py::test_an_upward_import_breaks_the_lint",
    "tests/test_national.py",
    "tests/test_awards.py::test_it_makes_a_dossier_pdf_with_the_candidate_name_and_a_cover",
    "tests/test_reports.py::test_the_pdf_has_a_cover_numbered_pages_and_the_kecamatan_figures",
    "tests/test_several_workers.py",
    "tests/test_shared_cache.py::test_two_processes_on_two_data_directories_share_one_cache",
    "tests/test_snapshots_s3.py",
    "tests/test_reports.py::test_the_xlsx_has_a_sheet_per_section_native_charts_and_the_same_figures",
    "tests/test_reports.py::test_a_rebuild_gives_the_same_digest_until_the_data_changes",
    "tests/test_reports.py::test_the_calendar_asks_for_each_closed_period_once",
    "tests/test_reports.py::test_an_officer_builds_and_downloads_their_kecamatans_report",
    "tests/test_sponsorship.py::test_the_sponsor_statement_pdf_has_the_ledger_and_workers_per_kelurahan",
    "tests/test_spreadsheet_safety.py::test_the_monev_xlsx_writes_an_officers_text_as_text",
    "tests/test_bad_input.py::test_a_broken_setting_stops_semesta_naming_the_variable",
    "tests/test_snapshot_writer.py::test_arrow_work_leaves_pandas_unloaded_until_asked_for",
)


def pytest_ignore_collect(collection_path, config):
    """Under ``not heavy`` (`make check`) a file that is heavy as a whole is not even imported
    (schemathesis alone takes 3 s of each worker's start)."""
    if "not heavy" in (config.option.markexpr or ""):
        relative = collection_path.relative_to(config.rootpath).as_posix()
        return relative in HEAVY or None
    return None


# Each xdist worker gets its own data directory (below). The full-scale demo is a session
# fixture (``demo_site`` serves the same build), built once per process: `make test` runs the
# ``slow`` tests in a pass of their own without xdist, so it is built once. (``--dist loadgroup``
# cannot keep them on one worker: pytest-xdist 3.8 renames node ids through an attribute pytest
# 9.2 no longer reads, so ``xdist_group`` marks are silently ignored.)
XDIST = importlib.util.find_spec("xdist") is not None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.stem.startswith(BROWSER_FILES) or "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if item.nodeid.startswith(HEAVY):
            item.add_marker(pytest.mark.heavy)


if XDIST:

    def pytest_xdist_setupnodes(config, specs):
        """Each xdist worker its own SEMESTA_DATA_DIR (file cache, keys, snapshots, catalogue)
        under the run's, so one worker's cache.clear() or key file never touches another's."""
        base = Path(os.environ.get("SEMESTA_DATA_DIR", "var")).resolve()
        for number, spec in enumerate(specs):
            spec.env.setdefault("SEMESTA_DATA_DIR", str(base / f"gw{number}"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with DKI's regions. `make check` creates its tables straight from the
    models (``--no-migrations``: 3 s less per worker), so the regions the data migration would
    have loaded are loaded here; `make test` runs every migration, which loads them."""
    with django_db_blocker.unblock():
        if not Region.objects.exists():
            load_kemendagri_regions()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rolled-back tests reuse row ids, so a data version could repeat across tests.
    from django.core.cache import cache

    cache.clear()


def _user(username: str, role: str | None = None, **where) -> User:
    user = User.objects.create_user(username=username, password="rahasia-123")
    if role:
        Membership.objects.create(user=user, role=role, **where)
    return user


@pytest.fixture
def personas(db):
    """Province admin, officers of kota A and B, a branch officer, a sponsor, a no-access user."""
    branch = BranchOffice.objects.create(code="rawamangun", name="Cabang Rawamangun")
    branch.kecamatan.add(Region.objects.get(code="31.75.01"), Region.objects.get(code="31.75.02"))
    return {
        "admin": _user("admin", Role.PROVINCE_ADMIN, region_id="31"),
        "officer_a": _user("officer_a", Role.KOTA_OFFICER, region_id=KOTA_A),
        "officer_b": _user("officer_b", Role.KOTA_OFFICER, region_id=KOTA_B),
        "branch": _user("branch", Role.BRANCH_OFFICER, branch=branch),
        "sponsor": _user("sponsor", Role.CSR_SPONSOR, region_id="31.73"),
        "nobody": _user("nobody"),
    }


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory):
    """The full-scale demo, built once per run through the real CLI: its environment."""
    data = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "SEMESTA_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "semesta.cli", "demo", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return env


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def regions_loaded(transactional_db):
    # Transactional tests empty every table afterwards, migration-loaded regions included.
    load_kemendagri_regions()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()
