"""The one authentication backend: passwords (site and admin logins) and API tokens, throttled.

Every sign-in, wherever it comes from, passes ``semesta.accounts.throttle``: an attempt during a
refusal delay is turned away before the password is even checked, and each failure counts.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from semesta.accounts import throttle
from semesta.accounts.audit import client_ip


class Throttled(PermissionDenied):
    """Too many failed sign-ins; ``seconds`` until the next attempt is heard."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class ThrottledBackend(ModelBackend):
    """Django's user-name and password check, or an API token, behind the sign-in throttle."""

    def authenticate(self, request, username=None, password=None, token=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if token is None and (username is None or password is None):
            return None  # not credentials this backend checks
        name, ip = ("" if token is not None else str(username)[:150]), client_ip(request) or "-"
        seconds = throttle.wait(name, ip)
        if seconds:
            if request is not None:
                request.signin_wait = seconds  # for the login form's message
            # authenticate() stops at PermissionDenied and reports the failed login.
            raise Throttled(seconds)
        if token is not None:
            from semesta.accounts.tokens import user_for

            user = user_for(token)
        else:
            user = super().authenticate(request, username=name, password=password, **kwargs)
        if user is None:
            throttle.failed(name, ip)
        elif name:
            throttle.succeeded(name, ip)
        return user
