"""Pledge pages: the ledger, the workers covered (NIKs masked), alerts, allocation by rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.access import covers
from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent
from semesta.collaboration.benefits import pledge_rollup
from semesta.coverage.targets import may_set_targets
from semesta.formats import month_name
from semesta.pdf import render_pdf
from semesta.sponsorship import listing, services
from semesta.sponsorship.models import Allocation, Pledge
from semesta.sponsorship.statement import statement_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _pledges(request):
    """The pledges this person may open; 403 for viewers and dinas officers (no workers)."""
    if not services.may_see_pledges(request.user):
        raise PermissionDenied
    return Pledge.objects.visible_to(request.user).select_related("sponsor", "region")


def _may_change(user, found: Pledge) -> bool:
    return may_set_targets(user) and covers(user, found.region_id)


@login_required
def pledges(request):
    return render(request, "sponsorship/list.html", {"pledges": _pledges(request)})


@login_required
def pledge(request, pk: int):
    """A pledge: its figures and ledger, then its workers a page at a time (audited)."""
    found = get_object_or_404(_pledges(request), pk=pk)
    today = timezone.localdate()
    rows = services.stored_ledger(found)
    may_allocate = _may_change(request.user, found)
    filters = listing.Filters.from_params(request.GET, found)
    shown = listing.filtered(found, filters).only("pk")
    page = Paginator(shown, listing.PAGE_SIZE).get_page(request.GET.get("halaman"))
    ids = [a.pk for a in page]
    workers = sorted(
        listing.rows_of(Allocation.objects.filter(pk__in=ids)), key=lambda r: ids.index(r["pk"])
    )
    undo = None
    if may_allocate:
        for row in workers:
            row["may_undo"] = bool(row["ended_at"]) and _same_month(row["ended_at"])
        last_ended = request.session.get("sponsorship_undo")
        undo = found.allocations.filter(pk=last_ended).select_related("worker").first()
        undo = undo if undo is not None and services.may_undo(undo) else None
    query = request.GET.copy()
    query.pop("halaman", None)
    benefits = pledge_rollup(found)
    record(
        request.user,
        AuditEvent.Action.VIEW_PERSONAL,
        region_code=found.region_id,
        obj_type="pledge_workers",
        obj_id=found.pk,
        detail={
            **filters.as_detail(),
            "page": page.number,
            "rows": len(workers),
            "benefits": benefits["count"],
        },
        request=request,
    )
    return render(
        request,
        "sponsorship/detail.html",
        {
            "pledge": found,
            "ledger": rows,
            "spent": sum(r["due"] for r in rows),
            "months_left": services.months_of_cover_left(found, rows, today),
            "alerts": services.lapse_alert_count(found, today),
            "page": page,
            "workers": workers,
            "filters": filters,
            "kelurahan_choices": listing.kelurahan_choices(found),
            "rw_choices": listing.rw_choices(filters.kelurahan),
            "states": [("aktif", _("Masih ditanggung")), ("berakhir", _("Sudah berakhir"))],
            "sorts": _sort_labels(),
            "query": query.urlencode(),
            "count": found.allocations.filter(ended__isnull=True).count(),
            "eligible": services.eligible(found, request.user).count() if may_allocate else None,
            "may_allocate": may_allocate,
            "undo": undo,
            "benefits": benefits,
        },
    )


def _same_month(moment) -> bool:
    now, then = timezone.localtime(), timezone.localtime(moment)
    return (now.year, now.month) == (then.year, then.month)


def _sort_labels() -> list[tuple[str, str]]:
    return [
        ("wilayah", _("Wilayah")),
        ("nik", _("NIK (naik)")),
        ("-nik", _("NIK (turun)")),
        ("sejak", _("Sejak (terlama)")),
        ("-sejak", _("Sejak (terbaru)")),
        ("kategori", _("Kategori")),
    ]


@login_required
def workers_export(request, pk: int, fmt: str):
    """The pledge's workers as filtered on the page, as CSV or XLSX (NIKs masked, audited)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    found = get_object_or_404(_pledges(request), pk=pk)
    filters = listing.Filters.from_params(request.GET, found)
    shown = listing.filtered(found, filters)
    record(
        request.user,
        AuditEvent.Action.EXPORT,
        region_code=found.region_id,
        obj_type=f"pledge_workers_{fmt}",
        obj_id=found.pk,
        detail={**filters.as_detail(), "rows": shown.count()},
        request=request,
    )
    if fmt == "csv":
        body, kind = listing.as_csv(shown), "text/csv; charset=utf-8"
    else:
        body, kind = listing.as_xlsx(shown), XLSX
    response = HttpResponse(body, content_type=kind)
    name = f"pekerja-sponsor-{found.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def allocate(request, pk: int):
    """Allocate eligible workers by the rule (officers of the pledge's region)."""
    found = get_object_or_404(_pledges(request), pk=pk)
    if not _may_change(request.user, found):
        raise PermissionDenied
    try:
        count = max(int(request.POST.get("count", "0")), 0)
    except ValueError:
        count = 0
    start = services.start_month(found, timezone.localdate())
    done = services.allocate(found, request.user, count, start)
    _audit_change(request, found, "pledge_allocate", {"asked": count, "allocated": done})
    messages.success(request, _("%(n)s pekerja dialokasikan ke janji ini.") % {"n": done})
    return redirect("sponsorship:detail", pk=pk)


