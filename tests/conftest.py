"""Personas (healthchecks-style) and small hand-built coverage data with known answers."""

from __future__ import annotations

import shutil

import pytest

from semesta.accounts.models import Membership, Role, User
from semesta.regions.models import BranchOffice, Region
from semesta.regions.services import load_kemendagri_regions

KOTA_A = "31.71"  # Jakarta Pusat
KOTA_B = "31.75"  # Jakarta Timur


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
