"""The contribution calculator page: one small form per segment, the itemised month below.

An input that cannot be priced is reported beside its own field, in the form it came from.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from semesta.contributions import calculator
from semesta.contributions.labels import COMPONENTS, FUNDERS, PAYERS, SECTORS, SIZES

SEGMENTS = ("pu", "bpu", "jakon", "pmi")
# The form field each calculator input comes from, per segment (None: the form as a whole).
FIELDS = {
    "pu": {"wage": "upah", "risk": "risiko", "participants": "peserta", "size": "ukuran"},
    "bpu": {"income": "penghasilan", "sector": "sektor", "funded_by": "dana"},
    "jakon": {"contract_value": "kontrak", "wages": "upah"},
    "pmi": {"contract_months": "kontrak_bulan", "extension_months": "perpanjangan_bulan"},
}
NAMES = {  # how a field is named in an error about it
    "upah": ("upah", "wage"),
    "penghasilan": ("penghasilan", "income"),
    "kontrak": ("nilai kontrak", "contract value"),
}


def _amount(get, key: str, field: str) -> int | None:
    text = (get.get(key) or "").strip()
    if not text:
        return None
    try:
        return calculator.amount(text, *NAMES.get(key, (key, key)))
    except calculator.InputError as exc:
        exc.field = field
        raise


def _whole(get, key: str, field: str, default: int | None = None) -> int | None:
    text = (get.get(key) or "").strip().replace(".", "")
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise calculator.InputError(
            f"Isi dengan bilangan bulat: {text}", f"Enter a whole number: {text}", field
        ) from None


def _compute(segment: str, get, when: str) -> calculator.Result:
    if segment == "pu":
        return calculator.pu(
            _amount(get, "upah", "wage"),
            _whole(get, "risiko", "risk", 0),
            when,
            get.get("padat_karya") == "1",
            _whole(get, "peserta", "participants"),
            get.get("ukuran") or None,
        )
    if segment == "bpu":
        return calculator.bpu(
            _amount(get, "penghasilan", "income"),
            when,
            get.get("sektor", "other"),
            get.get("dana", "self"),
            get.get("jht") == "1",
        )
    if segment == "jakon":
        return calculator.jakon(
            when, _amount(get, "kontrak", "contract_value"), _amount(get, "upah", "wages")
        )
    return calculator.pmi(
        when,
        _whole(get, "kontrak_bulan", "contract_months"),
        _whole(get, "perpanjangan_bulan", "extension_months", 0),
        get.get("perseorangan") == "1",
    )


@login_required
def calculator_page(request):
    """Prices a month for PU, BPU, Jakon or PMI from the query string (bookmarkable)."""
    segment = request.GET.get("jenis")
    when = request.GET.get("bulan") or f"{timezone.localdate():%Y-%m}"
    result, errors = None, {}
    if segment in SEGMENTS:
        try:
            calculator.month(when)
        except ValueError:
            errors = {"bulan": f"Bulan tidak valid: {when} (TTTT-BB)."}
        else:
            try:
                result = _compute(segment, request.GET, when)
            except calculator.InputError as exc:
                key = FIELDS[segment].get(exc.field, "bulan" if exc.field == "month" else "form")
                errors = {key: exc.message(request.LANGUAGE_CODE)}
    lang = request.LANGUAGE_CODE
    return render(
        request,
        "contributions/calculator.html",
        {
            "segment": segment,
            "month": when,
            "query": request.GET,
            "result": result,
            "errors": {segment: errors} if errors else {},
            "rows": _rows(result),
            "totals": [(PAYERS.get(k), v) for k, v in result.totals.items()] if result else [],
            "warnings": [w.text(lang) for w in result.warnings] if result else [],
            "notes": [n.text(lang) for n in result.notes] if result else [],
            "sectors": SECTORS,
            "funders": FUNDERS,
            "sizes": SIZES,
        },
        status=400 if errors else 200,
    )


def _rows(result: calculator.Result | None) -> list[dict]:
    if result is None:
        return []
    return [
        {
            "item": i,
            "payer": PAYERS[i.payer],
            "component": COMPONENTS.get(i.component, i.component) if i.component else None,
        }
        for i in result.items
    ]
