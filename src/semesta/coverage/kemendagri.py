"""Kemendagri's UCJ targets, evaluation categories and the national plan targets, as data.

The figures live in ``semesta/data/kemendagri_targets.json`` with their sources; nothing here is
a constant of its own. Categories: Kemendagri publishes the names (sangat rendah … tinggi) but
not the thresholds, so the file says which thresholds Semesta assumes.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

from django.db import transaction
from django.utils import timezone

from semesta.coverage.models import Target

SET_BY = "Kemendagri (berkas data)"


@cache
def data() -> dict:
    """The data file, parsed once."""
    text = resources.files("semesta.data").joinpath("kemendagri_targets.json").read_text("utf-8")
    return json.loads(text)


def regional_targets(region: str | None = None) -> list[dict]:
    """Kemendagri's targets for provinces and kab/kota (one region's when given)."""
    rows = data()["regional_targets"]
    return [r for r in rows if region is None or r["region"] == region]


def national_targets() -> list[dict]:
    """The national UCJ path (RPJMN, RKP, RPJPN), oldest year first."""
    return sorted(data()["national_targets"], key=lambda r: r["year"])


def category(pct: float | None, level: str) -> dict | None:
    """The UCJ evaluation category of a coverage %, for the levels Kemendagri evaluates."""
    spec = data()["categories"]
    if pct is None or level not in spec["levels"]:
        return None
    for band in spec["bands"]:
        if band["below_pct"] is None or pct < band["below_pct"]:
            return {
                "code": band["code"],
                "label": band["label"],
                "from_pct": band["from_pct"],
                "below_pct": band["below_pct"],
                "thresholds_assumed": spec["thresholds_assumed"],
                "source": spec["source"],
            }
    return None


def categories() -> dict:
    """The category bands with their source and whether the thresholds are assumed."""
    return data()["categories"]


@transaction.atomic
def load_targets(region: str | None = None) -> int:
    """Store the file's targets as set targets (a changed one replaces the current version).

    Returns how many targets were added; a target already in force with the same value is kept.
    """
    added = 0
    for row in regional_targets(region):
        deadline = date.fromisoformat(row["deadline"])
        value = Decimal(str(row["value"]))
        declared = None if row.get("declared_pct") is None else Decimal(str(row["declared_pct"]))
        current = Target.objects.current().filter(region_id=row["region"], deadline=deadline)
        same = current.filter(
            kind=row["kind"], value=value, declared_pct=declared, source=row["source"]
        )
        if same.exists():
            continue
        current.update(replaced_at=timezone.now())
        Target.objects.create(
            region_id=row["region"],
            kind=row["kind"],
            value=value,
            declared_pct=declared,
            deadline=deadline,
            source=row["source"],
            set_by=SET_BY,
        )
        added += 1
    return added