def _audit_change(request, found: Pledge, what: str, detail: dict) -> None:
    record(
        request.user,
        AuditEvent.Action.VIEW_PERSONAL,
        region_code=found.region_id,
        obj_type=what,
        obj_id=found.pk,
        detail=detail,
        request=request,
    )


@login_required
def end(request, pk: int, allocation: int):
    """Take a worker off the pledge, paid through this month (officers of the pledge's region).

    Two steps: the first request (a GET, or a POST without ``konfirmasi``) shows what will
    happen and asks to confirm; only the confirmed POST ends the cover.
    """
    found = get_object_or_404(_pledges(request), pk=pk)
    if not _may_change(request.user, found):
        raise PermissionDenied
    chosen = get_object_or_404(
        found.allocations.filter(ended__isnull=True).select_related("worker", "worker__region"),
        pk=allocation,
    )
    last = max(services.start_month(found, timezone.localdate()), chosen.start)
    if request.method != "POST" or request.POST.get("konfirmasi") != "ya":
        return render(
            request,
            "sponsorship/end_confirm.html",
            {"pledge": found, "allocation": chosen, "last": last},
        )
    last = services.end_allocation(chosen, request.user, timezone.localdate())
    _audit_change(request, found, "allocation_end", {"allocation": chosen.pk})
    messages.success(
        request,
        _("Tanggungan %(nik)s berakhir; iuran dibayar sampai %(month)s.")
        % {"nik": chosen.worker.nik_masked, "month": month_name(last)},
    )
    request.session["sponsorship_undo"] = chosen.pk
    return redirect("sponsorship:detail", pk=pk)


@login_required
@require_POST
def undo(request, pk: int, allocation: int):
    """Restore a worker taken off the pledge this month (officers of the pledge's region)."""
    found = get_object_or_404(_pledges(request), pk=pk)
    if not _may_change(request.user, found):
        raise PermissionDenied
    chosen = get_object_or_404(
        found.allocations.filter(ended__isnull=False).select_related("worker"), pk=allocation
    )
    if services.undo_end(chosen):
        _audit_change(request, found, "allocation_undo", {"allocation": chosen.pk})
        messages.success(
            request,
            _("Pengakhiran tanggungan %(nik)s diurungkan.") % {"nik": chosen.worker.nik_masked},
        )
    else:
        messages.error(
            request,
            _(
                "Tidak dapat diurungkan: hanya pengakhiran bulan ini, dan pekerja belum ditanggung"
                " janji lain."
            ),
        )
    request.session.pop("sponsorship_undo", None)
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
    _audit_change(request, found, "pledge_allocate_chosen", {"region": code, "allocated": done})
    text = _("%(n)s pekerja dialokasikan ke %(pledge)s.") % {"n": done, "pledge": found.name}
    # A form sent twice (a double tap, a browser resending on a slow line) finds the ticked
    # workers already on the pledge: say so, rather than only "0 allocated".
    already = services.already_on(found, ids) - done
    if already:
        text += " " + _("%(n)s pekerja yang dicentang sudah ditanggung janji ini.") % {"n": already}
    messages.success(request, text)
    return redirect("coverage:roster", code=code)


@login_required
def statement(request, pk: int):
    """The pledge's statement as XLSX (NIKs masked); an export, so it is audited."""
    found = get_object_or_404(_pledges(request), pk=pk)
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
    found = get_object_or_404(_pledges(request), pk=pk)
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
