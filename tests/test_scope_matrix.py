"""Persona × URL: an officer of Jakarta Barat reaches nothing of Jakarta Timur, page or API."""

from __future__ import annotations

import pytest

from semesta.accounts.models import Membership, Role, User
from semesta.accounts.tokens import issue
from semesta.imports.models import ImportBatch
from tests.facts import fact

TIMUR_PAGES = [
    "/wilayah/31.75/",
    "/wilayah/31.75.01/",
    "/wilayah/31.75.01.1004/",
    "/wilayah/31.75/anak.csv?periode=2025-07",
    "/wilayah/31.75/anak.json?periode=2025-07",
    "/wilayah/31.75/anak.xlsx?periode=2025-07",
    "/wilayah/31.75/pekerja-rentan/",
]
TIMUR_API = [
    "/api/v1/regions/31.75",
    "/api/v1/regions/31.75/coverage?period=2025-07",
    "/api/v1/regions/31.75/series",
    "/api/v1/regions/31.75.01.1004/coverage",
    "/api/v1/regions/31.75/targets",
]


@pytest.fixture
def barat(personas):
    user = User.objects.create_user("petugas_jakbar", password="rahasia-123")
    Membership.objects.create(user=user, role=Role.KOTA_OFFICER, region_id="31.73")
    for code in ("31", "31.73", "31.75", "31.75.01", "31.75.01.1004"):
        fact(code, 5, 20, registered=10)
    batch = ImportBatch.objects.create(
        kind="participants",
        username="officer_b",
        region_code="31.75",
        scope=["31.75"],
        file_name="x.csv",
        file_sha256="0" * 64,
        status="applied",
        error_report="/nonexistent",
    )
    return user, batch


def test_it_shows_jakarta_barat_to_its_officer(client, barat):
    user, _ = barat
    client.force_login(user)
    assert client.get("/wilayah/31.73/?periode=2025-07").status_code == 200
    assert "Kota Administrasi Jakarta Barat" in client.get("/").content.decode()


@pytest.mark.parametrize("url", TIMUR_PAGES)
def test_it_keeps_every_jakarta_timur_page_from_the_jakarta_barat_officer(client, barat, url):
    client.force_login(barat[0])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", TIMUR_API)
def test_it_keeps_every_jakarta_timur_api_object_from_the_jakarta_barat_officer(client, barat, url):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue(barat[0], 'uji')}"}
    assert client.get(url, **headers).status_code == 404


def test_it_keeps_jakarta_timur_imports_and_targets_out_of_reach(client, barat):
    user, batch = barat
    client.force_login(user)
    for url in (f"/impor/{batch.pk}/", f"/impor/{batch.pk}/laporan/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/impor/{batch.pk}/keputusan/", {"decision": "confirm"}).status_code == 404
    assert client.post("/wilayah/31.75/target/", {"kind": "pct"}).status_code == 404
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue(user, 'uji')}"}
    assert client.get(f"/api/v1/imports/{batch.pk}", **headers).status_code == 404
    assert "x.csv" not in client.get("/impor/").content.decode()


def test_it_lets_a_viewer_read_figures_but_no_personal_data(client, barat, personas):
    viewer = User.objects.create_user("pembaca", password="rahasia-123")
    Membership.objects.create(user=viewer, role=Role.VIEWER, region_id="31")
    client.force_login(viewer)
    assert client.get("/wilayah/31.75/?periode=2025-07").status_code == 200
    assert client.get("/peserta/cari/").status_code == 403
    assert client.get("/wilayah/31.75/pekerja-rentan/").status_code == 403
    assert client.post("/peserta/cari/", {"nik": "3175011203900001"}).status_code == 403
    # An import's error report holds the rejected rows' NIKs: not for viewers either.
    batch = barat[1]
    assert client.get(f"/impor/{batch.pk}/laporan/").status_code == 403
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue(viewer, 'uji')}"}
    assert client.get(f"/api/v1/imports/{batch.pk}/report", **headers).status_code == 403
    lookup = client.post(
        "/api/v1/lookup", {"nik": "3175011203900001"}, content_type="application/json", **headers
    )
    assert lookup.status_code == 403
