"""The province (or own-region) overview shown after login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent
from semesta.coverage import exports
from semesta.coverage.lookup import look_up, may_look_up
from semesta.coverage.region import region_page
from semesta.coverage.services import available_periods, latest_period, period_date
from semesta.coverage.summary import NoCoverage, coverage_summary, target_progress
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
    if not Region.objects.visible_to(request.user).filter(code=code).exists():
        raise Http404
    period = _period(request)
    try:
        context = region_page(request.user, code, period) if period else None
    except NoCoverage:
        context = None
    periods = [f"{p:%Y-%m}" for p in available_periods()]
    return render(
        request,
        "coverage/region.html",
        {
            "page": context,
            "code": code,
            "periods": periods,
            "period": f"{period:%Y-%m}" if period else None,
            "region": Region.objects.get(code=code),
        },
    )


@login_required
def children_export(request, code: str, fmt: str):
    """The children table as CSV, XLSX or JSON, from the same scoped query as the page."""
    if not Region.objects.visible_to(request.user).filter(code=code).exists():
        raise Http404
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
