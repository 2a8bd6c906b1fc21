"""The RW programmes running in a region, for its region page (kelurahan and RW: each RW's x/N
and its workers; kecamatan, kota and province: RWs at target and the Monev rhythm)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from semesta.access import within
from semesta.programmes.attainment import attainment, latest_period, monev_schedule
from semesta.programmes.models import Programme

register = template.Library()
RW_DEPTH = 5  # parts in an RW code: 31.75.01.1004.005


@register.inclusion_tag("programmes/region_panel.html", takes_context=True)
def programmes_here(context, code: str) -> dict:
    """Programmes whose kecamatan lie in, or contain, the region ``code``, as the user sees them."""
    user = context["request"].user
    here = [
        programme
        for programme in Programme.objects.visible_to(user)
        .select_related("owner")
        .prefetch_related("kecamatan")
        if any(within(code, k.code) or within(k.code, code) for k in programme.kecamatan.all())
    ]
    period = latest_period() if here else None
    today = timezone.localdate()
    shown = []
    for programme in here:
        figures = attainment(user, programme, period)
        rws = [r for r in figures["rws"] if within(r["code"], code)]
        due = [d for d in monev_schedule(user, programme, today) if within(d.region.code, code)]
        shown.append(
            {
                "programme": programme,
                "rws": sorted(rws, key=lambda r: r["code"]),
                "rw_total": len(rws),
                "rw_at_target": sum(r["at_target"] for r in rws),
                "covered": sum(r["covered"] for r in rws),
                "target": programme.target_per_rw * len(rws),
                "overdue": sum(d.status == "overdue" for d in due),
                "due": sum(d.status == "due" for d in due),
                "next": next((d for d in reversed(due) if d.status != "done"), None),
            }
        )
    depth = len(code.split("."))
    return {"items": shown, "period": period, "per_rw": depth >= RW_DEPTH - 1, "code": code}
