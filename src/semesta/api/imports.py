"""``/api/v1/imports``: upload a file for import, follow its batch, read what applying it would
change, and confirm, discard or revert it: the same services and permission rules as the batch
page and ``semesta batch`` (``imports.services.may_handle``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status

from semesta.imports import registry
from semesta.imports.downloads import error_report
from semesta.imports.models import ImportBatch
from semesta.imports.reading import FileProblem
from semesta.imports.revert import RevertRefused, check_revertible, revert
from semesta.imports.services import (
    batch_json,
    confirm,
    discard,
    importable_kinds,
    may_handle,
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
    if registry.known(kind) and kind not in kinds:
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


class ColumnOut(Schema):
    key: str
    label: str
    synonyms: list[str]
    required: bool
    help: str
    example: str


class KindOut(Schema):
    key: str
    label: str
    needs_period: bool
    may_import: bool
    columns: list[ColumnOut]


@router.get("/kinds", response=list[KindOut], summary="Jenis impor dan kolomnya")
def kinds(request):
    """Every kind of file Semesta imports (the registry in ``semesta/imports/kinds/``): its
    columns with their synonyms, whether it needs a period, and whether you may import it."""
    mine = set(importable_kinds(request.user))
    return [
        {
            "key": kind.key,
            "label": kind.label,
            "needs_period": kind.needs_period,
            "may_import": kind.key in mine,
            "columns": [{**vars(c), "synonyms": list(c.synonyms)} for c in kind.columns],
        }
        for kind in registry.all()
    ]


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
        return error_report(request, batch)
    except PermissionDenied as exc:
        raise HttpError(403, "Peran Anda tidak dapat melihat data pribadi.") from exc
    except FileNotFoundError as exc:
        raise HttpError(404, "Impor ini tidak punya laporan kesalahan.") from exc


class RegionChanges(Schema):
    code: str
    name: str
    added: int
    changed: int
    removed: int


class SampleRow(Schema):
    action: str
    region: str
    key: str


class Preview(Schema):
    added: int
    changed: int
    removed: int
    kota: list[RegionChanges]
    kelurahan: list[RegionChanges]
    sample: list[SampleRow]


class PreviewOut(Schema):
    batch: BatchOut
    scope: list[str]
    uploaded_by: str
    preview: Preview | None
    may_decide: bool
    actions: list[str]
    revert_refused: str | None


class DecisionIn(Schema):
    confirm: bool = False


@router.get("/{batch_id}/preview", response=PreviewOut, summary="Pratinjau satu impor")
def preview(request, batch_id: int):
    """What applying the batch would add, change and remove (or, once applied, what it did),
    per kota and kelurahan of the batch's own scope, with a small sample (NIKs masked).

    ``actions`` lists what the caller may do now: ``confirm`` and ``discard`` for a held batch,
    ``revert`` for an applied one nothing later rests on (else ``revert_refused`` says why).
    404 when the batch is outside your region.
    """
    batch = _visible(request, batch_id)
    handles = may_handle(request.user, batch)
    refused = _revert_refused(batch) if handles else None
    actions = []
    if handles and batch.status == ImportBatch.Status.HELD:
        actions = ["confirm", "discard"]
    elif handles and refused == "":
        actions = ["revert"]
    return {
        "batch": _out(batch),
        "scope": batch.scope,
        "uploaded_by": batch.username,
        "preview": batch.preview or None,
        "may_decide": handles,
        "actions": actions,
        "revert_refused": refused or None,
    }


@router.post(
    "/{batch_id}/confirm",
    response={200: BatchOut, 400: dict, 409: dict},
    summary="Terapkan impor yang ditahan",
)
def confirm_batch(request, batch_id: int, decision: DecisionIn):
    """Apply a held batch after reading its preview: the body must say ``{"confirm": true}``.

    Applied in one transaction inside the batch's own scope; the caller is recorded as who
    decided. 403 if your role may not handle the batch, 409 if it is not held.
    """
    batch = _handled(request, batch_id)
    if not decision.confirm:
        return _refusal(
            400,
            f"Baca pratinjau (GET /api/v1/imports/{batch.pk}/preview), lalu kirim"
            ' {"confirm": true} untuk menerapkan.',
        )
    if batch.status != ImportBatch.Status.HELD:
        return _refusal(409, _not_held(batch))
    return Status(200, _out(confirm(batch, request.user)))


@router.post(
    "/{batch_id}/discard", response={200: BatchOut, 409: dict}, summary="Batalkan impor ditahan"
)
def discard_batch(request, batch_id: int):
    """Drop a held batch: nothing of it is applied; it stays in the history. 409 if not held."""
    batch = _handled(request, batch_id)
    if batch.status != ImportBatch.Status.HELD:
        return _refusal(409, _not_held(batch))
    return Status(200, _out(discard(batch, request.user)))


@router.post(
    "/{batch_id}/revert",
    response={200: BatchOut, 400: dict, 409: dict},
    summary="Batalkan penerapan impor",
)
def revert_batch(request, batch_id: int, decision: DecisionIn):
    """Put back every row an applied batch added, changed or removed, exactly as before; the
    body must say ``{"confirm": true}``. 409 (with the reason) while something later rests on
    the batch or it is not applied."""
    batch = _handled(request, batch_id)
    if not decision.confirm:
        return _refusal(
            400,
            f"Baca pratinjau (GET /api/v1/imports/{batch.pk}/preview), lalu kirim"
            ' {"confirm": true} untuk membatalkan penerapannya.',
        )
    try:
        return Status(200, _out(revert(batch, request.user, request)))
    except RevertRefused as refused:
        return _refusal(409, str(refused))


@router.get("/{batch_id}", response=BatchOut, summary="Status satu impor")
def status(request, batch_id: int):
    """The batch as the CLI's ``--json`` reports it (within the caller's region only)."""
    return _out(_visible(request, batch_id))


def _visible(request, batch_id: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=batch_id)


def _handled(request, batch_id: int) -> ImportBatch:
    """A batch the caller sees (else 404) and may confirm, discard or revert (else 403)."""
    batch = _visible(request, batch_id)
    if not may_handle(request.user, batch):
        raise HttpError(403, "Peran Anda tidak dapat memutuskan impor ini.")
    return batch


def _revert_refused(batch: ImportBatch) -> str | None:
    """Why the batch cannot be reverted now ('' when it can; None when it is not applied)."""
    if batch.status != ImportBatch.Status.APPLIED:
        return None
    try:
        check_revertible(batch)
    except RevertRefused as refused:
        return str(refused)
    return ""


def _not_held(batch: ImportBatch) -> str:
    return f"Impor #{batch.pk} tidak sedang ditahan ({batch.get_status_display()})."


def _refusal(code: int, message: str) -> Status:
    return Status(code, {"detail": message})


def _out(batch: ImportBatch) -> dict:
    data = batch_json(batch)
    data["error_report"] = f"/api/v1/imports/{batch.pk}/report" if batch.error_report else None
    return data
