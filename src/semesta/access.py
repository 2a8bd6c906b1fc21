"""The access core: who may see and do what, over which regions. Nothing else decides it.

A *principal* is whoever acts: a user (through their memberships), a user behind an API token,
``SYSTEM`` (the operator at the server's command line, who already holds the database) or a
document built ``Within`` one region (a Monev report sees what that region's officer sees).

Each membership grants one role over one subtree of the region tree (a branch officer's subtree
is every kecamatan their branch serves). An *action* is allowed over the subtrees of the grants
whose role may take it, so a viewer of DKI who is also an officer of one kelurahan changes that
kelurahan only. Two functions answer every question:

- ``restrict(queryset, principal, action)``: only the rows the principal may act on. The rule
  for a model (which field holds its region, its party, its sponsor, which roles never see it)
  is declared once on its queryset class, a ``ScopedQuerySet``.
- ``can(principal, action, target)``: one object, or one region code.

There is no switch that turns any of this off; views, the API, commands (``--as-user``),
import appliers, exports, reports and open data all call these two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

# Roles, by the values stored on memberships (accounts.Role holds their labels).
PROVINCE_ADMIN = "province_admin"
KOTA_OFFICER = "kota_officer"
KECAMATAN_OFFICER = "kecamatan_officer"
KELURAHAN_OFFICER = "kelurahan_officer"
BRANCH_OFFICER = "branch_officer"
CSR_SPONSOR = "csr_sponsor"
AGENCY_OFFICER = "agency_officer"
VIEWER = "viewer"

GOVERNMENT_OFFICERS = frozenset(
    {PROVINCE_ADMIN, KOTA_OFFICER, KECAMATAN_OFFICER, KELURAHAN_OFFICER, BRANCH_OFFICER}
)
# National roles: Kemendagri's UCJ evaluators and BPJS Ketenagakerjaan's head office read and
# export every province (a membership without a region grants every top-level region).
NATIONAL_ADMIN = "national_admin"
BPJS_HEAD_OFFICE = "bpjs_head_office"
NATIONAL_ROLES = frozenset({NATIONAL_ADMIN, BPJS_HEAD_OFFICE})
ALL_ROLES = GOVERNMENT_OFFICERS | {CSR_SPONSOR, AGENCY_OFFICER, VIEWER} | NATIONAL_ROLES

# Which roles may take each action (within the subtree of the grant that holds the role).
VIEW = "view"  # see aggregate figures and records of the region
CHANGE = "change"  # record, edit, end, confirm: officers of the region
VIEW_PERSONAL = "view_personal"  # read unmasked personal data or per-person lists
EXPORT = "export"  # download a table
ACTIONS: dict[str, frozenset[str]] = {
    VIEW: ALL_ROLES,
    CHANGE: GOVERNMENT_OFFICERS,
    VIEW_PERSONAL: GOVERNMENT_OFFICERS | {CSR_SPONSOR},
    EXPORT: ALL_ROLES,
}


class _System:
    """The server operator running a command: every region, every action."""

    is_authenticated = True
    is_active = True
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


@dataclass(frozen=True)
class Grant:
    role: str
    root: str


@dataclass(frozen=True)
class Principal:
    """What the core knows of whoever acts: their grants, parties and sponsor memberships."""

    name: str
    grants: tuple[Grant, ...]
    parties: tuple[int, ...] | None = None  # agency officers: the parties they work for
    everything: bool = False  # SYSTEM
    user: Any = None

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def roots(self, action: str = VIEW, roles: frozenset[str] | None = None) -> list[str]:
        """Tops of the subtrees where the action is allowed (optionally for some roles only)."""
        if self.everything:
            return _top_codes()
        allowed = ACTIONS[action] if roles is None else ACTIONS[action] & roles
        found = {g.root for g in self.grants if g.role in allowed}
        return sorted(r for r in found if not any(r.startswith(f"{o}.") for o in found))

    def is_only(self, *roles: str) -> bool:
        """Whether every grant is one of these roles (and there is at least one)."""
        return bool(self.grants) and all(g.role in roles for g in self.grants)


NOBODY = Principal("anonymous", ())


def principal_of(who: Any) -> Principal:
    """The principal behind a user, ``SYSTEM``, ``Within(code)`` or a principal; cached per user."""
    if isinstance(who, Principal):
        return who
    if who is SYSTEM:
        return Principal("system", (), everything=True)
    if isinstance(who, Within):
        return Principal(who.username, tuple(Grant(r, who.code) for r in GOVERNMENT_OFFICERS))
    if who is None or not getattr(who, "is_authenticated", False):
        return NOBODY
    if not getattr(who, "is_active", False):
        return NOBODY
    cached = getattr(who, "_semesta_principal", None)
    if cached is None:
        cached = _load(who)
        who._semesta_principal = cached
    return cached


def _load(user: Any) -> Principal:
    from semesta.regions.models import BranchOffice

    rows = list(user.memberships.values_list("role", "region_id", "branch_id"))
    grants = {Grant(role, region) for role, region, branch in rows if region and not branch}
    national = {role for role, region, _ in rows if role in NATIONAL_ROLES and region is None}
    grants |= {Grant(role, top) for role in national for top in _top_codes()}
    branches = {branch: role for role, _, branch in rows if branch}
    if branches:
        served = BranchOffice.kecamatan.through.objects.filter(branchoffice__in=branches)
        for branch, kecamatan in served.values_list("branchoffice_id", "region_id"):
            grants.add(Grant(branches[branch], kecamatan))
    parties = None
    if any(role == AGENCY_OFFICER for role, _, _ in rows):
        parties = tuple(user.parties.values_list("pk", flat=True))
    ordered = tuple(sorted(grants, key=lambda g: (g.root, g.role)))
    return Principal(user.username, ordered, parties=parties, user=user)


def _ancestors(roots: list[str]) -> list[str]:
    parts = [root.split(".") for root in roots]
    return sorted({".".join(p[:i]) for p in parts for i in range(1, len(p))})


def _top_codes() -> list[str]:
    from semesta.regions.models import Region

    return list(Region.objects.filter(parent=None).values_list("code", flat=True))


def subtree_q(field: str, roots: list[str]) -> Q:
    """A filter matching codes equal to, or below, any of the roots (dotted Kemendagri codes)."""
    query = Q(pk__in=[])
    for root in roots:
        query |= Q(**{field: root}) | Q(**{f"{field}__startswith": f"{root}."})
    return query


def within(code: str, root: str) -> bool:
    """Whether a region code lies in the subtree of ``root``."""
    return code == root or code.startswith(f"{root}.")


def in_subtrees(code: str, roots: list[str]) -> bool:
    return any(within(code, root) for root in roots)


class ScopedQuerySet(models.QuerySet[Any]):
    """Rows that belong to a region. Subclasses declare the rule the core applies:

    - ``region_field``: the path to the region code of a row;
    - ``party_field``: rows that also belong to a party (agency officers see their parties');
    - ``sponsor_field``: rows that also belong to a sponsor (a sponsor's logins see their own
      only, whatever their region);
    - ``hidden_from``: roles that never see these rows (e.g. sponsored workers to viewers);
    - ``many``: the region path crosses a many-to-many relation (results are made distinct);
    - ``reaches_down``: a row anchored at a region is also seen by principals inside that region
      (a programme of a kecamatan is seen by the officers of its kelurahan).
    """

    region_field = "region__code"
    party_field: str | None = None
    sponsor_field: str | None = None
    hidden_from: frozenset[str] = frozenset()
    many = False
    reaches_down = False

    def visible_to(self, principal: Any) -> ScopedQuerySet:
        """Only the rows the principal may see (``restrict(self, principal, VIEW)``)."""
        return restrict(self, principal, VIEW)


_Rows = TypeVar("_Rows", bound="models.QuerySet[Any]")


def restrict(queryset: _Rows, who: Any, action: str = VIEW) -> _Rows:
    """Only the rows of ``queryset`` on which ``who`` may take ``action``."""
    rule = queryset if isinstance(queryset, ScopedQuerySet) else None
    if rule is None:
        raise TypeError(f"{queryset.model.__name__} has no access rule (a ScopedQuerySet)")
    principal = principal_of(who)
    if principal.everything:
        return queryset
    roles = ACTIONS[action] - rule.hidden_from
    query = Q(pk__in=[])
    if rule.sponsor_field:
        # A sponsor's grant reaches its own rows only; every other grant reaches by region.
        if CSR_SPONSOR in roles and CSR_SPONSOR in principal.roles and principal.user:
            query |= Q(**{rule.sponsor_field: principal.user})
        roles = roles - {CSR_SPONSOR}
    roots = principal.roots(action, roles)
    if roots:
        by_region = subtree_q(rule.region_field, roots)
        if rule.reaches_down:
            by_region |= Q(**{f"{rule.region_field}__in": _ancestors(roots)})
        if rule.party_field and principal.parties is not None:
            others = principal.roots(action, roles - {AGENCY_OFFICER})
            mine = subtree_q(
                rule.region_field, principal.roots(action, frozenset({AGENCY_OFFICER}))
            )
            by_region = subtree_q(rule.region_field, others) | (
                mine & Q(**{f"{rule.party_field}__in": principal.parties})
            )
        query |= by_region
    rows = queryset.filter(query)
    return rows.distinct() if rule.many else rows


def can(who: Any, action: str, target: Any) -> bool:
    """Whether ``who`` may take ``action`` on a region (its code) or on one scoped object."""
    principal = principal_of(who)
    if principal.everything:
        return True
    if isinstance(target, str):
        return in_subtrees(target, principal.roots(action))
    if hasattr(target, "code") and type(target).__name__ == "Region":
        return in_subtrees(target.code, principal.roots(action))
    manager = type(target)._default_manager
    return bool(restrict(manager.filter(pk=target.pk), principal, action).exists())


def scope_roots(who: Any, action: str = VIEW) -> list[str]:
    """Codes of the subtrees where ``who`` may take ``action``; empty means nowhere."""
    return principal_of(who).roots(action)


def covers(who: Any, code: str, action: str = VIEW) -> bool:
    """Whether ``who`` may take ``action`` in the region with this code."""
    return can(who, action, code)


def bound_parties(who: Any) -> list[int] | None:
    """The parties an agency officer works for; None for everyone else."""
    parties = principal_of(who).parties
    return None if parties is None else list(parties)


def acting_as(username: str | None) -> Any:
    """Who a command acts as: ``SYSTEM``, or the active user it names with ``--as-user``."""
    if not username:
        return SYSTEM
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise LookupError(f"Pengguna {username!r} tidak ditemukan atau tidak aktif.")
    return user


def forget(who: Any) -> None:
    """Drop a user's cached principal (after their memberships change)."""
    if hasattr(who, "_semesta_principal"):
        del who._semesta_principal
