"""Participant look-up by NIK: the person's months, within one's region, audited, masked."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from semesta.accounts.models import AuditEvent
from semesta.coverage import services
from semesta.nik import nik_hash
from tests import snapshots
from tests.snapshots import row

NIK = "3171011203900001"


@pytest.fixture
def months(db, settings, tmp_path, personas):
    settings.SNAPSHOT_DIR = tmp_path
    key = bytes.fromhex(django_settings.NIK_HASH_KEY)
    for period, status in (("2025-06", True), ("2025-07", False)):
        rows = row("31.71.01.1001", 2, "BPU", active=status) + row("31.75.01.1001", 1, "PU")
        rows[0]["nik_hash"] = nik_hash(NIK, key)
        services.register_snapshot(snapshots.write(services.store(), period, rows), "uji")
    return personas


def test_it_shows_the_months_of_a_nik_in_ones_region_and_audits_it(client, months):
    client.force_login(months["officer_a"])
    page = client.post("/peserta/cari/", {"nik": NIK}).content.decode()
    assert "NIK 3171********0001" in page and NIK not in page
    assert "Juni 2025" in page and "Juli 2025" in page and "Tidak aktif" in page
    event = AuditEvent.objects.get(action="view_personal")
    assert (event.username, event.object_id, event.region_code) == (
        "officer_a",
        "3171********0001",
        "31.71.01.1001",
    )


def test_it_finds_nothing_outside_ones_region(client, months):
    client.force_login(months["officer_b"])
    page = client.post("/peserta/cari/", {"nik": NIK}).content.decode()
    assert "Tidak ditemukan dalam data peserta di wilayah Anda" in page


def test_it_keeps_personal_data_from_sponsors_and_viewers(client, months):
    client.force_login(months["sponsor"])
    assert client.post("/peserta/cari/", {"nik": NIK}).status_code == 403


def test_it_explains_an_invalid_nik(client, months):
    client.force_login(months["officer_a"])
    page = client.post("/peserta/cari/", {"nik": "31710112"}).content.decode()
    assert "NIK harus 16 digit angka (ditemukan 8 digit)" in page
