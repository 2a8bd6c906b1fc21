"""The audit trail page, for administrators of a region."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from semesta.accounts.models import AuditEvent, Role


@login_required
def audit_log(request):
    """The latest audit events within the admin's region, filterable by action."""
    if not request.user.memberships.filter(role=Role.PROVINCE_ADMIN).exists():
        raise PermissionDenied
    events = AuditEvent.objects.visible_to(request.user) | AuditEvent.objects.filter(region_code="")
    action = request.GET.get("aksi", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    return render(
        request,
        "accounts/audit.html",
        {
            "events": events.order_by("-at")[:200],
            "actions": AuditEvent.Action.choices,
            "action": action,
        },
    )
