"""Recording audit events; every personal-data view and export calls ``record``."""

from __future__ import annotations

from semesta.access import SYSTEM
from semesta.accounts.models import AuditEvent


def record(
    principal,
    action: str,
    *,
    region_code: str = "",
    obj_type: str = "",
    obj_id: str = "",
    detail: dict | None = None,
    request=None,
) -> AuditEvent:
    """Append one audit event. ``principal`` is a user, ``SYSTEM`` or None (anonymous)."""
    user = principal if principal is not None and principal is not SYSTEM else None
    if user is not None and not getattr(user, "pk", None):
        user = None
    username = getattr(principal, "username", "") or (detail or {}).get("username", "")
    return AuditEvent.objects.create(
        user=user,
        username=username or "anonim",
        action=action,
        region_code=region_code,
        object_type=obj_type,
        object_id=str(obj_id),
        detail=detail or {},
        ip_address=client_ip(request),
    )


def client_ip(request) -> str | None:
    """The address a request came from (the proxy's, behind one: see docs/configuration.md)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
