"""API authentication: a bearer token, or the browser's logged-in session."""

from ninja.security import HttpBearer, django_auth

from semesta.accounts.tokens import user_for


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]
