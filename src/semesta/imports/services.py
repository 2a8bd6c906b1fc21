"""Running an import: read, check, report, then apply atomically, hold, or say it is a repeat.

``accepted + rejected = total`` for every batch. Nothing of a batch is visible until its single
database transaction commits: snapshot files are written under new names first and only the
committed registry points at them, so a process killed mid-import leaves the store and database
as they were, and running the import again works.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from semesta import periods
from semesta.access import SYSTEM, scope_roots
from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent, Role
from semesta.engine.store import file_sha256
from semesta.files import atomic_path
from semesta.imports import apply, lifecycle, ownership, preview, registry
from semesta.imports.checks import Checked, map_columns
from semesta.imports.messages import render
from semesta.imports.models import ColumnMapping, ImportBatch
from semesta.imports.reading import FileProblem, read_file
from semesta.imports.report import write_error_report

FIRST_PROBLEMS = 50
Progress = Callable[[int, str], None]


def importable_kinds(principal) -> list[str]:
    """The kinds of file a person may upload: those whose ``roles`` name one of theirs (every
    kind for the server operator at the command line).

    BPJS data (the participant extract, the employer register, benefits paid) and the workforce
    denominators come from the BPJS branch offices and the province's data team; regional
    officers keep the rosters of their own region (and record the benefits and non-ASN staff of
    those rosters, as the Catat manfaat form lets them); a dinas officer keeps their own
    agency's non-ASN staff. Sponsors and viewers import nothing."""
    if principal is SYSTEM:
        return registry.keys()
    roles = _roles(principal)
    return [kind.key for kind in registry.all() if roles.intersection(kind.roles)]


def _roles(principal) -> set[str]:
    if not getattr(principal, "is_authenticated", False) or not hasattr(principal, "memberships"):
        return set()
    return set(principal.memberships.values_list("role", flat=True))


def _importing_roles(principal) -> set[str]:
    return {role for kind in registry.all() for role in kind.roles} & _roles(principal)


def may_handle(principal, batch: ImportBatch) -> bool:
    """Whether a person who sees a batch may confirm, discard or revert it and read its rejected
    rows: someone who may import its kind — for a dinas officer, only their own uploads."""
    if batch.kind not in importable_kinds(principal):
        return False
    if principal is SYSTEM or _importing_roles(principal) != {Role.AGENCY_OFFICER}:
        return True
    return batch.user_id is not None and batch.user_id == getattr(principal, "pk", None)


def run_import(
    principal,
    kind: str,
    path: Path,
    *,
    progress: Progress = lambda pct, label: None,
    yes: bool = True,
    **options,
) -> ImportBatch:
    """Import one file now (the CLI's way); returns the batch in its final status.

    The batch is owned by this process from the start, so no worker ever picks it up; if the
    process dies, the batch is abandoned. Without ``yes`` a full file that would remove rows is
    held for confirmation after its preview (the CLI asks for ``--yes``).
    """
    batch = queue_import(principal, kind, path, owner=lifecycle.me(), **options)
    return process(batch, principal, progress, yes=yes)


