"""A legal product with what employers did on it, and its attached document (logged in)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from semesta.employers.models import SeResponse
from semesta.legal.models import LegalProduct


@login_required
def document(request, pk: int):
    found = get_object_or_404(LegalProduct, pk=pk)
    if not found.document:
        raise Http404
    return FileResponse(found.document.open("rb"), filename=found.document.name.rsplit("/")[-1])


@login_required
def product(request, pk: int):
    """A legal product and what employers in the user's region did on it."""
    found = get_object_or_404(LegalProduct.objects.select_related("region", "based_on"), pk=pk)
    responses = (
        SeResponse.objects.visible_to(request.user)
        .filter(circular=found)
        .select_related("employer", "employer__kelurahan", "employer__branch")
        .order_by("-recognised_on", "employer__name")
    )
    return render(
        request,
        "legal/product.html",
        {
            "product": found,
            "responses": responses,
            "recognised": sum(1 for r in responses if r.recognised_on),
        },
    )
