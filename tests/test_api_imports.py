"""The import API: bearer tokens, the same scoping as the pages, the CLI's JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from semesta.accounts.tokens import issue
from semesta.imports.worker import run_one

FIXTURE = Path(__file__).parent / "fixtures" / "peserta-cp1252.csv"


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue(user, 'uji')}"}


def post(client, headers, period="2025-07"):
    upload = SimpleUploadedFile("peserta.csv", FIXTURE.read_bytes())
    return client.post(
        "/api/v1/imports", {"kind": "participants", "period": period, "file": upload}, **headers
    )


def test_it_queues_a_file_and_reports_the_batch_like_the_cli(client, store, personas):
    headers = bearer(personas["branch"])
    response = post(client, headers)
    assert response.status_code == 202
    queued = response.json()
    assert (queued["status"], queued["kind"], queued["period"]) == (
        "received",
        "participants",
        "2025-07",
    )
    run_one()
    done = client.get(f"/api/v1/imports/{queued['batch_id']}", **headers).json()
    assert (done["status"], done["rows_total"], done["rows_accepted"], done["rows_rejected"]) == (
        "applied",
        2,
        2,
        0,
    )


def test_it_refuses_strangers_readers_and_other_regions(client, store, personas):
    assert post(client, {}).status_code == 401
    assert post(client, {"HTTP_AUTHORIZATION": "Bearer smt_palsu"}).status_code == 401
    assert post(client, bearer(personas["sponsor"])).status_code == 403
    assert post(client, bearer(personas["officer_b"])).status_code == 403  # rosters only
    batch_id = post(client, bearer(personas["branch"])).json()["batch_id"]
    assert (
        client.get(f"/api/v1/imports/{batch_id}", **bearer(personas["officer_a"])).status_code
        == 404
    )


def test_it_explains_a_missing_period(client, store, personas):
    response = post(client, bearer(personas["admin"]), period="")
    assert response.status_code == 400 and "Periode (TTTT-BB) wajib" in response.json()["detail"]


def test_it_serves_its_openapi_description(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/imports", "/api/v1/imports/{batch_id}"} <= set(schema["paths"])