def save_upload(upload) -> Path:
    """Store an uploaded file (Django ``UploadedFile``) under the data directory, unique name.

    Written under a temporary name and renamed once complete, so a full disk (``DiskFull``) or
    a dropped upload leaves no half-written file for a batch to point at.
    """
    folder = Path(settings.IMPORT_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}-{get_valid_filename(upload.name)[-100:]}"
    with atomic_path(path) as partial, partial.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def queue_import(
    principal,
    kind: str,
    path: Path,
    *,
    period: str | None = None,
    mode: str = ImportBatch.Mode.REPLACE,
    source: str | None = None,
    file_name: str | None = None,
    lang: str = "id",
    owner: str = "",
) -> ImportBatch:
    """Record a fully received file as a batch waiting to be checked: by a worker when
    ``owner`` is empty (web and API uploads), else by the owning process (the CLI)."""
    if not registry.known(kind):
        known = ", ".join(registry.keys())
        raise FileProblem(
            f"Jenis impor {kind!r} tidak dikenal; pilihan: {known}",
            f"Unknown import kind {kind!r}; choose: {known}",
        )
    allowed = importable_kinds(principal)
    if kind not in allowed:
        shown = ", ".join(allowed) or "tidak ada"
        raise FileProblem(
            f"Peran Anda tidak dapat mengimpor {registry.get(kind).label.lower()} ({kind});"
            f" jenis yang dapat Anda impor: {shown}.",
            f"Your role cannot import {kind}; you may import: {', '.join(allowed) or 'none'}.",
        )
    roots = scope_roots(principal)
    if not roots:
        raise FileProblem(
            "Anda tidak memiliki wilayah untuk mengimpor data.",
            "You have no region to import data for.",
        )
    return ImportBatch.objects.create(
        kind=kind,
        period=_period(registry.get(kind), period),
        mode=mode,
        user=_user(principal),
        username=principal.username,
        region_code=roots[0] if len(roots) == 1 else _common_root(roots),
        scope=roots,
        file_name=file_name or path.name,
        upload_path=str(path),
        source=source or "",
        lang=lang,
        file_size=path.stat().st_size,
        file_sha256=file_sha256(path),
        owner=owner,
        lease_expires_at=lifecycle.lease_end() if owner else None,
    )


def process(
    batch: ImportBatch,
    principal,
    progress: Progress = lambda pct, label: None,
    *,
    yes: bool = True,
) -> ImportBatch:
    """Check a received batch (read, check, report, stage, preview), then apply it, hold it or
    mark it as a repeat. Returns the batch unchanged if another process owns it."""
    ours = batch.status == ImportBatch.Status.CHECKING and batch.owner == lifecycle.me()
    if not ours and not lifecycle.claim(
        batch, ImportBatch.Status.RECEIVED, ImportBatch.Status.CHECKING, owner=batch.owner
    ):
        batch.refresh_from_db()
        return batch
    path, kind, lang = Path(batch.upload_path), registry.get(batch.kind), batch.lang

    def step(pct: int, label: str, stage: str | None = None) -> None:
        progress(pct, label)
        lifecycle.renew(batch, progress=pct, message=label)
        if stage:
            lifecycle.pause_point(stage)

    step(5, "Membaca berkas", "reading")
    sheet = None
    try:
        # The participant extract (millions of rows) is read and checked inside the engine.
        sheet = read_file(
            path,
            settings.IMPORT_MAX_BYTES,
            settings.IMPORT_MAX_UNZIPPED,
            engine=kind.read_in_engine,
        )
        batch.file_format = sheet.format
        mapping = map_columns(kind, sheet.headers, _saved_mapping(batch.source, kind.key))
        batch.ignored_columns = mapping.ignored
        step(25, "Memeriksa baris", "checking")
        checked = kind.run("check", sheet, mapping, principal, timezone.localdate())
        checked = ownership.reject_foreign_keys(kind, checked, mapping, batch.scope)
        _count(batch, checked)
        if batch.rows_rejected:
            step(60, "Menulis laporan kesalahan")
            report = write_error_report(sheet, checked.problems, _folder(batch) / "kesalahan", lang)
            batch.error_report = str(report)
        step(70, "Menyiapkan data")
        staged = apply.stage(batch, checked)
        niks = checked.first_niks(preview.SAMPLE_NIKS)  # a preview may show a few, masked
    except FileProblem as problem:
        return _finish(batch, ImportBatch.Status.FAILED, problem.message(lang), principal)
    finally:
        if sheet is not None:
            sheet.close()  # the engine's copy of the rows: staged by now
    batch.staged_path, batch.content_digest = str(staged), apply.digest(staged)
    batch.preview = preview.compute(batch, niks)
    step(75, "Data disiapkan", "staging")
    if _is_repeat(batch):
        return _finish(
            batch,
            ImportBatch.Status.DUPLICATE,
            "Isi berkas sama dengan impor yang sudah diterapkan; tidak ada perubahan.",
            principal,
        )
    if batch.rows_total and batch.rows_rejected / batch.rows_total > settings.IMPORT_HOLD_SHARE:
        share = f"{100 * batch.rows_rejected / batch.rows_total:.1f}".replace(".", ",")
        return _finish(
            batch,
            ImportBatch.Status.HELD,
            f"{share} % baris ditolak: menunggu konfirmasi petugas sebelum diterapkan.",
            principal,
        )
    removed = batch.preview.get("removed", 0)
    if removed and not yes and batch.mode == ImportBatch.Mode.REPLACE:
        return _finish(
            batch,
            ImportBatch.Status.HELD,
            f"Berkas lengkap ini akan menghapus atau menonaktifkan {removed} baris yang ada:"
            " periksa pratinjaunya, lalu konfirmasi sebelum diterapkan.",
            principal,
        )
    step(80, "Menerapkan")
    return _apply(batch, principal, ImportBatch.Status.CHECKING)


