"""The province (or own-region) overview shown after login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from semesta.coverage.services import latest_period
from semesta.coverage.summary import NoCoverage, coverage_summary, target_progress
from semesta.scoping import scope_roots


@login_required
def overview(request):
    """Headline figures of the latest month for each region the user looks after."""
    period = latest_period()
    panels = []
    for code in scope_roots(request.user) if period else []:
        try:
            summary = coverage_summary(request.user, code, period)
        except NoCoverage:
            continue
        panels.append({"summary": summary, "targets": target_progress(request.user, code, period)})
    return render(request, "coverage/overview.html", {"period": period, "panels": panels})
