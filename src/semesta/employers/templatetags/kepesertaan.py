"""``{% required_programmes employer as owed %}``: the programmes an employer of its size owes
this month (Perpres 109/2013), for its page next to its partial-registration (PDS) flags."""

from __future__ import annotations

from django import template
from django.utils import timezone

from semesta.contributions.rules import NoRule
from semesta.employers.services import required_programmes as owed

register = template.Library()


@register.simple_tag
def required_programmes(employer) -> dict | None:
    """{"certain": [...], "possible": [...]} for the employer's size, None without a rule."""
    try:
        certain, possible = owed(employer.size, f"{timezone.localdate():%Y-%m}")
    except (NoRule, KeyError):
        return None
    return {"certain": ", ".join(certain), "possible": ", ".join(possible)}
