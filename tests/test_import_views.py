"""The import pages: upload, background processing, problems, report download, decisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from semesta.accounts.models import AuditEvent
from semesta.imports.models import ImportBatch
from semesta.imports.worker import run_one

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"


def upload(client, name: str, period: str = "2025-07", mode: str = "replace"):
    data = (FIXTURES / name).read_bytes()
    return client.post(
        "/impor/",
        {
            "kind": "participants",
            "period": period,
            "mode": mode,
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_it_queues_an_upload_and_the_worker_applies_it(client, store, personas):
    client.force_login(personas["branch"])
    response = upload(client, "peserta-cp1252.csv")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/impor/{batch.pk}/"
    assert batch.status == "received" and batch.username == "branch"
    assert run_one().status == "applied"
    status = client.get(f"/impor/{batch.pk}/?format=json").json()
    assert (status["status"], status["rows_total"], status["rows_accepted"]) == ("applied", 2, 2)
    assert "Diterapkan" in client.get(f"/impor/{batch.pk}/").content.decode()


def test_it_shows_problems_and_audits_the_error_report_download(client, store, personas):
    client.force_login(personas["admin"])
    upload(client, "peserta-kesalahan.csv")
    batch = run_one()
    page = client.get(f"/impor/{batch.pk}/").content.decode()
    assert (
        "Ditahan, menunggu konfirmasi" in page and "NIK harus 16 digit (ditemukan 14 digit)" in page
    )
    report = client.get(f"/impor/{batch.pk}/laporan/")
    assert report.status_code == 200 and b"Kesalahan" in b"".join(report.streaming_content)
    assert AuditEvent.objects.filter(action="export", object_id=str(batch.pk)).exists()
    client.post(f"/impor/{batch.pk}/keputusan/", {"decision": "confirm", "reviewed": "yes"})
    batch.refresh_from_db()
    assert batch.status == "applied"


def test_it_keeps_other_regions_imports_out_of_sight(client, store, personas):
    client.force_login(personas["branch"])
    upload(client, "peserta-cp1252.csv")
    batch = ImportBatch.objects.get()
    client.force_login(personas["officer_a"])
    assert client.get(f"/impor/{batch.pk}/").status_code == 404
    assert client.get(f"/impor/{batch.pk}/laporan/").status_code == 404
    assert f"/impor/{batch.pk}/" not in client.get("/impor/").content.decode()


def test_it_offers_a_kota_officer_rosters_only(client, store, personas):
    client.force_login(personas["officer_b"])
    page = client.get("/impor/").content.decode()
    start = page.index('class="upload"')
    form = page[start : page.index("</form>", start)]
    assert 'value="roster"' in form and 'value="participants"' not in form
    assert upload(client, "peserta-cp1252.csv").status_code == 200  # not a choice: form error
    assert not ImportBatch.objects.exists()


def test_it_lets_sponsors_and_viewers_read_but_not_upload(client, store, personas):
    client.force_login(personas["sponsor"])
    assert client.get("/impor/").status_code == 200
    assert upload(client, "peserta-cp1252.csv").status_code == 403
    assert not ImportBatch.objects.exists()


def test_it_refuses_an_upload_without_a_period(client, store, personas):
    client.force_login(personas["admin"])
    response = upload(client, "peserta-cp1252.csv", period="")
    assert response.status_code == 200
    assert "Periode (TTTT-BB) wajib untuk jenis impor ini." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_it_shows_problems_in_english_after_switching_language(client, store, personas):
    client.force_login(personas["admin"])
    upload(client, "peserta-kesalahan.csv")
    batch = run_one()
    response = client.post("/i18n/setlang/", {"language": "en", "next": f"/impor/{batch.pk}/"})
    assert response.status_code == 302
    page = client.get(f"/impor/{batch.pk}/").content.decode()
    assert "NIK must be 16 digits (found 14)" in page
    assert "NIK harus 16 digit" not in page
