"""Uploaded files: accepted by content, stored under server-made names, private, and only ever
downloaded as audited attachments the browser will not run."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from semesta.accounts.models import AuditEvent
from semesta.collaboration.models import Event
from semesta.legal.models import LegalProduct
from semesta.security import close_tree, private_data_dir
from semesta.uploads import DOWNLOAD_POLICY, checked

HTML = b"<!doctype html><html><script>fetch('/akun/audit/')</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PDF = b"%PDF-1.4 uji"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    ("name", "body"),
    [("daftar-hadir.html", HTML), ("foto.svg", SVG), ("bukti.pdf", HTML), ("foto.png", SVG)],
)
def test_it_refuses_html_and_svg_whatever_they_are_called(name, body):
    with pytest.raises(forms.ValidationError):
        checked(SimpleUploadedFile(name, body, "application/pdf"))


def test_it_refuses_a_zip_that_is_not_an_office_file_and_a_file_over_the_limit(settings):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", HTML)
    with pytest.raises(forms.ValidationError):
        checked(SimpleUploadedFile("sheet.xlsx", out.getvalue()))
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(forms.ValidationError, match="lebih dari"):
        checked(SimpleUploadedFile("bukti.pdf", PDF))


def test_it_accepts_each_allowed_kind_under_a_name_it_makes():
    for client_name, body, extension in (
        ("../../etc/passwd.pdf", PDF, ".pdf"),
        ("foto.jpeg", PNG, ".png"),  # the content decides, not the name
        ("hadir.xlsx", _xlsx(), ".xlsx"),
    ):
        upload = checked(SimpleUploadedFile(client_name, body))
        assert upload.name.endswith(extension) and len(upload.name) == 32 + len(extension)


def test_a_legal_product_takes_pdf_only():
    with pytest.raises(forms.ValidationError):
        checked(SimpleUploadedFile("se.pdf", PNG), ("PDF",))


def test_the_event_form_refuses_an_svg_attachment(client, personas, media):
    client.force_login(personas["officer_b"])
    response = client.post(
        "/kolaborasi/kegiatan/baru/",
        {
            "held_on": "2025-08-01",
            "region": "31.75.01.1004",
            "title": "Sosialisasi",
            "organiser_name": "Kelurahan",
            "audience": "ojol",
            "attendance": "3",
            "attachment": SimpleUploadedFile("hadir.svg", SVG, "image/svg+xml"),
        },
    )
    assert response.status_code == 200 and "Berkas harus berupa" in response.content.decode()
    assert not Event.objects.exists()


def test_storage_names_files_itself_inside_the_media_folder(db, media):
    product = LegalProduct.objects.create(
        kind="pergub", number="1/2025", year=2025, issuer="Gubernur", region_id="31", subject="-"
    )
    product.document.save("evil.html", ContentFile(PDF))
    folder, name = product.document.name.split("/")
    assert folder == "produk-hukum" and "." not in name and len(name) == 32
    stored = media / product.document.name
    assert stored.is_file() and stored.stat().st_mode & 0o077 == 0


def test_a_stored_html_file_downloads_as_a_sandboxed_attachment_and_is_audited(
    client, personas, media
):
    # A file stored before uploads were checked by content.
    event = Event.objects.create(
        held_on=date(2025, 3, 10),
        region_id="31.75.01.1004",
        title="Sosialisasi",
        organiser_name="Kelurahan",
        audience="ojol",
        attendance=4,
        created_by="t",
    )
    event.attachment.save("hadir.html", ContentFile(HTML))
    client.force_login(personas["officer_b"])
    response = client.get(f"/kolaborasi/kegiatan/{event.pk}/lampiran/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="lampiran-kegiatan-{event.pk}.bin"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == DOWNLOAD_POLICY == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content) == HTML
    audited = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert audited.username == "officer_b" and audited.object_id == str(event.pk)
    client.force_login(personas["officer_a"])  # Jakarta Pusat: not their event
    assert client.get(f"/kolaborasi/kegiatan/{event.pk}/lampiran/").status_code == 404


def test_a_legal_document_downloads_as_a_pdf_attachment(client, personas, media):
    product = LegalProduct.objects.create(
        kind="pergub", number="15/2023", year=2023, issuer="Gubernur", region_id="31", subject="-"
    )
    product.document.save("pergub.pdf", ContentFile(PDF))
    client.force_login(personas["officer_a"])
    response = client.get(f"/produk-hukum/{product.pk}/dokumen/")
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'attachment; filename="produk-hukum-{product.pk}.pdf"' == response["Content-Disposition"]
    )
    assert response["Content-Security-Policy"] == DOWNLOAD_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_data_directory_is_private(tmp_path, settings):
    data = tmp_path / "data"
    (data / "media").mkdir(parents=True)
    (data / "semesta.sqlite3").write_bytes(b"")
    (data / "media" / "old.pdf").write_bytes(PDF)
    for path in (data, data / "media"):
        path.chmod(0o755)
    for path in (data / "semesta.sqlite3", data / "media" / "old.pdf"):
        path.chmod(0o644)
    before = os.umask(0o022)
    try:
        private_data_dir(data)
        assert os.umask(0o077) == 0o077  # files made from now on are private
    finally:
        os.umask(before)
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "semesta.sqlite3").stat().st_mode & 0o777 == 0o600
    assert close_tree(data) == 1  # the old upload, left open by an older version
    assert (data / "media" / "old.pdf").stat().st_mode & 0o777 == 0o600
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600


def test_the_database_file_is_private(settings):
    name = settings.DATABASES["default"]["NAME"]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and os.path.exists(name):
        assert os.stat(name).st_mode & 0o077 == 0
    assert settings.DATA_DIR.stat().st_mode & 0o777 == 0o700


def test_a_shared_folder_given_as_the_data_directory_is_left_as_it_is(tmp_path):
    shared = tmp_path / "tmp"
    shared.mkdir()
    (shared / "someone-else.txt").write_text("x")
    shared.chmod(0o1777)
    (shared / "someone-else.txt").chmod(0o644)
    before = os.umask(0o022)
    try:
        private_data_dir(shared)
    finally:
        os.umask(before)
    assert shared.stat().st_mode & 0o7777 == 0o1777
    assert (shared / "someone-else.txt").stat().st_mode & 0o777 == 0o644
    assert close_tree(shared) == 0
