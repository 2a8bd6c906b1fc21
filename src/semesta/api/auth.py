"""API authentication: a bearer token, or the browser's logged-in session.

Tokens are checked by the same throttled backend as passwords, so a machine sending bad tokens
is slowed down like one guessing passwords (429 while it waits); an expired or revoked token is
refused with 401.
"""

from django.contrib.auth import authenticate
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = authenticate(request, token=token)
        wait = getattr(request, "signin_wait", 0)
        if user is None and wait:
            raise HttpError(429, f"Terlalu banyak token salah; coba lagi dalam {wait} detik.")
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]
