"""``/nasional/``: the national page (provinces, kab/kota, categories, the national trend)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from semesta import periods
from semesta.access import scope_roots
from semesta.coverage.national import national_overview
from semesta.coverage.services import latest_period
from semesta.formats import percent
from semesta.regions.maps import choropleth, coverage_scale
from semesta.regions.national import layer_features


@login_required
def national(request):
    """Every province the user may see whole; anyone who sees no whole province gets 404."""
    if not scope_roots(request.user):
        raise Http404
    try:
        period = periods.parse(request.GET["periode"]) if "periode" in request.GET else None
    except ValueError as exc:
        raise Http404 from exc
    overview = national_overview(request.user, period or latest_period())
    if not overview["provinces"]:
        raise Http404
    if request.GET.get("format") == "json":
        return JsonResponse(overview, json_dumps_params={"ensure_ascii": False})
    scale, svg = _map(overview["provinces"])
    context = {"o": overview, "map": mark_safe(svg), "legend": scale.legend(_("belum ada data"))}
    return render(request, "coverage/national.html", context)


def _map(provinces: list[dict]):
    """The provinces the user sees, coloured by coverage (grey: no data), each a link."""
    shown = {p["code"]: p for p in provinces}
    features = [f for f in layer_features("province") if f["properties"]["kode"] in shown]
    values = {code: p["coverage_pct"] for code, p in shown.items()}
    scale = coverage_scale(list(values.values()))
    labels = {
        code: f"{p['name']}: {percent(p['coverage_pct']) if p['has_data'] else _('belum ada data')}"
        for code, p in shown.items()
    }
    links = {code: reverse("coverage:region", args=[code]) for code in shown}
    # Our own SVG, every label escaped by choropleth.
    return scale, choropleth(features, values, labels, links, scale, _("Peta cakupan provinsi"))