def batch_json(batch: ImportBatch) -> dict:
    """The batch as the CLI and the API report it."""
    return {
        "batch_id": batch.pk,
        "kind": batch.kind,
        "period": f"{batch.period:%Y-%m}" if batch.period else None,
        "mode": batch.mode,
        "status": batch.status,
        "rows_total": batch.rows_total,
        "rows_accepted": batch.rows_accepted,
        "rows_rejected": batch.rows_rejected,
        "rows_warned": batch.rows_warned,
        "error_report": batch.error_report or None,
        "ignored_columns": batch.ignored_columns,
        "message": batch.message,
    }


def confirm(batch: ImportBatch, principal) -> ImportBatch:
    """Apply a held batch an officer confirmed, in one transaction, inside the batch's own
    scope: the person confirming is recorded (``decided_by`` and the audit), never used for
    scope. Anything but a held batch is returned as it is."""
    batch.decided_by = principal.username
    return _apply(batch, principal, ImportBatch.Status.HELD)


def _apply(batch: ImportBatch, principal, from_status: str) -> ImportBatch:
    owner = batch.owner if from_status == ImportBatch.Status.CHECKING else lifecycle.me()
    if not lifecycle.claim(batch, from_status, ImportBatch.Status.APPLYING, owner=owner):
        return ImportBatch.objects.get(pk=batch.pk)
    batch.message = ""
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportBatch.Status.APPLYING or locked.owner != batch.owner:
                raise lifecycle.LeaseLost(batch.pk)
            registry.get(batch.kind).run("apply", batch)
            lifecycle.pause_point("applying")
            batch.message = batch.message or "Diterapkan."
            return _finish(batch, ImportBatch.Status.APPLIED, batch.message, principal)
    except apply.ScopeConflict as conflict:
        return _finish(batch, ImportBatch.Status.FAILED, str(conflict), principal)
    except lifecycle.LeaseLost:
        return ImportBatch.objects.get(pk=batch.pk)
    except Exception:
        fail(batch, principal, "Terjadi kesalahan saat menerapkan; tidak ada data yang diubah.")
        raise


def fail(batch: ImportBatch, principal, message: str) -> ImportBatch:
    """Mark a batch failed (nothing of it applied)."""
    return _finish(batch, ImportBatch.Status.FAILED, message, principal)


def discard(batch: ImportBatch, principal) -> ImportBatch:
    """Drop a held batch: nothing of it is applied; it stays in the history."""
    if batch.status != ImportBatch.Status.HELD:
        return batch
    batch.decided_by = principal.username
    return _finish(batch, ImportBatch.Status.DISCARDED, "Dibatalkan oleh petugas.", principal)


def save_mapping(source: str, kind: str, columns: dict[str, str]) -> ColumnMapping:
    """Remember how a source names its columns (file header → Semesta column key)."""
    mapping, _ = ColumnMapping.objects.update_or_create(
        source=source, kind=kind, defaults={"columns": columns}
    )
    return mapping


def _saved_mapping(source: str | None, kind: str) -> dict[str, str] | None:
    if not source:
        return None
    found = ColumnMapping.objects.filter(source=source, kind=kind).first()
    return found.columns if found else None


