"""A programme's budget plan from the data: the matched rosters, the contribution rules, HiGHS."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Case, When

from semesta import periods
from semesta.access import subtree_q
from semesta.contributions import calculator
from semesta.programmes.attainment import attainment, rw_of
from semesta.programmes.models import Programme
from semesta.programmes.planner import Candidate, Situation, greedy, optimal
from semesta.sponsorship.models import Allocation
from semesta.sponsorship.services import SECTOR_OF
from semesta.workers.matching import latest_matched
from semesta.workers.models import PRIORITY_DESILS, RosterStatus

PRIORITY = sorted(PRIORITY_DESILS)
RULE_ORDER = ("-worker__extreme_poor", "status", "worker_id")  # the allocation rule's order
TIME_LIMIT = 20.0  # seconds the exact plan may take; then the best found is shown


def horizon_cost(start: date, months: int, income: int, funded_by: str) -> dict[str, int]:
    """A worker's contributions over the horizon, per sector (the rules of each month)."""
    return {
        sector: sum(
            calculator.bpu(income, periods.label(periods.add(start, i)), sector, funded_by).totals[
                "total"
            ]
            for i in range(months)
        )
        for sector in calculator.SECTORS
    }


def plan(
    principal,
    programme: Programme,
    budget: int,
    start: date,
    months: int,
    income: int = 1_000_000,
    funded_by: str = "csr",
    time_limit: float | None = TIME_LIMIT,
    favour_priority: bool = False,
) -> dict:
    """The exact plan and the rule-order plan for a budget, with what each achieves.

    With ``favour_priority`` ("utamakan desil 1–4") both plans cover the workers of DTSEN
    desil 1–4 first: the rule order puts them ahead, the exact plan maximises them first.

    The solver stops after ``time_limit`` seconds with the best plan found (``timed_out``).
    """
    latest = latest_matched()
    figures = attainment(principal, programme, latest)
    situation = Situation(
        covered={r["code"]: r["covered"] for r in figures["rws"]},
        kecamatan_of={r["code"]: r["kecamatan"] for r in figures["rws"]},
        target_per_rw=programme.target_per_rw,
        aim_pct=float(programme.aim_pct),
    )
    costs = horizon_cost(start, months, income, funded_by)
    sponsored = Allocation.objects.filter(ended__isnull=True).values("worker_id")
    rows = (
        RosterStatus.objects.visible_to(principal)
        .filter(period=latest)
        .exclude(status=RosterStatus.Status.COVERED)
        .exclude(worker__in=sponsored)
        .filter(subtree_q("worker__region__code", [k.code for k in figures["kecamatan"]]))
        .annotate(later=Case(When(worker__desil__in=PRIORITY, then=0), default=1))
        .order_by(*(("later",) if favour_priority else ()), *RULE_ORDER)
        .values_list(
            "worker_id",
            "worker__region_id",
            "worker__category",
            "worker__extreme_poor",
            "worker__desil",
        )
    )
    candidates = [
        Candidate(
            pk,
            rw_of(region),
            situation.kecamatan_of.get(rw_of(region), ""),
            costs[SECTOR_OF.get(category, "other")],
            poor,
            desil in PRIORITY_DESILS,
        )
        for pk, region, category, poor, desil in rows
        if rw_of(region) in situation.kecamatan_of
    ]
    before = greedy(situation, [], 0)
    simple = greedy(situation, candidates, budget)
    best = optimal(situation, candidates, budget, time_limit, favour_priority)
    per_rw = Counter(c.rw for c in candidates if c.id in set(best.chosen))
    return {
        "budget": budget,
        "start": f"{start:%Y-%m}",
        "months": months,
        "candidates": len(candidates),
        "priority_candidates": sum(c.priority for c in candidates),
        "favour_priority": favour_priority,
        "now": before.as_json(),
        "greedy": simple.as_json(),
        "optimal": best.as_json(),
        "optimal_workers": best.chosen,
        "timed_out": not best.proven,
        "time_limit": time_limit,
        "optimal_rws": sorted(per_rw.items()),
    }
