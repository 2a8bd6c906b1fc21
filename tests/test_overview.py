"""The overview page after login: own region only, Indonesian number formats, audited login."""

from __future__ import annotations

from datetime import date

import pytest

from semesta.accounts.models import AuditEvent
from semesta.coverage.models import Target
from tests.facts import fact


@pytest.fixture
def facts(personas):
    for code, active, workforce in (
        ("31", 2_123_056, 4_131_200),
        ("31.71", 262_993, 395_697),
        ("31.75", 600_001, 1_200_000),
        ("31.71.01", 50_000, 60_000),
    ):
        fact(code, active, workforce, registered=active + 1)
    Target.objects.create(
        region_id="31",
        kind="count",
        value=2_700_000,
        declared_pct=65,
        deadline=date(2025, 12, 31),
        source="uji",
    )
    return personas


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_it_shows_province_figures_in_indonesian_formats(client, facts):
    client.force_login(facts["admin"])
    page = client.get("/").content.decode()
    assert "2.123.056" in page and "51,39 %" in page and "4.131.200" in page
    assert "Juli 2025" in page
    assert "2.700.000 peserta" in page


def test_it_shows_a_kota_officer_their_kota_and_nothing_of_another(client, facts):
    client.force_login(facts["officer_a"])
    page = client.get("/").content.decode()
    assert "Kota Administrasi Jakarta Pusat" in page and "66,46 %" in page
    assert "Kecamatan" not in page or "83,33 %" in page
    assert "2.123.056" not in page and "600.001" not in page


def test_it_shows_an_empty_state_to_users_without_a_region(client, facts):
    client.force_login(facts["nobody"])
    assert "Belum ada data cakupan" in client.get("/").content.decode()


def test_it_records_logins_and_failed_logins(client, personas):
    client.post("/akun/masuk/", {"username": "officer_a", "password": "salah"})
    client.post("/akun/masuk/", {"username": "officer_a", "password": "rahasia-123"})
    actions = list(AuditEvent.objects.order_by("at").values_list("action", "username"))
    assert actions == [("login_failed", "officer_a"), ("login", "officer_a")]
