"""Issuing and checking API tokens (``Authorization: Bearer <token>``)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from semesta.accounts.models import ApiToken, User

USE_RESOLUTION = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(user: User, name: str) -> str:
    """Create a token for a user and return it (it cannot be shown again)."""
    token = f"smt_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(user=user, name=name, key_hash=_digest(token))
    return token


def user_for(token: str) -> User | None:
    """The active user a token belongs to, or None."""
    try:
        found = ApiToken.objects.select_related("user").get(key_hash=_digest(token))
    except ApiToken.DoesNotExist:
        return None
    if not found.user.is_active:
        return None
    now = timezone.now()
    # Kept to the minute: a script polling many times a second must not write on every call.
    if found.last_used_at is None or now - found.last_used_at > USE_RESOLUTION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
