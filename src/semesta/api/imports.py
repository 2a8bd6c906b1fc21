"""``/api/v1/imports``: upload a file for import and follow its batch."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status

from semesta.imports.kinds import KINDS
from semesta.imports.models import ImportBatch
from semesta.imports.reading import FileProblem
from semesta.imports.services import (
    batch_json,
    importable_kinds,
    open_error_report,
    queue_import,
    save_upload,
)

router = Router(tags=["impor"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BatchOut(Schema):
    batch_id: int
    kind: str
    period: str | None
    mode: str
    status: str
    rows_total: int
    rows_accepted: int
    rows_rejected: int
    rows_warned: int
    error_report: str | None
    ignored_columns: list[str]
    message: str


@router.post("", response={202: BatchOut}, summary="Unggah berkas untuk diimpor")
def upload(
    request,
    kind: Form[str],
    period: Form[str] = "",
    mode: Form[str] = "replace",
    file: File[UploadedFile] = None,
):
    """Queue a CSV/XLSX/XLS file; poll ``GET /imports/{id}`` until its status is final."""
    kinds = importable_kinds(request.user)
    if not kinds:
        raise HttpError(403, "Peran Anda tidak dapat mengimpor data.")
    if kind in KINDS and kind not in kinds:
        raise HttpError(403, f"Peran Anda hanya dapat mengimpor: {', '.join(kinds)}.")
    if file is None:
        raise HttpError(400, "Berkas wajib diunggah (field 'file').")
    if file.size > settings.IMPORT_MAX_BYTES:
        raise HttpError(413, f"Berkas terlalu besar (batas {settings.IMPORT_MAX_BYTES} bita).")
    path = save_upload(file)
    try:
        batch = queue_import(
            request.user, kind, path, period=period or None, mode=mode, file_name=file.name
        )
    except FileProblem as problem:
        raise HttpError(400, problem.message()) from problem
    return Status(202, _out(batch))


@router.get(
    "/{batch_id}/report",
    response={200: None},
    summary="Unduh laporan kesalahan satu impor",
    openapi_extra={
        "responses": {
            200: {
                "description": "The uploaded rows that were rejected, with a `Kesalahan` column",
                "content": {"text/csv": {}, XLSX: {}},
            }
        }
    },
)
def report(request, batch_id: int):
    """The rejected rows as the uploaded format (CSV or XLSX) with a `Kesalahan` column; audited.

    404 when nothing was rejected or the batch is outside your region.
    """
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=batch_id)
    try:
        handle, name = open_error_report(batch, request.user, request)
    except PermissionDenied as exc:
        raise HttpError(403, "Peran Anda tidak dapat melihat data pribadi.") from exc
    except FileNotFoundError as exc:
        raise HttpError(404, "Impor ini tidak punya laporan kesalahan.") from exc
    return FileResponse(handle, as_attachment=True, filename=name)


@router.get("/{batch_id}", response=BatchOut, summary="Status satu impor")
def status(request, batch_id: int):
    """The batch as the CLI's ``--json`` reports it (within the caller's region only)."""
    return _out(get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=batch_id))


def _out(batch: ImportBatch) -> dict:
    data = batch_json(batch)
    data["error_report"] = f"/api/v1/imports/{batch.pk}/report" if batch.error_report else None
    return data
