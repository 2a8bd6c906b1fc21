"""The province (or own-region) overview shown after login."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta import periods
from semesta.access import covers, scope_roots
from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent
from semesta.collaboration.panels import region_panel
from semesta.coverage import exports
from semesta.coverage.cache import cached, cached_forever
from semesta.coverage.forms import TargetForm
from semesta.coverage.lookup import look_up, may_look_up
from semesta.coverage.region import region_html
from semesta.coverage.services import latest_period
from semesta.coverage.summary import NoCoverage, coverage_summary, target_progress
from semesta.coverage.targets import may_set_targets, set_target
from semesta.legal.models import LegalProduct
from semesta.nik import NikError
from semesta.regions.models import Region


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
    if not covers(request.user, code):
        raise Http404
    period = _period(request)
    colour_by = "gap" if request.GET.get("peta") == "selisih" else "coverage"
    sort = request.GET.get("urut", "kode")
    descending = request.GET.get("arah") == "turun"

    def build() -> dict:
        region = _visible_region(request, code)
        html = region_html(request.user, region, period, colour_by, sort, descending)
        return {"html": html, "name": region.name}

    key = (code, period, colour_by, sort, descending, request.LANGUAGE_CODE)
    officer = may_set_targets(request.user)  # officers also record their region's regulations
    body = cached(request.user, "region-html", key, build)
    return render(
        request,
        "coverage/region.html",
        {
            "body": mark_safe(body["html"]),  # our own template's output, cached
            "name": body["name"],
            "code": code,
            "period": f"{period:%Y-%m}" if period else None,
            "may_see_people": may_look_up(request.user),
            "reportable": code.count(".") <= 2,  # province, kota, kecamatan: Monev reports
            "legal": LegalProduct.objects.in_force_for(Region(code=code)).select_related(
                "region", "based_on"
            ),
            "collaboration": region_panel(request.user, code),
            "may_record": officer,
            "target_fields": officer and mark_safe(target_fields(request.LANGUAGE_CODE)),
        },
    )


def target_fields(language: str) -> str:
    """The target form's fields (the same for everyone, so rendered once per language)."""
    return cached_forever(
        f"target-fields:{language}",
        lambda: "".join(
            f'<div class="field"><label for="{f.id_for_label}">{f.label}</label>{f}</div>'
            for f in TargetForm()
        ),
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
            return periods.parse(raw)
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
            _("Target disimpan; target sebelumnya untuk batas waktu itu disimpan sebagai riwayat."),
        )
    else:
        errors = "; ".join(e for field in form.errors.values() for e in field)
        messages.error(request, _("Target tidak disimpan: %(errors)s") % {"errors": errors})
    return redirect(f"/wilayah/{code}/?periode={request.POST.get('periode', '')}")
