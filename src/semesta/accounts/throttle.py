"""Slowing password guessing without locking real users out (kept in the shared Django cache).

Three counters of failed sign-ins, each refusing further attempts for a delay that doubles with
every failure past its threshold (1 minute, 2, 4… at most an hour), and forgetting after 15 quiet
minutes:

- per user name and address: ``LOGIN_ATTEMPTS`` failures, the ordinary case of a mistyped or
  guessed password from one place;
- per address, over all user names: ``LOGIN_IP_ATTEMPTS`` failures, one machine trying many
  names (or bad API tokens);
- per user name, over all addresses: ``4 × LOGIN_ATTEMPTS`` failures, guessing spread over many
  machines.

The last two never apply to a user name at an address it has signed in from successfully in the
last 30 days, so guesses from elsewhere cannot keep an officer out of their own office.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

WINDOW = 15 * 60
FIRST_DELAY = 60
LONGEST_DELAY = 3600
KNOWN_FOR = 30 * 24 * 3600
USER_FACTOR = 4


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"signin:{kind}:{digest}"


def _counters(username: str, ip: str, known: bool) -> list[tuple[str, int]]:
    """(cache key, threshold) of each counter that applies to this attempt."""
    name = username.strip().lower()
    counters = []
    if name:
        counters.append((_key("pair", name, ip), settings.LOGIN_ATTEMPTS))
        if not known:
            counters.append((_key("user", name), USER_FACTOR * settings.LOGIN_ATTEMPTS))
    if not known and settings.LOGIN_IP_ATTEMPTS > 0:
        counters.append((_key("ip", ip), settings.LOGIN_IP_ATTEMPTS))
    return counters


def _known(username: str, ip: str) -> bool:
    name = username.strip().lower()
    return bool(name) and cache.get(_key("known", name, ip)) is not None


def wait(username: str, ip: str) -> int:
    """Seconds before this user name may try to sign in again from this address (0: now)."""
    now = time.time()
    until = max(
        (
            cache.get(key, {}).get("until", 0)
            for key, _ in _counters(username, ip, _known(username, ip))
        ),
        default=0,
    )
    return max(0, math.ceil(until - now))


def failed(username: str, ip: str) -> None:
    """Count a failed sign-in (a wrong password, an unknown name, a bad token)."""
    now = time.time()
    for key, threshold in _counters(username, ip, _known(username, ip)):
        state = cache.get(key) or {"count": 0, "until": 0}
        state["count"] += 1
        delay = 0
        if state["count"] >= threshold:
            delay = min(FIRST_DELAY * 2 ** (state["count"] - threshold), LONGEST_DELAY)
            state["until"] = now + delay
        cache.set(key, state, WINDOW + delay)


def succeeded(username: str, ip: str) -> None:
    """A correct password: forget this pair's failures and remember the address for the user."""
    name = username.strip().lower()
    if not name:
        return
    cache.delete(_key("pair", name, ip))
    cache.set(_key("known", name, ip), 1, KNOWN_FOR)
