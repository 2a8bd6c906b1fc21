"""Issuing, checking and revoking API tokens (``Authorization: Bearer <token>``)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from semesta.accounts.models import ApiToken, User, token_expiry

USE_RESOLUTION = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def generate() -> tuple[str, str]:
    """A new token and the digest stored in its place."""
    token = f"smt_{secrets.token_urlsafe(32)}"
    return token, _digest(token)


def issue(user: User, name: str, days: int | None = None) -> str:
    """Create a token for a user and return it (it cannot be shown again).

    It expires after ``days`` days, by default ``SEMESTA_API_TOKEN_DAYS``.
    """
    token, digest = generate()
    expires = token_expiry() if days is None else timezone.now() + timedelta(days=days)
    ApiToken.objects.create(user=user, name=name, key_hash=digest, expires_at=expires)
    return token


def user_for(token: str) -> User | None:
    """The active user a valid (unexpired, unrevoked) token belongs to, or None."""
    now = timezone.now()
    try:
        found = ApiToken.objects.select_related("user").get(
            key_hash=_digest(token), revoked_at__isnull=True, expires_at__gt=now
        )
    except ApiToken.DoesNotExist:
        return None
    if not found.user.is_active:
        return None
    # Kept to the minute: a script polling many times a second must not write on every call.
    if found.last_used_at is None or now - found.last_used_at > USE_RESOLUTION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def revoke(user: User, name: str) -> int:
    """Revoke the user's valid tokens of that name; returns how many were revoked."""
    return ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
