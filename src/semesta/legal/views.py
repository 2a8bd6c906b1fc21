"""A legal product's attached document, for logged-in users."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from semesta.legal.models import LegalProduct


@login_required
def document(request, pk: int):
    found = get_object_or_404(LegalProduct, pk=pk)
    if not found.document:
        raise Http404
    return FileResponse(found.document.open("rb"), filename=found.document.name.rsplit("/")[-1])
