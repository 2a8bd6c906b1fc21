"""Monev reports and import error reports leave through ``uploads.serve`` (attachment, nosniff,
sandbox CSP, audited), and an upload for import is never left half-written on a full disk."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from semesta.accounts.models import AuditEvent
from semesta.files import DiskFull
from semesta.imports.models import ImportBatch
from semesta.imports.services import save_upload
from semesta.reports.models import Report

SAFE = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
}


def _safe(answer) -> bool:
    return all(answer[k] == v for k, v in SAFE.items()) and answer[
        "Content-Disposition"
    ].startswith("attachment;")


@pytest.fixture
def report(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    found = Report.objects.create(
        region_id="31.75.01",
        period="2025-Q4",
        trigger=Report.Trigger.DEMAND,
        built_by="uji",
        sources={},
        data_digest="0" * 64,
    )
    found.pdf.save("monev.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return found


def test_a_monev_report_is_a_safe_audited_attachment(client, report, personas):
    client.force_login(personas["officer_b"])
    answer = client.get(f"/laporan/{report.pk}/pdf/")
    assert answer.status_code == 200 and _safe(answer)
    assert answer["Content-Type"] == "application/pdf"
    assert f'filename="monev-31.75.01-2025-Q4-{report.pk}.pdf"' in answer["Content-Disposition"]
    found = AuditEvent.objects.get(object_type="monev_report")
    assert (found.action, found.region_code, found.detail["format"]) == (
        "export",
        "31.75.01",
        "pdf",
    )
    assert client.get(f"/laporan/{report.pk}/xlsx/").status_code == 404  # none was built
    client.force_login(personas["officer_a"])
    assert client.get(f"/laporan/{report.pk}/pdf/").status_code == 404


def test_an_import_error_report_page_download_is_a_safe_audited_attachment(
    client, db, settings, tmp_path, personas
):
    report = tmp_path / "kesalahan.csv"
    report.write_text("\ufeffNIK;Kesalahan\n12;NIK harus 16 digit\n", encoding="utf-8")
    batch = ImportBatch.objects.create(
        kind="participants",
        username="branch",
        user=personas["branch"],
        region_code="31.75",
        scope=["31.75"],
        file_name="x.csv",
        file_sha256="x",
        error_report=str(report),
        status=ImportBatch.Status.HELD,
    )
    client.force_login(personas["branch"])
    answer = client.get(f"/impor/{batch.pk}/laporan/")
    assert answer.status_code == 200 and _safe(answer)
    assert answer["Content-Type"].startswith("text/csv")
    assert f'filename="kesalahan-impor-{batch.pk}.csv"' in answer["Content-Disposition"]
    assert b"NIK harus 16 digit" in b"".join(answer.streaming_content)
    assert AuditEvent.objects.get(object_type="import_error_report").action == "export"
    client.force_login(personas["officer_b"])  # sees the batch, may not import participants
    assert client.get(f"/impor/{batch.pk}/laporan/").status_code == 403


class _FullDisk(SimpleUploadedFile):
    def chunks(self, chunk_size=None):
        yield b"NIK;Segmen\n"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_no_half_written_upload(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "imports"
    with pytest.raises(DiskFull):
        save_upload(_FullDisk("ekstrak.csv", b""))
    assert list(Path(settings.IMPORT_DIR, "uploads").iterdir()) == []
    saved = save_upload(SimpleUploadedFile("ekstrak.csv", b"NIK;Segmen\n1;PU\n"))
    assert saved.read_bytes() == b"NIK;Segmen\n1;PU\n"
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]
