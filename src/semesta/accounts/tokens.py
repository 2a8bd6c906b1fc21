"""Issuing and checking API tokens (``Authorization: Bearer <token>``)."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from semesta.accounts.models import ApiToken, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(user: User, name: str) -> str:
    """Create a token for a user and return it (it cannot be shown again)."""
    token = f"smt_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(user=user, name=name, key_hash=_digest(token))
    return token


def user_for(token: str) -> User | None:
    """The active user a token belongs to, or None."""
    found = ApiToken.objects.select_related("user").filter(key_hash=_digest(token)).first()
    if found is None or not found.user.is_active:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
