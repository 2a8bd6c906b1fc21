"""Scores and rankings from frozen indicator values: plain Python, no database.

Method (docs/awards.md):

- Each criterion is normalised within the category, min–max to 0–100:
  ``100 × (value − min) / (max − min)``. When every candidate has the same value the criterion
  does not separate them: each gets 100 if the value is positive, else 0. A missing value
  (no data) counts as the category's minimum and is normalised to 0.
- Points = normalised × weight / (sum of the category's weights), so a total is out of 100.
- Ranking: higher total first; a tie (totals equal to 4 decimals) goes to the higher points on
  the heaviest criterion, then the next heaviest, … (equal weights: criteria in alphabetical
  order), then to the lower code (region code or NPP). Every rank is therefore unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PLACES = 4  # totals and points are compared at this precision, so float noise never decides


@dataclass(frozen=True)
class Line:
    """One criterion of one candidate's score, as the explanation shows it."""

    criterion: str
    raw: float | None
    normalised: float
    weight: float
    points: float


@dataclass
class Scored:
    code: str
    name: str
    total: float
    lines: list[Line]
    rank: int = 0
    ref: object = field(default=None, compare=False, repr=False)

    @property
    def winner(self) -> bool:
        return self.rank <= 3

    def points(self, criterion: str) -> float:
        return next((line.points for line in self.lines if line.criterion == criterion), 0.0)


def criteria_order(weights: dict[str, float]) -> list[str]:
    """Criteria from the heaviest down (alphabetical among equal weights): the tie-break order."""
    return sorted((c for c, w in weights.items() if w > 0), key=lambda c: (-weights[c], c))


def normalise(values: list[float | None]) -> list[float]:
    """Min–max to 0–100 within the category (see the module docstring for the edge cases)."""
    present = [v for v in values if v is not None]
    if not present:
        return [0.0 for _ in values]
    low, high = min(present), max(present)
    if high == low:
        return [0.0 if v is None or v <= 0 else 100.0 for v in values]
    return [0.0 if v is None else 100.0 * (v - low) / (high - low) for v in values]


def rank(candidates: list[dict], weights: dict[str, float]) -> list[Scored]:
    """Score and rank candidates ``{"code", "name", "indicators", "ref"?}`` under the weights."""
    order = criteria_order(weights)
    total_weight = sum(weights[c] for c in order)
    columns = {c: normalise([_value(x["indicators"].get(c)) for x in candidates]) for c in order}
    scored = []
    for i, candidate in enumerate(candidates):
        lines = []
        for criterion in order:
            share = weights[criterion] / total_weight if total_weight else 0.0
            normalised = round(columns[criterion][i], PLACES)
            lines.append(
                Line(
                    criterion=criterion,
                    raw=_value(candidate["indicators"].get(criterion)),
                    normalised=normalised,
                    weight=weights[criterion],
                    points=round(columns[criterion][i] * share, PLACES),
                )
            )
        total = round(sum(line.points for line in lines), PLACES)
        scored.append(
            Scored(candidate["code"], candidate["name"], total, lines, ref=candidate.get("ref"))
        )
    scored.sort(key=lambda s: (-s.total, *(-s.points(c) for c in order), s.code))
    for position, item in enumerate(scored, start=1):
        item.rank = position
    return scored


def _value(raw) -> float | None:
    return None if raw is None else float(raw)
