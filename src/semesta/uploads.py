"""Checks on files officers attach (documents, evidence, photos): size, and type by content."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 10 * 1024 * 1024
SIGNATURES = {"PDF": b"%PDF-", "PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}


def checked(upload, kinds: tuple[str, ...] | None = None):
    """The upload, if it is at most 10 MB and (when ``kinds`` is given) starts like one of them.

    The content is checked, not the file name: a renamed spreadsheet is not a PDF.
    """
    if not upload:
        return upload
    if upload.size > MAX_SIZE:
        raise forms.ValidationError(_("Berkas lebih dari 10 MB."))
    if kinds:
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(SIGNATURES[kind]) for kind in kinds):
            raise forms.ValidationError(
                _("Berkas harus berupa %(kinds)s.") % {"kinds": "/".join(kinds)}
            )
    return upload
