"""Logins, failed logins and logouts go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    record(user, AuditEvent.Action.LOGIN, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(user, AuditEvent.Action.LOGOUT, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(None, AuditEvent.Action.LOGIN_FAILED, detail={"username": username}, request=request)
