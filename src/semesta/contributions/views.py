"""The contribution calculator page: one small form per segment, the itemised month below."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from semesta.contributions import calculator
from semesta.contributions.labels import FUNDERS, PAYERS, SECTORS


def _int(value: str | None) -> int | None:
    text = (value or "").replace(".", "").replace(" ", "").strip()
    return int(text) if text.isdigit() else None


def _compute(segment: str, get, when: str) -> calculator.Result:
    if segment == "pu":
        return calculator.pu(
            _int(get.get("upah")) or 0,
            _int(get.get("risiko")) or 0,
            when,
            get.get("padat_karya") == "1",
            _int(get.get("peserta")),
        )
    if segment == "bpu":
        return calculator.bpu(
            _int(get.get("penghasilan")) or 0,
            when,
            get.get("sektor", "other"),
            get.get("dana", "self"),
            get.get("jht") == "1",
        )
    if segment == "jakon":
        return calculator.jakon(when, _int(get.get("kontrak")), _int(get.get("upah")))
    return calculator.pmi(when)


@login_required
def calculator_page(request):
    """Prices a month for PU, BPU, Jakon or PMI from the query string (bookmarkable)."""
    segment = request.GET.get("jenis")
    when = request.GET.get("bulan") or f"{timezone.localdate():%Y-%m}"
    result, error = None, None
    if segment in ("pu", "bpu", "jakon", "pmi"):
        try:
            result = _compute(segment, request.GET, calculator.month(when))
        except ValueError as exc:  # InputError, or a month that is not YYYY-MM
            error = (
                exc.message(request.LANGUAGE_CODE)
                if isinstance(exc, calculator.InputError)
                else f"Bulan tidak valid: {when} (TTTT-BB)."
            )
    return render(
        request,
        "contributions/calculator.html",
        {
            "segment": segment,
            "month": when,
            "query": request.GET,
            "result": result,
            "error": error,
            "rows": [{"item": i, "payer": PAYERS[i.payer]} for i in result.items] if result else [],
            "totals": [(PAYERS.get(k), v) for k, v in result.totals.items()] if result else [],
            "sectors": SECTORS,
            "funders": FUNDERS,
        },
    )
