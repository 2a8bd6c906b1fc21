"""The inspectors' worklist of businesses that are probably not registered with BPJS."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.access import ALL_ROLES, CHANGE, VIEW, principal_of, restrict
from semesta.accounts.audit import record
from semesta.businesses import services
from semesta.businesses.models import Business, Size, Status
from semesta.worklists import Pages, table_download

PAGE_SIZE = 50
FILTERS = ("q", "wilayah", "status", "ukuran", "kbli", "urut")
EXPORT_COLUMNS = ("NIB", "Nama usaha", "Alamat", "KBLI", "Kelurahan", "Skala", "Tenaga kerja")
EXPORT_COLUMNS += ("Status", "NPP cocok", "Cara cocok")


def _allowed(user) -> None:
    """Sponsors and dinas staff have no worklist (the core hides the rows from them too)."""
    if not principal_of(user).roots(VIEW, ALL_ROLES - Business.objects.none().hidden_from):
        raise Http404


@login_required
def worklist(request):
    """Businesses of the user's region, largest first; 50 a page, filters kept across pages."""
    _allowed(request.user)
    params = {k: request.GET.get(k, "") for k in FILTERS}
    shown = services.worklist(request.user, params)
    if request.GET.get("format") in ("csv", "xlsx"):
        return _export(request, shown, request.GET["format"])
    pages = Pages(request.GET, shown, PAGE_SIZE)
    counts = dict(
        restrict(Business.objects.all(), request.user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return render(
        request,
        "businesses/list.html",
        {
            "page": pages.page,
            "pages": pages,
            "params": params,
            "statuses": Status.choices,
            "sizes": Size.choices,
            "counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
            "may_change": bool(principal_of(request.user).roots(CHANGE)),
        },
    )


def _rows(shown):
    for b in shown.iterator(chunk_size=2000):
        yield [
            b.nib,
            b.name,
            b.address,
            b.kbli,
            f"{b.kelurahan.name} ({b.kelurahan_id})",
            b.get_size_display(),
            b.workers,
            b.get_status_display(),
            b.employer_id or "",
            b.match_method,
        ]


def _export(request, shown, fmt: str) -> HttpResponse:
    detail = {"format": fmt, **request.GET.dict()}
    record(request.user, "export", obj_type="businesses", detail=detail, request=request)
    return table_download(f"usaha-belum-terdaftar.{fmt}", EXPORT_COLUMNS, _rows(shown))


@login_required
@require_POST
def set_status(request, nib: str):
    """An officer records what a visit found: registered since, not liable, or just visited."""
    found = get_object_or_404(restrict(Business.objects.all(), request.user), nib=nib)
    status, note = request.POST.get("status", ""), request.POST.get("catatan", "")
    try:
        services.set_status(found, request.user, status, note)
    except PermissionError:
        raise Http404 from None
    record(
        request.user,
        "change",
        region_code=found.kelurahan_id,
        obj_type="business",
        obj_id=nib,
        detail={"status": status},
        request=request,
    )
    messages.success(request, _("Status usaha %(name)s dicatat.") % {"name": found.name})
    back = request.POST.get("kembali", "")
    return redirect(back if back.startswith("/usaha/") else "businesses:list")
