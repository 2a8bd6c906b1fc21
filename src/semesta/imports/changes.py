"""What an applied batch changed, row by row, so that reverting it restores exactly the state
before: each touched row is kept as it was (``before``) and as the batch left it (``after``).

Rows are stored field by field (``attname`` → JSON value; bytes as base64, dates as ISO text)
and read back through each field's ``to_python``, so any model can be recorded the same way.
"""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models.deletion import ProtectedError, RestrictedError
from django.db.models.fields.files import FieldFile

from semesta.imports.models import BatchChange, ImportBatch

# Deleting a row the batch added may also delete these (recomputed after a revert).
DERIVED = {"workers.RosterStatus", "collaboration.StaffStatus"}
AUTOMATIC = ("updated_at", "created_at")


class RevertRefused(Exception):
    """The batch cannot be reverted; the message says why, in Bahasa Indonesia."""


def row_json(obj: models.Model) -> dict:
    """A row as JSON: every concrete field by attname."""
    return {f.attname: _encode(f.value_from_object(obj)) for f in obj._meta.concrete_fields}


def _encode(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(model: type[models.Model], data: dict) -> dict:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return {
        name: None if value is None else fields[name].to_python(value)
        for name, value in data.items()
        if name in fields
    }


def label(model: type[models.Model]) -> str:
    return model._meta.label


def capture(rows) -> dict[str, dict]:
    """pk → row JSON for every row of a queryset (the state before or after applying)."""
    return {str(obj.pk): row_json(obj) for obj in rows}


def record(batch: ImportBatch, model: type[models.Model], before: dict, after: dict) -> int:
    """Store every row whose state differs between ``before`` and ``after``; returns how many."""
    changes = [
        BatchChange(
            batch=batch,
            model=label(model),
            object_pk=pk,
            before=before.get(pk),
            after=after.get(pk),
        )
        for pk in sorted(set(before) | set(after))
        if before.get(pk) != after.get(pk)
    ]
    BatchChange.objects.bulk_create(changes, batch_size=1000)
    return len(changes)


def _same(model, stored: dict | None, pk: str) -> bool:
    current = model.objects.filter(pk=pk).first()
    if stored is None or current is None:
        return stored is None and current is None
    now = row_json(current)
    return all(now.get(k) == v for k, v in stored.items() if k not in AUTOMATIC)


def check_untouched(batch: ImportBatch) -> None:
    """Refuse when a later batch, or someone's edit, changed a row this batch changed."""
    mine = list(batch.changes.values_list("model", "object_pk"))
    later = BatchChange.objects.filter(
        batch__pk__gt=batch.pk,
        batch__status__in=[ImportBatch.Status.APPLIED, ImportBatch.Status.REPLACED],
    )
    for start in range(0, len(mine), 500):
        chunk = mine[start : start + 500]
        for model_label in {m for m, _ in chunk}:
            keys = [pk for m, pk in chunk if m == model_label]
            clash = later.filter(model=model_label, object_pk__in=keys).first()
            if clash is not None:
                raise RevertRefused(
                    f"Impor #{clash.batch_id} yang lebih baru mengubah data yang sama; batalkan"
                    " penerapan impor itu lebih dulu."
                )
    for change in batch.changes.all().iterator():
        model = apps.get_model(change.model)
        if not _same(model, change.after, change.object_pk):
            raise RevertRefused(
                f"Data {model._meta.verbose_name} {change.object_pk} telah diubah sesudah impor"
                " ini; penerapannya tidak dapat dibatalkan tanpa menimpa perubahan itu."
            )


def restore(batch: ImportBatch) -> int:
    """Put every row back as it was before the batch (newest change first); returns how many."""
    count = 0
    for change in batch.changes.order_by("-pk").iterator():
        model = apps.get_model(change.model)
        rows = model.objects.filter(pk=change.object_pk)
        if change.before is None:
            _delete(model, rows)
        else:
            values = _decode(model, change.before)
            pk_name = model._meta.pk.attname
            fields = {k: v for k, v in values.items() if k != pk_name}
            if change.after is None:
                model(**values).save(force_insert=True)
            rows.update(**fields)  # also the automatic timestamps, exactly as they were
        count += 1
    return count


def _delete(model, rows) -> None:
    try:
        _, deleted = rows.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise RevertRefused(
            f"Data {model._meta.verbose_name} yang ditambahkan impor ini sudah dipakai data lain"
            " (mis. sponsor atau manfaat); penerapannya tidak dapat dibatalkan."
        ) from exc
    others = {name for name, n in deleted.items() if n and name not in DERIVED}
    if others - {label(model)}:
        raise RevertRefused(
            f"Data {model._meta.verbose_name} yang ditambahkan impor ini sudah dipakai data lain"
            f" ({', '.join(sorted(others - {label(model)}))}); penerapannya tidak dapat dibatalkan."
        )
