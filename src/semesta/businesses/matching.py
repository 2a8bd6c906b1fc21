"""Matching a business registry against registered employers: identifiers first, then names.

Pure functions over plain lists (no Django), so the matching is tested and benchmarked alone.
Order: the NIB, then the NPWP, then the normalised name within the same kelurahan, then a fuzzy
name match within the same kelurahan (RapidFuzz token-sort ratio ≥ ``FUZZY_CUTOFF``). Each
employer is matched to one business at most; a business with no match is a lead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 90
LEGAL_FORMS = re.compile(
    r"\b(pt|cv|ud|tbk|persero|perseroan terbatas|firma|fa|pd|koperasi|kop|yayasan|yys)\b"
)
NOT_WORD = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """A name without case, punctuation or legal form: 'PT. Maju-Jaya, Tbk' → 'maju jaya'."""
    plain = NOT_WORD.sub(" ", name.lower())
    return " ".join(LEGAL_FORMS.sub(" ", plain).split())


@dataclass(frozen=True)
class Party:
    """A business or an employer as the matcher sees it."""

    id: str
    name_key: str
    kelurahan: str
    nib: str = ""
    npwp: str = ""


@dataclass(frozen=True)
class Match:
    business: str
    employer: str
    method: str  # nib, npwp, name, fuzzy
    score: int


def match(businesses: list[Party], employers: list[Party]) -> list[Match]:
    """The employer behind each business that has one (each employer used once)."""
    found: list[Match] = []
    taken: set[str] = set()
    open_ = {b.id: b for b in businesses}
    for key in ("nib", "npwp"):
        index = {getattr(e, key): e.id for e in employers if getattr(e, key)}
        for b in list(open_.values()):
            employer = index.get(getattr(b, key)) if getattr(b, key) else None
            if employer and employer not in taken:
                found.append(Match(b.id, employer, key, 100))
                taken.add(employer)
                del open_[b.id]
    left = defaultdict(list)
    for e in employers:
        if e.id not in taken:
            left[e.kelurahan].append(e)
    exact = {(e.kelurahan, e.name_key): e.id for e in employers if e.id not in taken}
    for b in list(open_.values()):
        employer = exact.get((b.kelurahan, b.name_key))
        if employer and employer not in taken:
            found.append(Match(b.id, employer, "name", 100))
            taken.add(employer)
            del open_[b.id]
    by_kelurahan = defaultdict(list)
    for b in open_.values():
        by_kelurahan[b.kelurahan].append(b)
    for kelurahan, group in by_kelurahan.items():
        found += _fuzzy(group, [e for e in left[kelurahan] if e.id not in taken], taken)
    return found


def _fuzzy(group: list[Party], candidates: list[Party], taken: set[str]) -> list[Match]:
    if not group or not candidates:
        return []
    scores = process.cdist(
        [b.name_key for b in group],
        [e.name_key for e in candidates],
        scorer=fuzz.token_sort_ratio,
        score_cutoff=FUZZY_CUTOFF,
        dtype="uint8",
    )
    pairs = sorted(
        ((int(scores[i, j]), i, j) for i, j in zip(*scores.nonzero(), strict=True)),
        reverse=True,
    )
    found, used = [], set()
    for score, i, j in pairs:
        if i in used or candidates[j].id in taken:
            continue
        found.append(Match(group[i].id, candidates[j].id, "fuzzy", score))
        used.add(i)
        taken.add(candidates[j].id)
    return found
