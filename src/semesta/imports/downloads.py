"""The error report of an import leaves Semesta the way every stored file does: through
``semesta.uploads.serve`` (attachment, ``nosniff``, sandboxing CSP), audited as an export of
personal data. The web page and the API both call ``error_report``."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files import File

from semesta.accounts.models import AuditEvent
from semesta.imports.models import ImportBatch
from semesta.imports.services import may_handle
from semesta.uploads import serve


def error_report(request, batch: ImportBatch):
    """The batch's rejected rows as a download, for those who may handle the batch.

    Raises PermissionDenied for those who may not (viewers, sponsors, another agency's officer)
    and FileNotFoundError when nothing was rejected or the report was cleaned up.
    """
    if not may_handle(request.user, batch):
        raise PermissionDenied
    path = Path(batch.error_report) if batch.error_report else None
    if path is None or not path.is_file():
        raise FileNotFoundError(batch.pk)
    return serve(
        request,
        File(None, name=str(path)),
        name="kesalahan-impor",
        obj=batch,
        region_code=batch.region_code,
        action=AuditEvent.Action.EXPORT,
        obj_type="import_error_report",
        written_csv=True,
    )
