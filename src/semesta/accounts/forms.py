"""The login forms (site and admin), saying so when sign-ins are being slowed down.

The refusal itself is the authentication backend's (``semesta.accounts.backends``), so it holds
for every way in; the forms only tell the person how long to wait.
"""

from math import ceil

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from semesta.accounts import throttle
from semesta.accounts.audit import client_ip

THROTTLED = _(
    "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini; "
    "coba lagi dalam %(minutes)s menit."
)


class _Throttled:
    """Refuses with the waiting time, before the password is checked, while the delay runs."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "")[:150]
        seconds = throttle.wait(username, client_ip(self.request) or "-") if username else 0
        if seconds:
            raise ValidationError(
                THROTTLED, code="throttled", params={"minutes": max(1, ceil(seconds / 60))}
            )
        return super().clean()


class ThrottledLoginForm(_Throttled, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }


class ThrottledAdminLoginForm(_Throttled, AdminAuthenticationForm):
    """The admin site's login, with the same message when attempts are slowed down."""
