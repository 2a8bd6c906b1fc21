"""Caching what region pages and the API show until the data behind them changes.

Coverage facts change only when they are recomputed (new rows, new ids), when a target is set
(a new target row) or when an import is applied (a newer applied batch). The version of the data
is read from those three in cheap indexed queries, so a cached value is never served stale.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Max

from semesta.scoping import scope_roots

TIMEOUT = 3600


def data_version() -> str:
    """Changes whenever facts, targets or applied imports change."""
    from semesta.coverage.models import CoverageFact, Target
    from semesta.imports.models import ImportBatch

    facts = CoverageFact.objects.aggregate(v=Max("id"))["v"]
    targets = Target.objects.aggregate(v=Max("id"))["v"]
    batches = ImportBatch.objects.filter(status=ImportBatch.Status.APPLIED).aggregate(v=Max("id"))[
        "v"
    ]
    return f"{facts}:{targets}:{batches}"


def cached(principal, name: str, parts: tuple, build: Callable[[], object]):
    """``build()``'s value for this principal's scope, cached for the current data version."""
    roots = ",".join(scope_roots(principal))
    key = f"semesta:{name}:{data_version()}:{roots}:{':'.join(map(str, parts))}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
