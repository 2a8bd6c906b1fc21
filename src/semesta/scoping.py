"""Region scoping, as the rest of Semesta has always imported it: the access core decides.

Everything here comes from ``semesta.access``; new code imports from there.
"""

from __future__ import annotations

from semesta.access import (
    SYSTEM,
    ScopedQuerySet,
    Within,
    bound_parties,
    covers,
    scope_roots,
    subtree_q,
)


class PartyScopedQuerySet(ScopedQuerySet):
    """Rows of a region that also belong to a party: agency officers see their parties' only."""

    party_field = "party"


__all__ = [
    "SYSTEM",
    "PartyScopedQuerySet",
    "ScopedQuerySet",
    "Within",
    "bound_parties",
    "covers",
    "scope_roots",
    "subtree_q",
]
