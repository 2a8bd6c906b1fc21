"""``/api/v1/regions/{code}/targets``: a region's targets with their history; setting one."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from semesta.coverage.models import Target
from semesta.coverage.targets import may_set_targets, set_target
from semesta.regions.models import Region

router = Router(tags=["target"])


class TargetIn(Schema):
    kind: Literal["pct", "count"]
    value: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    deadline: date
    source: str = Field(min_length=1, max_length=300)
    declared_pct: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=2)
    allocation: Literal["workforce", "gap"] = "workforce"


class TargetOut(Schema):
    id: int
    region: str
    kind: str
    value: float
    declared_pct: float | None
    deadline: date
    source: str
    set_by: str
    set_at: datetime
    in_force: bool
    origin: str
    allocation: str
    allocated_from: str | None
    basis_period: date | None


@router.get("/{code}/targets", response=list[TargetOut], summary="Target satu wilayah")
def targets(request, code: str):
    """Every target of the region, the ones replaced by a later decision included (history).

    ``origin`` says whether it was set (Kemendagri or an officer) or allocated by Semesta from the
    target of a region above (``allocated_from``), ``allocation`` how it is divided further down.
    """
    get_object_or_404(Region.objects.visible_to(request.user), code=code)
    rows = Target.objects.visible_to(request.user).filter(region_id=code)
    return [_out(t) for t in rows.select_related("allocated_from")]


@router.post("/{code}/targets", response={201: TargetOut}, summary="Tetapkan target satu wilayah")
def create(request, code: str, body: TargetIn):
    """Set the target for a deadline; a target already set for that deadline becomes history.

    Officers and administrators within their region only (403 for sponsors and viewers).
    """
    get_object_or_404(Region.objects.visible_to(request.user), code=code)
    if not may_set_targets(request.user):
        raise HttpError(403, "Peran Anda tidak dapat menetapkan target.")
    if body.kind == "pct" and body.value > 100:
        raise HttpError(422, "Target persentase tidak boleh lebih dari 100.")
    try:
        target = set_target(request.user, code, **body.dict())
    except PermissionDenied as exc:
        raise HttpError(403, "Wilayah di luar wilayah Anda.") from exc
    return Status(201, _out(target))


def _out(target: Target) -> dict:
    return {
        "id": target.pk,
        "region": target.region_id,
        "kind": target.kind,
        "value": float(target.value),
        "declared_pct": None if target.declared_pct is None else float(target.declared_pct),
        "deadline": target.deadline,
        "source": target.source,
        "set_by": target.set_by,
        "set_at": target.set_at,
        "in_force": target.replaced_at is None,
        "origin": target.origin,
        "allocation": target.allocation,
        "allocated_from": target.allocated_from and target.allocated_from.region_id,
        "basis_period": target.basis_period,
    }