def _period(kind, period: str | None) -> dt.date | None:
    if not kind.needs_period:
        return None
    if not period:
        raise FileProblem(
            "Periode (TTTT-BB) wajib untuk jenis impor ini.",
            "A period (YYYY-MM) is required for this kind of import.",
        )
    try:
        return periods.parse(period)
    except ValueError as exc:
        raise FileProblem(str(exc), f"The period must look like 2025-07 (got {period!r}).") from exc


def _count(batch: ImportBatch, checked: Checked) -> None:
    batch.rows_total = checked.total
    batch.rows_accepted = checked.accepted_count
    batch.rows_rejected = len(checked.rejected_rows)
    batch.rows_warned = checked.warned_count
    if batch.rows_accepted + batch.rows_rejected != batch.rows_total:
        raise AssertionError(f"batch {batch.pk}: rows lost between checking and counting")
    batch.first_problems = [
        {
            "row": p.row,
            "column": p.column,
            "code": p.code,
            "warning": p.warning,
            "id": render(p.code, "id", **p.fields),
            "en": render(p.code, "en", **p.fields),
        }
        for p in sorted(checked.reported, key=lambda p: (p.warning, p.row))[:FIRST_PROBLEMS]
    ]


def _is_repeat(batch: ImportBatch) -> bool:
    return ImportBatch.objects.filter(
        kind=batch.kind,
        period=batch.period,
        scope=batch.scope,
        mode=batch.mode,
        status=ImportBatch.Status.APPLIED,
        content_digest=batch.content_digest,
    ).exists()


SETTLES_FROM = {
    ImportBatch.Status.DISCARDED: (ImportBatch.Status.HELD,),
    ImportBatch.Status.REVERTED: (ImportBatch.Status.APPLIED,),
}


def _finish(batch: ImportBatch, status: str, message: str, principal) -> ImportBatch:
    """Settle a batch, only if it is still ours (an in-flight batch owned by this process, or a
    held one being discarded): a batch abandoned meanwhile stays abandoned."""
    expected = SETTLES_FROM.get(status, lifecycle.IN_FLIGHT)
    current = ImportBatch.objects.filter(pk=batch.pk, status__in=expected)
    if status not in SETTLES_FROM:
        current = current.filter(owner=batch.owner)
    batch.status, batch.message = status, message
    batch.finished_at = timezone.now()
    batch.progress = 100
    batch.owner, batch.lease_expires_at = "", None
    fields = {
        f.attname: getattr(batch, f.attname)
        for f in ImportBatch._meta.concrete_fields
        if f.name not in ("id", "created_at")
    }
    if not current.update(**fields):
        raise lifecycle.LeaseLost(batch.pk)
    record(
        principal,
        AuditEvent.Action.IMPORT,
        region_code=batch.region_code,
        obj_type="import_batch",
        obj_id=batch.pk,
        detail={
            "status": status,
            "kind": batch.kind,
            "rows": batch.rows_total,
            "uploaded_by": batch.username,
            "scope": batch.scope,
        },
    )
    return batch


def _folder(batch: ImportBatch) -> Path:
    folder = Path(settings.IMPORT_DIR) / f"{batch.pk:06d}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _user(principal):
    return None if principal is SYSTEM else principal


def _common_root(roots: list[str]) -> str:
    parts = [r.split(".") for r in roots]
    common = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return ".".join(common)


def open_error_report(batch: ImportBatch, principal, request=None):
    """The batch's error report as (open file, download name); an audited export of personal data.

    Raises PermissionDenied for roles that may not see personal data (viewers, sponsors) and
    FileNotFoundError when the batch has no report (nothing rejected) or it was removed.
    """
    if not may_handle(principal, batch):
        raise PermissionDenied
    if not batch.error_report or not Path(batch.error_report).exists():
        raise FileNotFoundError(batch.pk)
    record(
        principal,
        AuditEvent.Action.EXPORT,
        region_code=batch.region_code,
        obj_type="import_error_report",
        obj_id=batch.pk,
        request=request,
    )
    path = Path(batch.error_report)
    return path.open("rb"), f"kesalahan-impor-{batch.pk}{path.suffix}"
