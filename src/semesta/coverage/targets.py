"""Setting coverage targets within one's region, keeping the earlier decisions as history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from semesta.accounts.models import IMPORTING_ROLES
from semesta.coverage.allocation import allocate_targets, refresh_facts
from semesta.coverage.models import Target
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
    allocation: str = Target.Allocation.WORKFORCE,
) -> Target:
    """Set the region's target for a deadline; an earlier one for that deadline becomes history.

    An officer may set it for their own region or any region below it, which overrides the
    target allocated there from above; the regions below are allocated afresh from it.
    """
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
        allocation=allocation or Target.Allocation.WORKFORCE,
    )
    refresh_target_facts(code)
    return target


def refresh_target_facts(code: str) -> int:
    """Re-allocate the targets below and rewrite target and gap on the affected facts.

    No snapshot is read: the facts already hold each month's working residents and actives.
    """
    return refresh_facts(allocate_targets() | {code})
