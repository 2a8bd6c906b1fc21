"""Caching what region pages and the API show until the data behind them changes.

Coverage facts change only when they are recomputed (new rows, new ids), when a target is set
(a new target row) or when an import is applied (a newer applied batch). The version of the data
is read from those three in cheap indexed queries, so a cached value is never served stale.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

from semesta.access import scope_roots

TIMEOUT = 3600


def data_version() -> str:
    """Changes whenever facts, targets or applied imports change (one indexed query)."""
    from semesta.coverage.models import CoverageFact, Target
    from semesta.imports.models import ImportBatch

    tables = [m._meta.db_table for m in (CoverageFact, Target, ImportBatch)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {tables[0]}), (SELECT MAX(id) FROM {tables[1]}), "
            f"(SELECT MAX(id) FROM {tables[2]} WHERE status = %s)",
            [ImportBatch.Status.APPLIED],
        )
        return ":".join(map(str, cursor.fetchone()))


def cached(
    principal,
    name: str,
    parts: tuple,
    build: Callable[[], object],
    version: str | None = None,
    timeout: int = TIMEOUT,
):
    """``build()``'s value for this principal's scope, cached for the current data version.

    ``version`` replaces the coverage data version for values that depend on other tables.
    """
    roots = ",".join(scope_roots(principal))
    version = data_version() if version is None else version
    key = f"semesta:{name}:{version}:{roots}:{':'.join(map(str, parts))}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def cached_forever(key: str, build: Callable[[], str]) -> str:
    """A value that depends on the code only (a form's HTML), kept until `serve` restarts."""
    value = cache.get(f"semesta:{key}")
    if value is None:
        value = build()
        cache.set(f"semesta:{key}", value, None)
    return value
