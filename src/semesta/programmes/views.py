"""Programme pages: attainment per city, kecamatan and RW; the Monev calendar and its records."""

from __future__ import annotations

import re
import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta import periods
from semesta.access import covers
from semesta.coverage.targets import may_set_targets
from semesta.programmes.attainment import attainment, monev_schedule
from semesta.programmes.models import Monev, Programme
from semesta.programmes.plans import TIME_LIMIT, plan
from semesta.regions.models import Region
from semesta.workers.matching import latest_matched


def _month(value: str) -> date | None:
    try:
        return periods.parse(value)
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
    planned = _finished_plan(request, found)
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
            "this_month": periods.label(timezone.localdate()),
            "plan_rows": planned
            and [
                (_("Kini"), planned["now"]),
                (
                    _("Urutan aturan (desil 1–4, lalu miskin ekstrem dahulu)")
                    if planned.get("favour_priority")
                    else _("Urutan aturan (miskin ekstrem dahulu)"),
                    planned["greedy"],
                ),
                (_("Rencana optimal"), planned["optimal"]),
            ],
        },
    )


PLAN_KEEP_SECONDS = 3600
BUDGET = re.compile(r"[0-9]{1,15}")  # up to Rp 999 trillion


@login_required
@require_POST
def plan_budget(request, pk: int):
    """Compute a budget plan as a job bounded by the solver's time limit, then show its result.

    The result is kept for an hour under a job id only its user can open, so the page after the
    redirect (and a reload) shows it without solving again.
    """
    found = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    page = reverse("programmes:detail", args=[pk])
    budget = request.POST.get("anggaran", "").replace(".", "").strip()
    start = _month(request.POST.get("mulai", ""))
    lasting = request.POST.get("lama", "").strip()
    if not BUDGET.fullmatch(budget) or start is None or not lasting.isdigit():
        messages.error(
            request,
            _("Isi anggaran dalam rupiah (mis. 300.000.000), bulan mulai dan lama dalam bulan."),
        )
        return redirect(f"{page}#rencana")
    if latest_matched() is None:
        messages.error(request, _("Belum ada bulan yang dicocokkan: rencana belum dapat dihitung."))
        return redirect(f"{page}#rencana")
    months = min(max(int(lasting), 1), 36)
    favour = request.POST.get("utamakan_desil") == "1"  # "utamakan desil 1–4"
    result = plan(
        request.user,
        found,
        int(budget),
        start,
        months,
        time_limit=TIME_LIMIT,
        favour_priority=favour,
    )
    job = uuid.uuid4().hex
    cache.set(
        f"programme-plan:{job}",
        {"user": request.user.pk, "programme": found.pk, "plan": result},
        PLAN_KEEP_SECONDS,
    )
    return redirect(f"{page}?rencana={job}#rencana")


def _finished_plan(request, found: Programme) -> dict | None:
    job = request.GET.get("rencana", "")
    if not re.fullmatch(r"[0-9a-f]{32}", job):
        return None
    kept = cache.get(f"programme-plan:{job}")
    if not kept or kept["user"] != request.user.pk or kept["programme"] != found.pk:
        return None
    return kept["plan"]


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
            "notes": request.POST.get("notes", "").replace("\x00", "")[:2000],
            "recorded_by": request.user.username,
        },
    )
    messages.success(request, _("Monev dicatat."))
    return redirect("programmes:detail", pk=pk)
