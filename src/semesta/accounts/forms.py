"""The login form, refusing further attempts after repeated failures for the same user name."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from semesta.accounts.models import AuditEvent

WINDOW = timedelta(minutes=15)


def recent_failures(username: str) -> int:
    """Failed logins for this user name in the last 15 minutes (from the audit trail)."""
    since = timezone.now() - WINDOW
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGIN_FAILED, username=username, at__gte=since
    ).count()


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "")[:150]
        if username and recent_failures(username) >= settings.LOGIN_ATTEMPTS:
            raise ValidationError(
                _(
                    "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini; "
                    "coba lagi dalam 15 menit."
                ),
                code="throttled",
            )
        return super().clean()
