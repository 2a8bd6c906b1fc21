"""The contribution rules as dated data (``semesta/data/iuran/rules.json``).

Every rule carries the contribution months it governs (``from``/``to``, inclusive, ``YYYY-MM``)
and the regulation it comes from. Looking a rule up for a month gives the one in force then, so
a new regulation is a new entry in the file and earlier months keep their own rules.

A figure set periodically (the JP wage ceiling, each March) ends at the last month its published
value covers and is marked ``carry_forward``: a later month gets that value as *provisional*, and
the calculator says so in a warning instead of pricing it silently.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


class NoRule(LookupError):
    """No rule of that kind governs that month (before the programme existed, say)."""


@cache
def rule_book() -> dict:
    text = resources.files("semesta.data").joinpath("iuran/rules.json").read_text("utf-8")
    return json.loads(text)


def in_force(rules: list[dict], month: str) -> dict:
    """The rule whose period holds ``month``."""
    for rule in rules:
        if rule["from"] <= month and (rule["to"] is None or month <= rule["to"]):
            return rule
    raise NoRule(month)


def latest_published(rules: list[dict], month: str) -> tuple[dict, bool]:
    """The rule in force in ``month`` and False, or, past the last published value of a
    ``carry_forward`` figure, that last value and True (provisional: not yet set for the month)."""
    try:
        return in_force(rules, month), False
    except NoRule:
        last = max(rules, key=lambda rule: rule["from"])
        if last.get("carry_forward") and last["to"] is not None and month > last["to"]:
            return last, True
        raise


def relaxations(segment: str, month: str) -> list[dict]:
    """The relaxations of a segment whose period holds ``month`` (conditions still to check)."""
    return [
        r
        for r in rule_book()["relaxations"]
        if r["segment"] == segment and r["from"] <= month and (r["to"] is None or month <= r["to"])
    ]
