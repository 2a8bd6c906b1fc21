"""The collaboration part of a region page: benefits paid and outreach held there (counts only)."""

from __future__ import annotations

from django.db import connection
from django.db.models import CharField, Count, Sum, Value

from semesta.access import subtree_q
from semesta.collaboration.models import Benefit, Event
from semesta.coverage.cache import cached

EVENTS = "_events"


def region_panel(principal, code: str) -> dict:
    """Benefits per programme and kind, and the events held in the region; no names, no NIKs.

    Cached per scope until an event or benefit is added or removed (edits show within five
    minutes), so a region page pays one small query for it.
    """
    return cached(principal, "region-panel", (code,), lambda: _panel(principal, code),
                  version=_version(), timeout=300)  # fmt: skip


def _version() -> str:
    """Changes when events or benefits are added or removed (one query on two small tables)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {Event._meta.db_table}), "
            f"(SELECT COUNT(*) FROM {Event._meta.db_table}), "
            f"(SELECT MAX(id) FROM {Benefit._meta.db_table}), "
            f"(SELECT COUNT(*) FROM {Benefit._meta.db_table})"
        )
        return ":".join(map(str, cursor.fetchone()))


def _panel(principal, code: str) -> dict:
    benefits = (
        Benefit.objects.visible_to(principal)
        .filter(subtree_q("region__code", [code]))
        .values("programme", "kind")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by()
    )
    events = (
        Event.objects.visible_to(principal)
        .filter(subtree_q("region__code", [code]))
        .annotate(
            programme=Value(EVENTS, output_field=CharField()),
            kind=Value("", output_field=CharField()),
        )
        .values("programme", "kind")
        .annotate(count=Count("id"), amount=Sum("attendance"))
        .order_by()
    )
    rows = list(benefits.union(events, all=True))
    labels = dict(Benefit.Kind.choices)
    grouped = sorted(
        (
            {**r, "kind_label": str(labels.get(r["kind"], r["kind"]))}
            for r in rows
            if r["programme"] != EVENTS
        ),
        key=lambda r: (r["programme"], r["kind"]),
    )
    held = next((r for r in rows if r["programme"] == EVENTS), {"count": 0, "amount": 0})
    return {
        "code": code,
        "benefits": {
            "count": sum(g["count"] for g in grouped),
            "amount": sum(g["amount"] for g in grouped),
            "by_programme": grouped,
        },
        "events": held["count"],
        "attendance": held["amount"] or 0,
    }
