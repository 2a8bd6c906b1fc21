"""Region scoping: the one place that decides which regions a person may see.

Every query for region-bound data goes through ``visible_to(principal)`` on a
``ScopedQuerySet``: views, the API, exports, reports, imports and the CLI. There is no flag that
turns it off. A principal is a user (scoped by their memberships) or ``SYSTEM`` (the operator at
the server's command line, who already holds the database).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class _System:
    """The server operator running a command: sees every region."""

    is_authenticated = True
    username = "system"
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


class Within:
    """A document's view of one region: sees that subtree only, whoever asked for it.

    Monev reports are built as the region's own officer would see them, so a report stored
    once (e.g. on schedule) holds nothing from outside its region.
    """

    is_authenticated = True
    is_active = True
    pk = None

    def __init__(self, code: str):
        self.code = code
        self.username = f"wilayah:{code}"

    def __repr__(self) -> str:
        return f"Within({self.code!r})"


def scope_roots(principal) -> list[str]:
    """Codes of the subtrees a principal may see; an empty list means nothing at all."""
    if principal is SYSTEM:
        from semesta.regions.models import Region

        return list(Region.objects.filter(parent=None).values_list("code", flat=True))
    if isinstance(principal, Within):
        return [principal.code]
    if principal is None or not getattr(principal, "is_authenticated", False):
        return []
    if not getattr(principal, "is_active", False):
        return []
    cached = getattr(principal, "_semesta_scope_roots", None)
    if cached is None:
        from semesta.accounts.models import Membership

        cached = Membership.roots_for(principal)
        principal._semesta_scope_roots = cached
    return cached


def subtree_q(field: str, roots: list[str]) -> Q:
    """A filter matching codes equal to, or below, any of the roots (dotted Kemendagri codes)."""
    query = Q(pk__in=[])
    for root in roots:
        query |= Q(**{field: root}) | Q(**{f"{field}__startswith": f"{root}."})
    return query


def covers(principal, code: str) -> bool:
    """Whether a principal may see the region with this code."""
    return any(code == root or code.startswith(f"{root}.") for root in scope_roots(principal))


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a region; ``region_field`` names the code path."""

    region_field = "region__code"

    def visible_to(self, principal) -> ScopedQuerySet:
        """Only the rows in regions the principal may see."""
        roots = scope_roots(principal)
        if not roots:
            return self.none()
        return self.filter(subtree_q(self.region_field, roots))


def bound_parties(principal) -> list[str] | None:
    """The parties (dinas, agencies) an agency officer works for; None for everyone else.

    An agency officer sees, within their region, only their own parties' commitments and staff
    rosters; other principals are bound by region alone.
    """
    if getattr(principal, "pk", None) is None or not hasattr(principal, "memberships"):
        return None
    cached = getattr(principal, "_semesta_parties", False)
    if cached is False:
        from semesta.accounts.models import Role

        cached = (
            list(principal.parties.values_list("pk", flat=True))
            if principal.memberships.filter(role=Role.AGENCY_OFFICER).exists()
            else None
        )
        principal._semesta_parties = cached
    return cached


class PartyScopedQuerySet(ScopedQuerySet):
    """Rows of a region that also belong to a party: agency officers see their parties' only."""

    party_field = "party"

    def visible_to(self, principal) -> PartyScopedQuerySet:
        rows = super().visible_to(principal)
        parties = bound_parties(principal)
        return rows if parties is None else rows.filter(**{f"{self.party_field}__in": parties})
