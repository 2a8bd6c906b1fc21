"""The inspectors' worklist of businesses that are probably not registered with BPJS."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.access import ALL_ROLES, CHANGE, VIEW, principal_of, restrict
from semesta.accounts.audit import record
from semesta.businesses import services
from semesta.businesses.models import Business, Size, Status

PAGE_SIZE = 50
FILTERS = ("q", "wilayah", "status", "ukuran", "kbli", "urut")
EXPORT_COLUMNS = ("NIB", "Nama usaha", "Alamat", "KBLI", "Kelurahan", "Skala", "Tenaga kerja")
EXPORT_COLUMNS += ("Status", "NPP cocok", "Cara cocok")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = urlencode({k: v for k, v in params.items() if v})
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
            "page": page,
            "params": params,
            "query": query,
            "statuses": Status.choices,
            "sizes": Size.choices,
            "counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
            "may_change": bool(principal_of(request.user).roots(CHANGE)),
        },
    )


def _cell(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def _rows(shown):
    for b in shown.iterator(chunk_size=2000):
        yield [
            _cell(v)
            for v in (
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
            )
        ]


def _export(request, shown, fmt: str) -> HttpResponse:
    detail = {"format": fmt, **request.GET.dict()}
    record(request.user, "export", obj_type="businesses", detail=detail, request=request)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(_rows(shown))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        import xlsxwriter

        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
        sheet = book.add_worksheet(_("Usaha"))
        sheet.write_row(0, 0, EXPORT_COLUMNS)
        for i, row in enumerate(_rows(shown), start=1):
            sheet.write_row(i, 0, row)
        book.close()
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="usaha-belum-terdaftar.{fmt}"'
    return response


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
