"""Employers' participants, read from a monthly participant snapshot, and the programmes an
employer of its size must register its workers in."""

from __future__ import annotations

from semesta.contributions.rules import in_force, rule_book
from semesta.engine import counts

# Semesta's employer sizes (the BPJS extract does not tell micro from small) in Perpres
# 109/2013's terms.
PERPRES_SIZES = {"micro_small": ("micro", "small"), "medium": ("medium",), "large": ("large",)}


def participants_per_employer(snapshot, npps: list[str]) -> dict[str, tuple[int, int]]:
    """(active, registered) participants of each employer in a snapshot; absent ones have none."""
    if snapshot is None or not npps:
        return {}
    return counts.per_employer(snapshot.path, npps)


def required_programmes(size: str, month: str) -> tuple[list[str], list[str]]:
    """(programmes an employer of ``size`` owes in ``month``, those it owes only if it is the
    larger of the sizes Semesta records together), under the staged membership of Perpres
    109/2013 as dated in the contribution rules: micro JKK and JKM, small and JHT, medium and
    large and JP. A partial registration of programmes (PDS program) is judged against these,
    not against every programme.
    """
    staged = in_force(rule_book()["pu"]["programmes_by_size"], month)["sizes"]
    sets = [staged[s] for s in PERPRES_SIZES.get(size, (size,))]
    certain = [p for p in sets[0] if all(p in s for s in sets)]
    possible = [p for s in sets for p in s if p not in certain]
    return certain, list(dict.fromkeys(possible))
