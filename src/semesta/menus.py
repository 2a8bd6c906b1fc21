"""The navigation each person is offered, decided by the same permission functions the views use.

A link is shown only where its page lets the person in and has something for their role: no
import menu for sponsors and readers, the staff worklist for dinas officers, the audit page for
province administrators. The views still check every request; the menu asks their functions.

Those functions each ask the database about the user's memberships; for the menu they ask a
copy of the roles read once (``RolesRead``), so the menu costs one query a page, not one a link.
A question the copy cannot answer goes to the database as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from semesta.access import bound_parties, scope_roots
from semesta.accounts.models import NATIONAL_ROLES, Role, government_reader
from semesta.collaboration.services import is_agency_officer
from semesta.coverage.lookup import may_look_up
from semesta.imports.services import importable_kinds
from semesta.sponsorship.services import may_see_pledges as sees_pledges


def reads_audit(user) -> bool:
    """Province administrators (accounts.views.audit_log refuses everyone else)."""
    return user.memberships.filter(role=Role.PROVINCE_ADMIN).exists()


def sponsors(user) -> bool:
    return user.memberships.filter(role=Role.CSR_SPONSOR).exists()


def reads_staff(user) -> bool:
    """Dinas officers (their own agency's worklist) and government and BPJS readers."""
    return bound_parties(user) is not None or government_reader(user)


def national(user) -> bool:
    """Kemendagri's and BPJS head office's national roles (every province)."""
    return user.memberships.filter(role__in=NATIONAL_ROLES).exists()


def own_region(user) -> bool:
    """A single region to go back to (several roots, e.g. a branch's kecamatan: the overview)."""
    return len(scope_roots(user)) == 1


@dataclass(frozen=True)
class Entry:
    key: str
    url_name: str
    label: str
    allowed: Callable[[object], bool]


def _anyone(user) -> bool:
    return True


def _imports(user) -> bool:
    return bool(importable_kinds(user))


def _own_pledges(user) -> bool:
    return sponsors(user) and sees_pledges(user)


def _all_pledges(user) -> bool:
    return sees_pledges(user) and not sponsors(user)


def _all_staff(user) -> bool:
    return reads_staff(user) and not is_agency_officer(user)


ENTRIES = (
    Entry("overview", "coverage:overview", _("Ringkasan"), _anyone),
    Entry("region", "coverage:region", _("Wilayah saya"), own_region),
    Entry("national", "national", _("Nasional"), national),
    Entry("pledges_own", "sponsorship:list", _("Janji sponsor saya"), _own_pledges),
    Entry("staff_own", "collaboration:staff", _("Pegawai non-ASN dinas saya"), is_agency_officer),
    Entry("imports", "imports:batches", _("Impor data"), _imports),
    Entry("lookup", "coverage:lookup", _("Cari peserta"), may_look_up),
    Entry("employers", "employers:list", _("Pemberi kerja"), government_reader),
    Entry("programmes", "programmes:list", _("Program RW"), _anyone),
    Entry("collaboration", "collaboration:index", _("Kolaborasi"), _anyone),
    Entry("staff", "collaboration:staff", _("Pegawai non-ASN"), _all_staff),
    Entry("reports", "reports:list", _("Laporan Monev"), government_reader),
    Entry("awards", "awards:cycles", _("Paritrana Award"), _anyone),
    Entry("pledges", "sponsorship:list", _("Sponsor iuran"), _all_pledges),
    Entry("calculator", "contributions:calculator", _("Iuran"), _anyone),
    Entry("audit", "accounts:audit", _("Audit"), reads_audit),
)


class Unanswerable(Exception):
    """The in-memory copy of the memberships cannot answer this question."""


class Memberships:
    """The roles of a user's memberships, answering ``filter``/``exclude`` by role, ``exists``
    and ``values_list("role", flat=True)`` as the permission functions ask them."""

    def __init__(self, roles: list[str]) -> None:
        self.roles = roles

    def filter(self, **lookups) -> Memberships:
        return Memberships([r for r in self.roles if _matches(r, lookups)])

    def exclude(self, **lookups) -> Memberships:
        return Memberships([r for r in self.roles if not _matches(r, lookups)])

    def exists(self) -> bool:
        return bool(self.roles)

    def values_list(self, *fields: str, flat: bool = False) -> list[str]:
        if fields != ("role",) or not flat:
            raise Unanswerable(f"values_list{fields}")
        return list(self.roles)

    def __getattr__(self, name: str):
        raise Unanswerable(name)


def _matches(role: str, lookups: dict) -> bool:
    for key, value in lookups.items():
        if key == "role":
            found = role == str(value)
        elif key == "role__in":
            found = role in {str(v) for v in value}
        else:
            raise Unanswerable(key)
        if not found:
            return False
    return True


class RolesRead:
    """A user whose memberships were read once; everything else is the user's own."""

    def __init__(self, user) -> None:
        object.__setattr__(self, "_user", user)
        object.__setattr__(
            self, "memberships", Memberships(list(user.memberships.values_list("role", flat=True)))
        )

    def __getattr__(self, name: str):
        return getattr(self._user, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._user, name, value)  # the scoping caches belong on the user


def allowed_keys(user) -> list[str]:
    """The keys of the entries this user is offered, in menu order."""
    if not getattr(user, "is_authenticated", False):
        return []
    scope_roots(user)  # cached on the user, where the copy finds it
    copy = RolesRead(user)
    keys = []
    for entry in ENTRIES:
        try:
            allowed = entry.allowed(copy)
        except Unanswerable:
            allowed = entry.allowed(user)
        if allowed:
            keys.append(entry.key)
    return keys


def menu_for(user, path: str = "") -> list[dict]:
    """The navigation links: label, URL and whether it is the current page's section."""
    shown = set(allowed_keys(user))
    links = []
    for entry in ENTRIES:
        if entry.key not in shown:
            continue
        if entry.url_name == "coverage:region":
            url = reverse(entry.url_name, args=[scope_roots(user)[0]])
        else:
            url = reverse(entry.url_name)
        current = path == url if url == "/" else path.startswith(url)
        links.append({"key": entry.key, "label": entry.label, "url": url, "current": current})
    return links


def home_links(user) -> list[dict]:
    """Where to go from a refused or missing page: one's own regions, then what the role uses."""
    from semesta.regions.models import Region

    if not getattr(user, "is_authenticated", False):
        return [{"label": _("Masuk ke Semesta"), "url": reverse("accounts:login")}]
    links = [{"label": _("Ringkasan"), "url": reverse("coverage:overview")}]
    roots = scope_roots(user)[:5]
    for region in Region.objects.filter(code__in=roots).order_by("code"):
        url = reverse("coverage:region", args=[region.code])
        links.append({"label": _("Wilayah Anda: %(name)s") % {"name": region}, "url": url})
    extra = {"pledges_own", "staff_own", "imports"}
    links += [link for link in menu_for(user) if link["key"] in extra]
    return links


def roles_of(user) -> list[str]:
    """The user's memberships as text (role and region), for pages explaining a refusal."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = user.memberships.select_related("region", "branch")
    return [str(m) for m in rows]


def menu(request) -> dict:
    """Context processor: ``menu``, computed only if a template reads it."""
    return {"menu": SimpleLazyObject(lambda: menu_for(request.user, request.path))}
