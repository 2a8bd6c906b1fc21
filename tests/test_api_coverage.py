"""The coverage API: the CLI's JSON over HTTP, the same scoping as the pages."""

from __future__ import annotations

from datetime import date

import pytest

from semesta.accounts.tokens import issue
from tests.facts import fact


@pytest.fixture
def facts(personas):
    for month in (date(2025, 6, 1), date(2025, 7, 1)):
        for code, active in (("31", 1_000), ("31.71", 400), ("31.75", 600)):
            fact(code, active, 2 * active, period=month)
    return personas


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue(user, 'uji')}"}


def test_it_serves_the_same_coverage_object_as_the_cli(client, facts):
    body = client.get("/api/v1/regions/31/coverage?period=2025-07", **auth(facts["admin"])).json()
    assert (body["participants_active"], body["coverage_pct"], body["period"]) == (
        1_000,
        50.0,
        "2025-07",
    )
    assert [c["code"] for c in body["children"]] == ["31.71", "31.75"]


def test_it_scopes_regions_coverage_and_series_to_the_officer(client, facts):
    headers = auth(facts["officer_a"])
    assert client.get("/api/v1/regions", **headers).json() == [
        {"code": "31.71", "name": "Kota Administrasi Jakarta Pusat", "level": "kota"}
    ]
    assert len(client.get("/api/v1/regions/31.71/series", **headers).json()) == 2
    for url in (
        "/api/v1/regions/31.75",
        "/api/v1/regions/31.75/coverage",
        "/api/v1/regions/31/series",
    ):
        assert client.get(url, **headers).status_code == 404, url


def test_it_explains_a_bad_or_empty_period(client, facts):
    headers = auth(facts["admin"])
    assert client.get("/api/v1/regions/31/coverage?period=juli", **headers).status_code == 400
    missing = client.get("/api/v1/regions/31/coverage?period=2023-01", **headers)
    assert missing.status_code == 404 and "Belum ada data cakupan" in missing.json()["detail"]
