"""Deciding imports through the API: preview, confirm (explicitly, after the preview), discard
and revert, with the batch page's and ``semesta batch``'s services and permission rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from semesta.accounts.models import AuditEvent
from semesta.accounts.tokens import issue
from semesta.imports.models import ImportBatch
from semesta.imports.worker import run_one

FIXTURES = Path(__file__).parent / "fixtures"
JSON = "application/json"


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue(user, 'uji')}"}


def _imported(client, user, fixture: str) -> ImportBatch:
    upload = SimpleUploadedFile(fixture, (FIXTURES / fixture).read_bytes())
    queued = client.post(
        "/api/v1/imports",
        {"kind": "participants", "period": "2025-07", "file": upload},
        **bearer(user),
    )
    assert queued.status_code == 202, queued.content
    run_one()
    return ImportBatch.objects.get(pk=queued.json()["batch_id"])


@pytest.fixture
def held(client, store, personas) -> ImportBatch:
    batch = _imported(client, personas["branch"], "peserta-kesalahan.csv")
    assert batch.status == ImportBatch.Status.HELD
    return batch


def _post(client, user, url: str, body: dict | None = None):
    return client.post(url, body or {}, content_type=JSON, **bearer(user))


def test_it_shows_the_preview_of_a_held_batch_per_region_masked(client, held, personas):
    answer = client.get(f"/api/v1/imports/{held.pk}/preview", **bearer(personas["branch"]))
    assert answer.status_code == 200
    shown = answer.json()
    assert shown["batch"]["status"] == "held" and shown["scope"] == held.scope
    assert shown["preview"]["added"] == held.preview["added"] > 0
    assert shown["preview"]["kelurahan"][0]["code"].startswith("31.75.")
    assert {"code", "name", "added", "changed", "removed"} <= set(shown["preview"]["kota"][0])
    keys = [item["key"] for item in shown["preview"]["sample"]]
    assert keys and all("********" in key for key in keys)  # NIKs masked
    assert "3175011203900001" not in answer.content.decode()
    assert (shown["may_decide"], shown["actions"]) == (True, ["confirm", "discard"])


def test_it_confirms_only_with_an_explicit_confirm_after_the_preview(client, held, personas):
    url = f"/api/v1/imports/{held.pk}/confirm"
    refused = _post(client, personas["branch"], url)
    assert refused.status_code == 400 and "/preview" in refused.json()["detail"]
    assert _post(client, personas["branch"], url, {"confirm": False}).status_code == 400
    held.refresh_from_db()
    assert held.status == "held"
    applied = _post(client, personas["branch"], url, {"confirm": True})
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    held.refresh_from_db()
    assert (held.status, held.decided_by) == ("applied", "branch")
    again = _post(client, personas["branch"], url, {"confirm": True})
    assert again.status_code == 409 and "tidak sedang ditahan" in again.json()["detail"]


def test_it_discards_a_held_batch_and_nothing_is_applied(client, held, personas):
    answer = _post(client, personas["admin"], f"/api/v1/imports/{held.pk}/discard")
    assert answer.status_code == 200 and answer.json()["status"] == "discarded"
    held.refresh_from_db()
    assert (held.status, held.decided_by) == ("discarded", "admin")
    assert not held.changes.exists()
    assert _post(client, personas["admin"], f"/api/v1/imports/{held.pk}/discard").status_code == 409


def test_it_reverts_an_applied_batch_with_an_explicit_confirm(client, store, personas):
    batch = _imported(client, personas["branch"], "peserta-cp1252.csv")
    assert batch.status == "applied"
    shown = client.get(f"/api/v1/imports/{batch.pk}/preview", **bearer(personas["branch"])).json()
    assert shown["actions"] == ["revert"] and shown["revert_refused"] is None
    url = f"/api/v1/imports/{batch.pk}/revert"
    assert _post(client, personas["branch"], url).status_code == 400
    answer = _post(client, personas["branch"], url, {"confirm": True})
    assert answer.status_code == 200 and answer.json()["status"] == "reverted"
    assert AuditEvent.objects.filter(object_type="import_batch_revert", username="branch").exists()
    refused = _post(client, personas["branch"], url, {"confirm": True})
    assert refused.status_code == 409 and "Hanya impor yang diterapkan" in refused.json()["detail"]


def test_out_of_region_personas_get_404_and_others_without_the_role_403(client, held, personas):
    for name in ("officer_a", "sponsor", "nobody"):
        user = personas[name]
        assert client.get(f"/api/v1/imports/{held.pk}/preview", **bearer(user)).status_code == 404
        for action in ("confirm", "discard", "revert"):
            url = f"/api/v1/imports/{held.pk}/{action}"
            assert _post(client, user, url, {"confirm": True}).status_code == 404, (name, action)
    # Jakarta Timur's kota officer sees the batch but may not import participants.
    officer = personas["officer_b"]
    shown = client.get(f"/api/v1/imports/{held.pk}/preview", **bearer(officer)).json()
    assert (shown["may_decide"], shown["actions"]) == (False, [])
    for action in ("confirm", "discard", "revert"):
        url = f"/api/v1/imports/{held.pk}/{action}"
        assert _post(client, officer, url, {"confirm": True}).status_code == 403
    held.refresh_from_db()
    assert held.status == "held" and not held.decided_by


def test_the_error_report_is_a_safe_audited_attachment(client, held, personas):
    answer = client.get(f"/api/v1/imports/{held.pk}/report", **bearer(personas["branch"]))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert answer["Content-Disposition"] == f'attachment; filename="kesalahan-impor-{held.pk}.csv"'
    assert "Kesalahan" in b"".join(answer.streaming_content).decode("utf-8-sig")
    found = AuditEvent.objects.get(object_type="import_error_report")
    assert (found.action, found.username, found.object_id) == ("export", "branch", str(held.pk))
    assert (
        client.get(f"/api/v1/imports/{held.pk}/report", **bearer(personas["officer_a"])).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/imports/{held.pk}/report", **bearer(personas["officer_b"])).status_code
        == 403
    )


def test_a_dinas_officer_decides_their_own_staff_uploads_only(client, store, personas):
    from semesta.accounts.models import Membership, Role, User

    dinas = User.objects.create_user("petugas.dishub", password="rahasia-123")
    Membership.objects.create(user=dinas, role=Role.AGENCY_OFFICER, region_id="31")

    def staff_batch(user):
        return ImportBatch.objects.create(
            kind="staff",
            user=user,
            username=user.username,
            region_code="31",
            scope=["31"],
            file_name="staf.csv",
            file_sha256="x",
            status=ImportBatch.Status.HELD,
        )

    theirs, mine = staff_batch(personas["admin"]), staff_batch(dinas)
    shown = client.get(f"/api/v1/imports/{theirs.pk}/preview", **bearer(dinas)).json()
    assert (shown["may_decide"], shown["actions"]) == (False, [])
    assert _post(client, dinas, f"/api/v1/imports/{theirs.pk}/discard").status_code == 403
    answer = _post(client, dinas, f"/api/v1/imports/{mine.pk}/discard")
    assert answer.status_code == 200 and answer.json()["status"] == "discarded"
    theirs.refresh_from_db()
    assert theirs.status == "held"
