"""``/api/v1/regions``: the region tree, coverage of a region and month, and its monthly series."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from semesta import periods
from semesta.access import covers
from semesta.coverage.cache import cached
from semesta.coverage.region import series
from semesta.coverage.services import latest_period
from semesta.coverage.summary import NoCoverage, coverage_summary
from semesta.regions.models import Region

router = Router(tags=["wilayah dan cakupan"])


@router.get("", summary="Wilayah teratas yang dapat Anda lihat")
def roots(request):
    """The top regions of your scope (a kota officer gets their kota)."""
    visible = Region.objects.visible_to(request.user)
    codes = set(visible.values_list("code", flat=True))
    tops = [
        r
        for r in visible.filter(level__in=["province", "kota", "kecamatan", "kelurahan"])
        if r.parent_id not in codes
    ]
    return [{"code": r.code, "name": r.name, "level": r.level} for r in tops]


@router.get("/{code}", summary="Satu wilayah dan wilayah di bawahnya")
def region(request, code: str):
    """A region with its children (codes, names, levels)."""
    found = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    children = Region.objects.visible_to(request.user).filter(parent=found)
    return {
        "code": found.code,
        "name": found.name,
        "level": found.level,
        "children": [{"code": c.code, "name": c.name, "level": c.level} for c in children],
    }


@router.get("/{code}/coverage", summary="Cakupan satu wilayah pada satu bulan")
def coverage(request, code: str, period: str | None = None):
    """The same object as ``semesta coverage CODE --period YYYY-MM --json``."""
    if not covers(request.user, code):
        raise HttpError(404, "Wilayah tidak ditemukan atau di luar wilayah Anda.")
    try:
        month = periods.parse(period) if period else latest_period()
    except ValueError as exc:
        raise HttpError(400, str(exc)) from exc
    if month is None:
        raise HttpError(404, "Belum ada data cakupan.")
    try:
        body = cached(
            request.user,
            "coverage-json",
            (code, month),
            lambda: json.dumps(coverage_summary(request.user, code, month), cls=DjangoJSONEncoder),
        )
    except NoCoverage as exc:
        raise HttpError(404, str(exc)) from exc
    # Serialised once per data version: answering is reading the cache, nothing more.
    return HttpResponse(body, content_type="application/json")


@router.get("/{code}/series", summary="Deret bulanan cakupan satu wilayah")
def monthly(request, code: str):
    """Every month's active and registered participants, workforce, coverage and target."""
    get_object_or_404(Region.objects.visible_to(request.user), code=code)
    return [
        {**m, "coverage_pct": None if m["coverage_pct"] is None else float(m["coverage_pct"])}
        for m in series(request.user, code)
    ]
