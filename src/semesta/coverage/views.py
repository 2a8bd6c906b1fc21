"""The province (or own-region) overview shown after login."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent
from semesta.coverage import exports
from semesta.coverage.cache import cached
from semesta.coverage.forms import TargetForm
from semesta.coverage.lookup import look_up, may_look_up
from semesta.coverage.models import Target
from semesta.coverage.region import region_page, sorted_children
from semesta.coverage.services import available_periods, latest_period, period_date
from semesta.coverage.summary import NoCoverage, coverage_summary, target_progress
from semesta.coverage.targets import may_set_targets, set_target
from semesta.nik import NikError
from semesta.regions.models import Region
from semesta.scoping import scope_roots


@login_required
def overview(request):
    """Headline figures of the latest month for each region the user looks after."""
    period = latest_period()
    panels = []
    for code in scope_roots(request.user) if period else []:
        try:
            summary = coverage_summary(request.user, code, period)
        except NoCoverage:
            continue
        panels.append({"summary": summary, "targets": target_progress(request.user, code, period)})
    return render(request, "coverage/overview.html", {"period": period, "panels": panels})


@login_required
def region(request, code: str):
    """One region in one month: figures, target outlook, map, trend and children."""
    region = _visible_region(request, code)
    period = _period(request)
    colour_by = "gap" if request.GET.get("peta") == "selisih" else "coverage"
    try:
        context = (
            cached(
                request.user,
                "region",
                (code, period, colour_by, request.LANGUAGE_CODE),
                lambda: region_page(request.user, code, period, colour_by),
            )
            if period
            else None
        )
    except NoCoverage:
        context = None
    sort = request.GET.get("urut", "kode")
    descending = request.GET.get("arah") == "turun"
    children = sorted_children(context["summary"]["children"], sort, descending) if context else []
    periods = [f"{p:%Y-%m}" for p in available_periods()]
    return render(
        request,
        "coverage/region.html",
        {
            "page": context,
            "children": children,
            "sort": sort,
            "descending": descending,
            "colour_by": colour_by,
            "code": code,
            "periods": periods,
            "period": f"{period:%Y-%m}" if period else None,
            "region": region,
            "target_form": TargetForm() if may_set_targets(request.user) else None,
            "target_history": Target.objects.visible_to(request.user).filter(region_id=code),
        },
    )


@login_required
def children_export(request, code: str, fmt: str):
    """The children table as CSV, XLSX or JSON, from the same scoped query as the page."""
    _visible_region(request, code)
    period = _period(request)
    try:
        summary = coverage_summary(request.user, code, period)
    except NoCoverage as exc:
        raise Http404 from exc
    record(
        request.user,
        AuditEvent.Action.EXPORT,
        region_code=code,
        obj_type="coverage_children",
        obj_id=f"{code}@{summary['period']}",
        detail={"format": fmt},
        request=request,
    )
    return exports.children_response(summary, fmt)


def _visible_region(request, code: str) -> Region:
    """The region if the user may see it; 404 otherwise, as for one that does not exist."""
    return get_object_or_404(Region.objects.visible_to(request.user), code=code)


def _period(request):
    raw = request.GET.get("periode")
    if raw:
        try:
            return period_date(raw)
        except ValueError as exc:
            raise Http404 from exc
    return latest_period()


@login_required
def participant_lookup(request):
    """A form for a NIK (posted, so it never lands in URLs or logs) and its monthly history."""
    if not may_look_up(request.user):
        raise PermissionDenied
    result, error = None, None
    if request.method == "POST":
        try:
            result = look_up(request.user, request.POST.get("nik", ""), request=request)
        except NikError as exc:
            error = exc.message(request.LANGUAGE_CODE)
    return render(request, "coverage/lookup.html", {"result": result, "error": error})


@login_required
@require_POST
def set_region_target(request, code: str):
    """Set (or replace) a target of the region; back to the region page."""
    _visible_region(request, code)
    if not may_set_targets(request.user):
        raise PermissionDenied
    form = TargetForm(request.POST)
    if form.is_valid():
        set_target(request.user, code, **form.cleaned_data)
        messages.success(
            request,
            "Target disimpan; target sebelumnya untuk batas waktu itu disimpan sebagai riwayat.",
        )
    else:
        errors = "; ".join(e for field in form.errors.values() for e in field)
        messages.error(request, f"Target tidak disimpan: {errors}")
    return redirect(f"/wilayah/{code}/?periode={request.POST.get('periode', '')}")
