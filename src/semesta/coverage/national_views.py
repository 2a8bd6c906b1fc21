"""``/nasional/``: the national page (provinces, kab/kota, categories, the national trend)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render

from semesta.access import scope_roots
from semesta.coverage.national import national_overview
from semesta.coverage.services import latest_period, period_date


@login_required
def national(request):
    """Every province the user may see; a user who sees no region gets 404."""
    if not scope_roots(request.user):
        raise Http404
    try:
        period = period_date(request.GET["periode"]) if "periode" in request.GET else None
    except ValueError as exc:
        raise Http404 from exc
    overview = national_overview(request.user, period or latest_period())
    if request.GET.get("format") == "json":
        return JsonResponse(overview, json_dumps_params={"ensure_ascii": False})
    return render(request, "coverage/national.html", {"o": overview})
