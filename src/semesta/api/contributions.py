"""``/api/v1/iuran``: the month's contributions under the rules in force, itemised."""

from __future__ import annotations

from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from semesta import periods
from semesta.contributions import calculator

router = Router(tags=["iuran"])
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class Common(Schema):
    month: str | None = Query(None, pattern=MONTH, description="TTTT-BB (default: this month)")


class PuIn(Common):
    wage: int
    risk: int
    labour_intensive: bool = False
    participants: int | None = None
    size: Literal[calculator.SIZES] | None = None


class BpuIn(Common):
    income: int
    sector: Literal[calculator.SECTORS] = "other"
    funded_by: Literal[calculator.FUNDERS] = "self"
    jht: bool = False


class PmiIn(Common):
    contract_months: int | None = None
    extension_months: int = 0
    individual: bool = False


class JakonIn(Common):
    contract_value: int | None = None
    wages: int | None = None


def _month(given: str | None) -> str:
    return given or periods.label(timezone.localdate())


def _priced(compute) -> dict:
    try:
        return compute().as_json()
    except calculator.InputError as exc:
        raise HttpError(400, exc.message()) from exc
    except OverflowError as exc:  # a number too large for the calculator's arithmetic
        raise HttpError(400, "Nilai terlalu besar.") from exc


@router.get("/pu", summary="Iuran penerima upah (JKK, JKM, JHT, JP, JKP)")
def pu(request, q: Query[PuIn]):
    """Per programme and payer, with the regulations applied (PP 7/2025 and PP 36/2025 where
    they apply); with ``size``, only the programmes a firm of that size owes."""
    return _priced(
        lambda: calculator.pu(
            q.wage, q.risk, _month(q.month), q.labour_intensive, q.participants, q.size
        )
    )


@router.get("/bpu", summary="Iuran bukan penerima upah (JKK, JKM, JHT pilihan)")
def bpu(request, q: Query[BpuIn]):
    """Per programme, paid by the funder; PP 50/2025 where its period and conditions apply."""
    return _priced(lambda: calculator.bpu(q.income, _month(q.month), q.sector, q.funded_by, q.jht))


@router.get("/jakon", summary="Iuran jasa konstruksi")
def jakon(request, q: Query[JakonIn]):
    """Progressive on the contract value, or on the wages when they are known (one of the two)."""
    return _priced(lambda: calculator.jakon(_month(q.month), q.contract_value, q.wages))


@router.get("/pmi", summary="Iuran pekerja migran Indonesia (Permenaker 4/2023)")
def pmi(request, q: Query[PmiIn]):
    """Before placement, for the placement by contract length, and months beyond it."""
    return _priced(
        lambda: calculator.pmi(_month(q.month), q.contract_months, q.extension_months, q.individual)
    )
