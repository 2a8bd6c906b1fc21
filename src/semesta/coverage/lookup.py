"""Participant look-up: a NIK's monthly history, within the officer's region, audited."""

from __future__ import annotations

from django.conf import settings

from semesta import periods
from semesta.access import in_subtrees, scope_roots
from semesta.accounts.audit import record
from semesta.accounts.models import IMPORTING_ROLES, AuditEvent
from semesta.coverage.models import Snapshot
from semesta.engine.lookup import history
from semesta.engine.store import location
from semesta.nik import mask_nik, nik_hash, parse_nik
from semesta.regions.models import Level, Region


def may_look_up(user) -> bool:
    """Officers may; viewers and sponsors never see personal data."""
    return user.is_authenticated and user.memberships.filter(role__in=IMPORTING_ROLES).exists()


def look_up(user, raw_nik: str, request=None) -> dict:
    """The months of a NIK whose domicile lies in the user's region (raises NikError if invalid).

    A NIK known only outside the user's region must be indistinguishable from an unknown NIK:
    the same answer, and the same work in the same order (every query runs whatever was found),
    so neither the page nor its timing tells an officer that a person lives elsewhere.
    """
    nik = parse_nik(raw_nik).value
    roots = scope_roots(user)  # before the search, whatever it finds
    snapshots = {periods.label(s.period): location(s.path) for s in Snapshot.objects.all()}
    months = history(snapshots, nik_hash(nik, bytes.fromhex(settings.NIK_HASH_KEY)))
    visible = [m for m in months if in_subtrees(m["kelurahan_code"] or "", roots)]
    record(
        user,
        AuditEvent.Action.VIEW_PERSONAL,
        obj_type="participant_history",
        obj_id=mask_nik(nik),
        detail={"months": len(visible)},
        request=request,
        region_code=visible[-1]["kelurahan_code"] if visible else "",
    )
    # All kelurahan names, not only those found: the same query whatever the answer.
    names = dict(Region.objects.filter(level=Level.KELURAHAN).values_list("code", "name"))
    for month in visible:
        month["kelurahan_name"] = names.get(month["kelurahan_code"], "")
    return {"nik": mask_nik(nik), "months": visible}
