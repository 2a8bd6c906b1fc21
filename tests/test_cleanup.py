"""`semesta cleanup`: temporary files go after the retention; records and waiting batches stay."""

from __future__ import annotations

import io
import os
import time
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from semesta.cleanup import run
from semesta.collaboration.models import Event
from semesta.imports.models import ImportBatch
from semesta.legal.models import LegalProduct

OLD = time.time() - 100 * 86400  # older than the default 90 days


def _age(path, when=OLD) -> None:
    os.utime(path, (when, when))


@pytest.fixture
def data(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_DIR = tmp_path / "imports"
    (tmp_path / "imports" / "uploads").mkdir(parents=True)
    return tmp_path


def _batch(data, pk: int, status: str, age: float = OLD) -> ImportBatch:
    upload = data / "imports" / "uploads" / f"{pk}-peserta.csv"
    report = data / "imports" / f"{pk:06d}" / "kesalahan.csv"
    report.parent.mkdir(parents=True)
    for path in (upload, report):
        path.write_text("NIK\n1\n")
        _age(path, age)
    return ImportBatch.objects.create(
        pk=pk,
        kind="participants",
        status=status,
        username="uji",
        region_code="31",
        file_name="peserta.csv",
        file_sha256="0" * 64,
        upload_path=str(upload),
        error_report=str(report),
    )


def _event(attachment: bytes) -> Event:
    event = Event.objects.create(
        held_on=date(2025, 3, 10),
        region_id="31.75.01.1004",
        title="Sosialisasi",
        organiser_name="Kelurahan",
        audience="ojol",
        attendance=4,
        created_by="t",
    )
    event.attachment.save("hadir.pdf", ContentFile(attachment))
    return event


def test_it_deletes_expired_import_files_and_attachments_only(data):
    finished = _batch(data, 1, "applied")
    held = _batch(data, 2, "held")  # waiting for an officer: keeps its files
    recent = _batch(data, 3, "failed", age=time.time() - 5 * 86400)
    orphan = data / "imports" / "uploads" / "lost.csv"
    orphan.write_text("x")
    _age(orphan)
    product = LegalProduct.objects.create(
        kind="pergub", number="1/2020", year=2020, issuer="Gubernur", region_id="31", subject="-"
    )
    product.document.save("pergub.pdf", ContentFile(b"%PDF-1.4"))
    _age(data / "media" / product.document.name)  # old, but a record
    old_event, new_event = _event(b"%PDF-old"), _event(b"%PDF-new")
    _age(data / "media" / old_event.attachment.name)
    stray = data / "media" / "produk-hukum" / "replaced.pdf"
    stray.write_bytes(b"%PDF-replaced")
    _age(stray)

    result = run()

    assert sorted(result.deleted) == sorted(
        [
            "imports/uploads/1-peserta.csv",
            "imports/000001/kesalahan.csv",
            "imports/uploads/lost.csv",
            f"media/{old_event.attachment.name}",
            "media/produk-hukum/replaced.pdf",
        ]
    )
    assert not orphan.exists() and not stray.exists()
    finished.refresh_from_db()
    assert finished.error_report == "" and finished.upload_path == ""
    for batch in (held, recent):
        assert os.path.exists(batch.upload_path) and os.path.exists(batch.error_report)
    assert (data / "media" / product.document.name).exists()
    old_event.refresh_from_db()
    assert not old_event.attachment
    assert (data / "media" / new_event.attachment.name).exists()


def test_a_dry_run_lists_without_deleting_and_days_can_be_given(data):
    batch = _batch(data, 1, "applied", age=time.time() - 10 * 86400)
    assert run(dry_run=True).deleted == []
    assert len(run(7, dry_run=True).deleted) == 2
    assert os.path.exists(batch.upload_path)


def test_the_command_reports_what_it_deleted_and_closes_permissions(data):
    _batch(data, 1, "discarded")
    loose = data / "imports" / "000001"
    loose.chmod(0o755)
    out = io.StringIO()
    call_command("cleanup", stdout=out)
    text = out.getvalue()
    assert "Dihapus: imports/uploads/1-peserta.csv" in text
    assert "Dihapus: imports/000001/kesalahan.csv" in text
    assert "2 berkas lebih tua dari 90 hari dihapus" in text
    assert loose.stat().st_mode & 0o777 == 0o700
