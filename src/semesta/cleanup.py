"""Removing temporary files once ``SEMESTA_RETENTION_DAYS`` have passed (``semesta cleanup``).

Temporary, removed when older than the retention (by the file's modification time):

- import files as uploaded and their error reports, once the batch is finished (applied,
  failed, a duplicate, replaced, discarded…); the batch keeps its counts, name and checksum,
  and its download link goes away;
- outreach event attachments (photos, attendance lists with attendees' names): the event and
  its attendance count stay;
- files in the media folder or the import uploads folder that nothing refers to any more
  (a document replaced by a newer one, a record deleted, an upload whose batch was never made).

Records, never removed: every other stored file — legal products' documents, employers'
evidence and certificates for circulars, MoU progress evidence, benefit evidence, Monev
reports — and the staged data of imports (needed to revert them) and the snapshot store.
A batch still waiting (received, being checked, held for confirmation, being applied) keeps
its files whatever their age.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from semesta.security import close_tree

# (app label, model, field) of uploads that are temporary; every other FileField is a record.
EXPIRING_FIELDS = {("collaboration", "Event", "attachment")}
# Batches whose files are still needed; any other status is finished.
WAITING = {"received", "checking", "held", "applying", "queued", "running"}


@dataclass
class Cleanup:
    """What a run removed (paths relative to the data directory) and what it closed."""

    deleted: list[str] = field(default_factory=list)
    kept_records: int = 0
    permissions_fixed: int = 0


def run(days: int | None = None, *, dry_run: bool = False) -> Cleanup:
    """Remove the temporary files older than ``days`` (default ``SEMESTA_RETENTION_DAYS``)."""
    days = settings.RETENTION_DAYS if days is None else days
    cutoff = time.time() - days * 86400
    result = Cleanup()
    _imports(cutoff, dry_run, result)
    _media(cutoff, dry_run, result)
    if not dry_run:
        result.permissions_fixed = close_tree(Path(settings.DATA_DIR))
    return result


def _old(path: Path, cutoff: float) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff
    except OSError:
        return False


def _remove(path: Path, dry_run: bool, result: Cleanup) -> None:
    if not dry_run:
        path.unlink(missing_ok=True)
    try:
        shown = str(path.relative_to(settings.DATA_DIR))
    except ValueError:
        shown = str(path)
    result.deleted.append(shown)


def _imports(cutoff: float, dry_run: bool, result: Cleanup) -> None:
    """Uploaded import files and error reports of finished batches, and orphaned uploads."""
    batch_model = apps.get_model("imports", "ImportBatch")
    folder = Path(settings.IMPORT_DIR)
    if not folder.exists():
        return
    waiting, finished = set(), {}
    for pk, status, upload, report in batch_model.objects.values_list(
        "pk", "status", "upload_path", "error_report"
    ):
        for path in filter(None, (upload, report)):
            if status in WAITING:
                waiting.add(str(Path(path)))
            else:
                finished.setdefault(str(Path(path)), []).append(pk)
    candidates = [*(folder / "uploads").glob("*"), *folder.glob("*/kesalahan.*")]
    for path in sorted(candidates):
        if str(path) in waiting or not _old(path, cutoff):
            continue
        _remove(path, dry_run, result)
        batches = finished.get(str(path), [])
        if batches and not dry_run:
            batch_model.objects.filter(pk__in=batches, upload_path=str(path)).update(upload_path="")
            batch_model.objects.filter(pk__in=batches, error_report=str(path)).update(
                error_report=""
            )


def _file_fields():
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                yield model, f


def _media(cutoff: float, dry_run: bool, result: Cleanup) -> None:
    """Expired event attachments, and media files no record refers to."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return
    referenced: dict[str, tuple] = {}
    for model, f in _file_fields():
        key = (model._meta.app_label, model.__name__, f.name)
        rows = model.objects.exclude(**{f.name: ""}).exclude(**{f"{f.name}__isnull": True})
        for pk, name in rows.values_list("pk", f.name):
            referenced[str(root / name)] = (*key, pk)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        owner = referenced.get(str(path))
        if owner is not None and owner[:3] not in EXPIRING_FIELDS:
            result.kept_records += 1
            continue
        if not _old(path, cutoff):
            continue
        _remove(path, dry_run, result)
        if owner is not None and not dry_run:
            app, model_name, field_name, pk = owner
            model = apps.get_model(app, model_name)
            model.objects.filter(pk=pk).update(**{field_name: ""})
