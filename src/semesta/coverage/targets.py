"""Setting coverage targets within one's region, keeping the earlier decisions as history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from semesta.accounts.models import IMPORTING_ROLES
from semesta.coverage.models import CoverageFact, Target
from semesta.coverage.services import period_str
from semesta.engine.coverage import ALL, target_count, target_in_force
from semesta.engine.coverage import TargetRow as EngineTarget
from semesta.regions.models import Region


def may_set_targets(user) -> bool:
    """Officers and administrators may; sponsors and viewers may not."""
    return user.is_authenticated and user.memberships.filter(role__in=IMPORTING_ROLES).exists()


@transaction.atomic
def set_target(
    user,
    code: str,
    kind: str,
    value: Decimal,
    deadline: date,
    source: str,
    declared_pct: Decimal | None = None,
) -> Target:
    """Set the region's target for a deadline; an earlier one for that deadline becomes history."""
    region = Region.objects.visible_to(user).filter(code=code).first()
    if region is None or not may_set_targets(user):
        raise PermissionDenied
    Target.objects.current().filter(region=region, deadline=deadline).update(
        replaced_at=timezone.now()
    )
    target = Target.objects.create(
        region=region,
        kind=kind,
        value=value,
        deadline=deadline,
        source=source,
        declared_pct=declared_pct,
        set_by=user.username,
    )
    refresh_target_facts(code)
    return target


def refresh_target_facts(code: str) -> int:
    """Recompute the target and gap stored on a region's monthly facts (no snapshot is read)."""
    targets = [
        EngineTarget(t.region_id, t.kind, t.value, t.deadline)
        for t in Target.objects.current().filter(region_id=code)
    ]
    facts = list(CoverageFact.objects.filter(region_code=code, segment=ALL))
    for fact in facts:
        chosen = target_in_force(targets, period_str(fact.period))
        fact.target_count = target_count(chosen, fact.workforce)
        fact.gap = None if fact.target_count is None else max(fact.target_count - fact.active, 0)
    CoverageFact.objects.bulk_update(facts, ["target_count", "gap"])
    return len(facts)
