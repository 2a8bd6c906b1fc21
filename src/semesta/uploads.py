"""Files officers attach (documents, evidence, photos): accepted by content, stored under names
Semesta makes, and served only as downloads the browser will not run.

- ``checked`` refuses a file over the size limit or whose first bytes are not one of the kinds
  allowed for its field (HTML, SVG, scripts and anything else unknown are refused whatever they
  are called);
- ``UploadStorage`` (the default storage) names every stored file with a random name and the
  extension of its kind, in ``<data dir>/media/``, never under static files;
- ``serve`` is the one way a stored file leaves Semesta: as an attachment, with ``nosniff`` and a
  sandboxing Content-Security-Policy, and recorded in the audit trail.
"""

from __future__ import annotations

import posixpath
import uuid
import zipfile

from django import forms
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

# Kinds recognised by their first bytes; Office files are zip archives with a known part inside.
SIGNATURES = {"PDF": b"%PDF-", "PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}
OFFICE_PARTS = {"XLSX": "xl/workbook.xml", "DOCX": "word/document.xml"}
CONTENT_TYPES = {
    "PDF": "application/pdf",
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"PDF": ".pdf", "PNG": ".png", "JPEG": ".jpg", "XLSX": ".xlsx", "DOCX": ".docx"}
# Evidence and attendance sheets: documents, photos, spreadsheets; nothing a browser would run.
DOCUMENT_KINDS = ("PDF", "PNG", "JPEG", "XLSX", "DOCX")
# Text files Semesta writes itself (never accepted as uploads): recognised by the name it gave them.
WRITTEN_TYPES = {"CSV": "text/csv; charset=utf-8"}
WRITTEN_EXTENSIONS = {"CSV": ".csv"}
# Served with every stored file: never rendered in Semesta's origin, never sniffed into HTML.
DOWNLOAD_POLICY = "sandbox; default-src 'none'"


def kind_of(handle) -> str | None:
    """The kind of an open binary file by its content (``"PDF"``, ``"XLSX"``…), or None."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    for kind, signature in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(handle) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            handle.seek(0)
        return next((k for k, part in OFFICE_PARTS.items() if part in names), None)
    return None


def checked(upload, kinds: tuple[str, ...] = DOCUMENT_KINDS):
    """The upload, if it is within the size limit and its content is one of ``kinds``.

    The content is checked, not the file name: a renamed spreadsheet is not a PDF, and an HTML
    page or an SVG drawing is refused however it is named. The client's file name is replaced by
    a server-made one with the extension of the kind found.
    """
    if not upload:
        return upload
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("Berkas lebih dari %(mb)s MB.") % {"mb": f"{limit / 1024 / 1024:.0f}"}
        )
    kind = kind_of(upload)
    if kind not in kinds:
        raise forms.ValidationError(
            _("Berkas harus berupa %(kinds)s.") % {"kinds": "/".join(kinds)}
        )
    upload.name = f"{uuid.uuid4().hex}{EXTENSIONS[kind]}"
    return upload


class UploadStorage(FileSystemStorage):
    """The media folder, where a stored file's name never comes from the client.

    Whatever name a form or service passes, the file is stored as ``<folder>/<random><ext>``;
    only the extensions of the known kinds are kept.
    """

    def get_valid_name(self, name: str) -> str:
        extension = posixpath.splitext(name)[1].lower()
        known = set(EXTENSIONS.values()) | {".jpeg"}
        return f"{uuid.uuid4().hex}{extension if extension in known else ''}"


def attachment(handle, filename: str, content_type: str | None = None) -> FileResponse:
    """A download the browser saves and never renders: attachment, nosniff, sandbox CSP."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


def serve(
    request,
    stored,
    *,
    name: str,
    obj,
    region_code: str = "",
    action: str = "",
    obj_type: str = "",
    detail: dict | None = None,
    written_csv: bool = False,
) -> FileResponse:
    """A stored file (a ``FieldFile``, or a ``File`` named by its path) as an audited
    attachment named ``<name>-<pk><ext>``.

    The type sent is the kind its content shows; files stored before uploads were checked that
    match no kind go out as ``application/octet-stream`` with a ``.bin`` name. A CSV Semesta
    wrote itself (an import error report: ``written_csv``) goes out as ``text/csv``, still an
    attachment with ``nosniff``. The audit record is a download unless the caller names the
    action (an export of personal data), the object type and extra detail.
    """
    from semesta.accounts.audit import record
    from semesta.accounts.models import AuditEvent

    handle = stored.open("rb")
    kind = kind_of(handle)
    if kind is None and written_csv and str(stored.name).lower().endswith(".csv"):
        kind = "CSV"
    record(
        request.user,
        action or AuditEvent.Action.DOWNLOAD,
        region_code=region_code,
        obj_type=obj_type or obj._meta.label_lower,
        obj_id=obj.pk,
        detail={"file": stored.name, "kind": kind or "unknown", **(detail or {})},
        request=request,
    )
    filename = f"{name}-{obj.pk}{EXTENSIONS.get(kind, WRITTEN_EXTENSIONS.get(kind, '.bin'))}"
    return attachment(handle, filename, CONTENT_TYPES.get(kind) or WRITTEN_TYPES.get(kind))
