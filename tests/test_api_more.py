"""The API's targets, look-up and error-report endpoints: scoped, audited, like the pages."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from semesta.accounts.models import AuditEvent
from semesta.accounts.tokens import issue
from semesta.coverage.models import CoverageFact
from semesta.imports.worker import run_one
from tests.facts import fact
from tests.test_lookup import NIK
from tests.test_lookup import months as months  # the snapshot fixture


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue(user, 'uji')}"}


def post_json(client, url, body, user):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


TARGET = {"kind": "pct", "value": "70", "deadline": "2025-12-31", "source": "SE Wali Kota 2025"}


def test_it_sets_a_target_and_keeps_the_replaced_one_as_history(client, personas):
    fact("31.75", 600, 1_200, registered=700)
    first = post_json(client, "/api/v1/regions/31.75/targets", TARGET, personas["officer_b"])
    assert first.status_code == 201 and first.json()["in_force"]
    again = post_json(
        client, "/api/v1/regions/31.75/targets", {**TARGET, "value": "65"}, personas["officer_b"]
    )
    assert again.status_code == 201
    listed = client.get("/api/v1/regions/31.75/targets", **bearer(personas["officer_b"])).json()
    assert [(t["value"], t["in_force"]) for t in listed] == [(65.0, True), (70.0, False)]
    # The facts carry the new target at once: 65 % of 1,200 = 780, 180 short of it.
    assert CoverageFact.objects.get(region_code="31.75", segment="ALL").gap == 180


def test_it_refuses_targets_outside_ones_region_and_role(client, personas):
    url = "/api/v1/regions/31.75/targets"
    assert post_json(client, url, TARGET, personas["officer_a"]).status_code == 404
    assert post_json(client, url, TARGET, personas["sponsor"]).status_code in (403, 404)
    assert post_json(client, url, {**TARGET, "value": "150"}, personas["admin"]).status_code == 422
    assert client.get(url, **bearer(personas["officer_a"])).status_code == 404


def test_it_looks_up_a_nik_masked_and_audited(client, months):
    response = post_json(client, "/api/v1/lookup", {"nik": NIK}, months["officer_a"])
    assert response.status_code == 200
    body = response.json()
    assert body["nik"] == "3171********0001" and NIK not in response.content.decode()
    assert [(m["period"], m["status"]) for m in body["months"]] == [
        ("2025-06", "ACTIVE"),
        ("2025-07", "INACTIVE"),
    ]
    assert AuditEvent.objects.filter(action="view_personal", username="officer_a").count() == 1


def test_it_keeps_the_look_up_from_sponsors_and_other_regions(client, months):
    assert post_json(client, "/api/v1/lookup", {"nik": NIK}, months["sponsor"]).status_code == 403
    other = post_json(client, "/api/v1/lookup", {"nik": NIK}, months["officer_b"]).json()
    assert other["months"] == []
    bad = post_json(client, "/api/v1/lookup", {"nik": "123"}, months["officer_a"])
    assert bad.status_code == 400


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"


def test_it_downloads_an_imports_error_report_audited_and_scoped(client, store, personas):
    # Participant extracts come from BPJS: the branch officer uploads them for their kecamatan.
    body = (
        "NIK;Segmen;Status;Kelurahan;Tanggal Daftar\n"
        "3171011203900001;BPU;AKTIF;31.75.01.1001;01/02/2020\n"
        "12;BPU;AKTIF;31.75.01.1001;01/02/2020\n"
    )
    upload = SimpleUploadedFile("peserta.csv", body.encode())
    queued = client.post(
        "/api/v1/imports",
        {"kind": "participants", "period": "2025-07", "file": upload},
        **bearer(personas["branch"]),
    ).json()
    run_one()
    batch = client.get(f"/api/v1/imports/{queued['batch_id']}", **bearer(personas["branch"]))
    report_url = batch.json()["error_report"]
    assert report_url == f"/api/v1/imports/{queued['batch_id']}/report"
    report = client.get(report_url, **bearer(personas["branch"]))
    assert report.status_code == 200
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    header, rejected = text.splitlines()
    assert "Kesalahan" in header and rejected.startswith("12;")
    assert AuditEvent.objects.filter(object_type="import_error_report").count() == 1
    assert client.get(report_url, **bearer(personas["officer_a"])).status_code == 404
