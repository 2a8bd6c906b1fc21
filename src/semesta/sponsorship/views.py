"""Pledge pages: the ledger, the workers covered (NIKs masked), alerts, allocation by rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent
from semesta.collaboration.benefits import pledge_rollup
from semesta.coverage.targets import may_set_targets
from semesta.formats import month_name
from semesta.pdf import render_pdf
from semesta.scoping import covers
from semesta.sponsorship import services
from semesta.sponsorship.models import Allocation, Pledge
from semesta.sponsorship.statement import statement_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


@login_required
def pledges(request):
    shown = Pledge.objects.visible_to(request.user).select_related("sponsor", "region")
    return render(request, "sponsorship/list.html", {"pledges": shown})


@login_required
def pledge(request, pk: int):
    found = get_object_or_404(
        Pledge.objects.visible_to(request.user).select_related("sponsor", "region"), pk=pk
    )
    today = timezone.localdate()
    rows = services.ledger(found)
    may_allocate = may_set_targets(request.user) and covers(request.user, found.region_id)
    return render(
        request,
        "sponsorship/detail.html",
        {
            "pledge": found,
            "ledger": rows,
            "spent": sum(r["due"] for r in rows),
            "months_left": services.months_of_cover_left(found, rows, today),
            "alerts": services.lapse_alerts(found, today),
            "allocations": found.allocations.select_related("worker", "worker__region").order_by(
                "worker__region_id", "worker__name"
            )[:500],
            "count": found.allocations.filter(ended__isnull=True).count(),
            "eligible": services.eligible(found, request.user).count() if may_allocate else None,
            "may_allocate": may_allocate,
            "benefits": pledge_rollup(found),
        },
    )


@login_required
@require_POST
def allocate(request, pk: int):
    """Allocate eligible workers by the rule (officers of the pledge's region)."""
    found = get_object_or_404(Pledge.objects.visible_to(request.user), pk=pk)
    if not may_set_targets(request.user) or not covers(request.user, found.region_id):
        raise PermissionDenied
    try:
        count = max(int(request.POST.get("count", "0")), 0)
    except ValueError:
        count = 0
    start = services.start_month(found, timezone.localdate())
    done = services.allocate(found, request.user, count, start)
    messages.success(request, _("%(n)s pekerja dialokasikan ke janji ini.") % {"n": done})
    return redirect("sponsorship:detail", pk=pk)


@login_required
@require_POST
def end(request, pk: int, allocation: int):
    """Take a worker off the pledge, paid through this month (officers of the pledge's region)."""
    found = get_object_or_404(Pledge.objects.visible_to(request.user), pk=pk)
    if not may_set_targets(request.user) or not covers(request.user, found.region_id):
        raise PermissionDenied
    chosen = get_object_or_404(found.allocations.filter(ended__isnull=True), pk=allocation)
    last = services.end_allocation(chosen, request.user, timezone.localdate())
    messages.success(
        request,
        _("Tanggungan %(nik)s berakhir; iuran dibayar sampai %(month)s.")
        % {"nik": chosen.worker.nik_masked, "month": month_name(last)},
    )
    return redirect("sponsorship:detail", pk=pk)


@login_required
@require_POST
def allocate_chosen(request, code: str):
    """Allocate the workers ticked on a region's roster page to a pledge (officers in scope)."""
    found = get_object_or_404(
        Pledge.objects.visible_to(request.user), pk=request.POST.get("pledge")
    )
    if not may_set_targets(request.user) or not covers(request.user, code):
        raise PermissionDenied
    ids = [int(v) for v in request.POST.getlist("worker") if v.isdigit()]
    start = services.start_month(found, timezone.localdate())
    done = services.allocate_chosen(found, request.user, ids, start)
    messages.success(
        request,
        _("%(n)s pekerja dialokasikan ke %(pledge)s.") % {"n": done, "pledge": found.name},
    )
    return redirect("coverage:roster", code=code)


@login_required
def statement(request, pk: int):
    """The pledge's statement as XLSX (NIKs masked); an export, so it is audited."""
    found = get_object_or_404(
        Pledge.objects.visible_to(request.user).select_related("sponsor", "region"), pk=pk
    )
    record(
        request.user,
        AuditEvent.Action.EXPORT,
        region_code=found.region_id,
        obj_type="pledge_statement",
        obj_id=found.pk,
        request=request,
    )
    response = HttpResponse(statement_xlsx(found, services.ledger(found)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="pernyataan-sponsor-{found.pk}.xlsx"'
    return response


@login_required
def statement_pdf(request, pk: int):
    """The pledge's statement as an A4 PDF: ledger, workers per kelurahan, benefits (audited)."""
    found = get_object_or_404(
        Pledge.objects.visible_to(request.user).select_related("sponsor", "region"), pk=pk
    )
    record(
        request.user,
        AuditEvent.Action.EXPORT,
        region_code=found.region_id,
        obj_type="pledge_statement_pdf",
        obj_id=found.pk,
        request=request,
    )
    rows = services.ledger(found)
    spent = sum(r["due"] for r in rows)
    open_allocations = found.allocations.filter(ended__isnull=True)
    context = {
        "pledge": found,
        "ledger": rows,
        "spent": spent,
        "left": found.budget - spent,
        "count": open_allocations.count(),
        "by_kelurahan": services.workers_per_kelurahan(found),
        "benefits": pledge_rollup(found),
        "printed": timezone.localtime(),
    }
    response = HttpResponse(render_pdf("sponsorship/statement.html", context), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="pernyataan-sponsor-{found.pk}.pdf"'
    return response


def recognition(request):
    """Public: who sponsors how many vulnerable workers where (no names, no NIKs)."""
    rows = (
        Allocation.objects.filter(ended__isnull=True)
        .values("pledge__sponsor__name", "pledge__region__name")
        .annotate(workers=Count("id"))
        .order_by("-workers", "pledge__sponsor__name")
    )
    return render(request, "sponsorship/recognition.html", {"rows": rows})
