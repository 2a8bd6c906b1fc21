"""The audit trail page, for administrators of a region."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from semesta.access import restrict
from semesta.accounts.models import AuditEvent, Role
from semesta.worklists import Choice, Column, DateRange, Filter, RegionFilter, Worklist

AUDIT_SORTS = {"-waktu": ("-at", "-pk"), "waktu": ("at", "pk")}


class UserFilter(Filter):
    """Events of one user, by their exact login name (``pengguna``)."""

    template = "accounts/filter_user.html"

    def __init__(self, param: str = "pengguna", label: str = ""):
        self.params, self.label = (param,), label or _("Pengguna")

    def clean(self, params, user) -> dict[str, str]:
        return {self.params[0]: params.get(self.params[0], "").strip()[:150]}

    def apply(self, queryset, values):
        name = values[self.params[0]]
        return queryset.filter(username__iexact=name) if name else queryset


class AuditWorklist(Worklist):
    """The admin's region's events, and those tied to no region (sign-ins, sign-outs)."""

    def scoped(self, action: str) -> QuerySet:
        return restrict(self._base, self.user, action) | self._base.filter(region_code="")


def _when(event: AuditEvent) -> str:
    return f"{timezone.localtime(event.at):%Y-%m-%d %H:%M:%S}"


def _audit_worklist(request) -> Worklist:
    return AuditWorklist(
        request,
        AuditEvent.objects.all(),
        columns=[
            Column("at", _("Waktu"), _when),
            Column("username", _("Pengguna")),
            Column("action", _("Aksi"), lambda e: e.get_action_display()),
            Column("region_code", _("Wilayah")),
            Column("object_type", _("Objek")),
            Column("object_id", _("ID objek")),
            Column("ip_address", _("Alamat IP")),
            Column("detail", _("Rincian"), lambda e: json.dumps(e.detail, ensure_ascii=False)),
        ],
        filters=[
            Choice("aksi", _("Aksi"), "action", AuditEvent.Action.choices),
            UserFilter(),
            RegionFilter(field="region_code"),
            DateRange("at__date"),
        ],
        sorts=AUDIT_SORTS,
        sort_labels={"-waktu": _("Waktu (terbaru)"), "waktu": _("Waktu (terlama)")},
        name="jejak-audit",
    )


@login_required
def audit_log(request):
    """Audit events within the admin's region, a page at a time, filtered by action, user,
    region and dates; the whole filtered set exports as CSV or XLSX (itself audited)."""
    if not request.user.memberships.filter(role=Role.PROVINCE_ADMIN).exists():
        raise PermissionDenied
    wl = _audit_worklist(request)
    if wl.export_format:
        return wl.export()
    return render(request, "accounts/audit.html", {"wl": wl})
