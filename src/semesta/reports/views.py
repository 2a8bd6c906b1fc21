"""Monev report pages: the reports of one's region, building one, and downloading it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.accounts.models import AuditEvent, can_import, government_reader
from semesta.errors import UserError
from semesta.reports.forms import ReportForm
from semesta.reports.models import Report
from semesta.reports.services import build
from semesta.uploads import serve


def _reader(user) -> None:
    """Monev reports name employers and budgets: government and BPJS staff only, not sponsors."""
    if not government_reader(user):
        raise PermissionDenied


@login_required
def reports(request):
    """The Monev reports of the user's region, newest first, and the form to build one."""
    _reader(request.user)
    shown = Report.objects.visible_to(request.user).select_related("region")
    region = request.GET.get("wilayah")
    if region:
        shown = shown.filter(region_id=region)
    form = ReportForm(user=request.user, initial={"region": region})
    return render(
        request,
        "reports/list.html",
        {"reports": shown[:100], "form": form, "may_build": can_import(request.user)},
    )


@login_required
@require_POST
def create(request):
    """Build a report now (a few seconds) and offer it for download."""
    _reader(request.user)
    if not can_import(request.user):
        raise PermissionDenied
    form = ReportForm(request.POST, user=request.user)
    if not form.is_valid():
        shown = Report.objects.visible_to(request.user).select_related("region")
        return render(
            request,
            "reports/list.html",
            {"reports": shown[:100], "form": form, "may_build": True},
            status=400,
        )
    try:
        report = build(
            form.cleaned_data["region"],
            form.cleaned_data["period"],
            by=request.user.username,
            language=get_language(),
        )
    except UserError as problem:
        messages.error(request, problem.message(get_language()))
        return redirect("reports:list")
    messages.success(request, _("Laporan Monev selesai dibuat."))
    return redirect(f"{reverse('reports:list')}?wilayah={report.region_id}")


@login_required
def download(request, pk: int, kind: str):
    """The report's PDF or XLSX, for users whose region holds the report's region."""
    _reader(request.user)
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    stored = report.pdf if kind == "pdf" else report.xlsx
    if not stored:
        raise Http404
    # Like every stored file: an attachment with nosniff and a sandboxing CSP, typed by its
    # content, audited (as an export, as reports name employers and budgets).
    return serve(
        request,
        stored,
        name=f"monev-{report.region_id}-{report.period}",
        obj=report,
        region_code=report.region_id,
        action=AuditEvent.Action.EXPORT,
        obj_type="monev_report",
        detail={"period": report.period, "format": kind},
    )
