"""Programme pages: attainment per city, kecamatan and RW; the Monev calendar and its records."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.coverage.targets import may_set_targets
from semesta.programmes.attainment import attainment, monev_schedule
from semesta.programmes.models import Monev, Programme
from semesta.programmes.plans import plan
from semesta.regions.models import Region
from semesta.scoping import covers
from semesta.workers.matching import latest_matched


def _month(value: str) -> date | None:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        return None


@login_required
def programmes(request):
    """The programmes that reach into the user's region."""
    shown = Programme.objects.visible_to(request.user).select_related("owner")
    return render(request, "programmes/list.html", {"programmes": shown})


@login_required
def programme(request, pk: int):
    """A programme's attainment in the latest matched month and its Monev calendar."""
    found = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    figures = attainment(request.user, found, latest_matched())
    kecamatan = request.GET.get("kecamatan")
    rws = [r for r in figures["rws"] if r["kecamatan"] == kecamatan] if kecamatan else []
    budget = request.GET.get("anggaran", "").replace(".", "")
    planned = None
    if budget.isdigit() and figures["period"]:
        start = _month(request.GET.get("mulai", "")) or timezone.localdate().replace(day=1)
        lasting = request.GET.get("lama", "")
        months = min(max(int(lasting), 1), 36) if lasting.isdigit() else 12
        planned = plan(request.user, found, int(budget), start, months)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": found,
            "figures": figures,
            "kecamatan": kecamatan,
            "rws": sorted(rws, key=lambda r: (-r["covered"], r["code"])),
            "schedule": monev_schedule(request.user, found, timezone.localdate()),
            "may_record": may_set_targets(request.user),
            "plan": planned,
            "this_month": f"{timezone.localdate():%Y-%m}",
            "plan_rows": planned
            and [
                (_("Kini"), planned["now"]),
                (_("Urutan aturan (miskin ekstrem dahulu)"), planned["greedy"]),
                (_("Rencana optimal"), planned["optimal"]),
            ],
        },
    )


@login_required
@require_POST
def record_monev(request, pk: int):
    """Record that a Monev was held for a region and period (officers of that region)."""
    found = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    code, period = request.POST.get("region", ""), request.POST.get("period", "")
    if not may_set_targets(request.user) or not covers(request.user, code):
        raise PermissionDenied
    schedule = {
        (d.region.code, d.period) for d in monev_schedule(request.user, found, timezone.localdate())
    }
    if (code, period) not in schedule:
        raise Http404
    try:
        held_on = date.fromisoformat(request.POST.get("held_on", ""))
    except ValueError:
        messages.error(request, _("Tanggal Monev tidak valid."))
        return redirect("programmes:detail", pk=pk)
    Monev.objects.update_or_create(
        programme=found,
        region=get_object_or_404(Region, code=code),
        period=period,
        defaults={
            "held_on": held_on,
            "notes": request.POST.get("notes", "")[:2000],
            "recorded_by": request.user.username,
        },
    )
    messages.success(request, _("Monev dicatat."))
    return redirect("programmes:detail", pk=pk)
