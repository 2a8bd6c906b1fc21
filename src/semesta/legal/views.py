"""A legal product with what employers did on it, and its attached document (logged in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from semesta.accounts.models import can_import
from semesta.collaboration.models import Agreement
from semesta.collaboration.services import may_record_agreement
from semesta.employers.models import SeResponse
from semesta.legal.forms import LegalProductForm
from semesta.legal.models import LegalProduct
from semesta.uploads import serve


@login_required
def document(request, pk: int):
    found = get_object_or_404(LegalProduct, pk=pk)
    if not found.document:
        raise Http404
    return serve(
        request, found.document, name="produk-hukum", obj=found, region_code=found.region_id
    )


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
    mou = found.kind == LegalProduct.Kind.MOU
    return render(
        request,
        "legal/product.html",
        {
            "product": found,
            "agreement": mou and Agreement.objects.filter(product=found).first(),
            "may_sign": mou and may_record_agreement(request.user, found),
            "responses": responses,
            "recognised": sum(1 for r in responses if r.recognised_on),
        },
    )


@login_required
def add(request):
    """Register a legal product issued by a region in one's scope, with its PDF."""
    if not can_import(request.user):
        raise PermissionDenied  # sponsors and readers do not register regulations
    initial = {"region": request.GET.get("wilayah", "")}
    form = LegalProductForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        created = form.save(commit=False)
        created.recorded_by = request.user.username
        created.save()
        messages.success(request, _("Produk hukum dicatat."))
        return redirect("coverage:legal", pk=created.pk)
    return render(request, "legal/form.html", {"form": form})
