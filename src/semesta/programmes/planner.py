"""Which uncovered roster workers a budget should sponsor to move an 'N per RW' programme most.

Goals, in strict order: the number of kecamatan reaching the programme's aim (share of RWs at
target), then the number of RWs at target, then the extreme-poor workers covered. With
``favour_priority`` ("utamakan desil 1–4") the workers of DTSEN desil 1–4 come before all of
these: the plan covers as many of them as the budget allows, then pursues the other goals.

The exact plan comes from a mixed-integer programme solved by HiGHS (``scipy.optimize.milp``);
the simple plan people would otherwise follow (the allocation rule's order until the money runs
out) is computed beside it for comparison.

Workers of one RW with the same cost, extreme-poor flag and priority are interchangeable, so the
model counts how many of each such group to take instead of deciding worker by worker: a few
thousand integer variables instead of tens of thousands of binaries, with the same optimum.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


@dataclass(frozen=True)
class Candidate:
    id: int
    rw: str
    kecamatan: str
    cost: int  # contributions over the horizon, rupiah
    extreme_poor: bool
    priority: bool = False  # DTSEN desil 1–4


@dataclass(frozen=True)
class Situation:
    """What the plan starts from: covered workers per RW, the RWs of each kecamatan, the rules."""

    covered: dict[str, int]  # RW -> roster workers covered now
    kecamatan_of: dict[str, str]  # RW -> kecamatan
    target_per_rw: int
    aim_pct: float


@dataclass
class Plan:
    chosen: list[int] = field(default_factory=list)
    cost: int = 0
    rw_at_target: int = 0
    kecamatan_at_aim: int = 0
    extreme_poor: int = 0
    priority: int = 0  # workers of desil 1–4 covered
    # False when the time limit stopped the solver: the best plan found, not proven optimal.
    proven: bool = True

    def as_json(self) -> dict:
        return {
            "workers": len(self.chosen),
            "cost": self.cost,
            "rw_at_target": self.rw_at_target,
            "kecamatan_at_aim": self.kecamatan_at_aim,
            "extreme_poor": self.extreme_poor,
            "priority": self.priority,
            "proven_optimal": self.proven,
        }

    def rank(self, favour_priority: bool = False) -> tuple[int, ...]:
        """The goals in their order: what 'better' means between two plans."""
        goals = (self.kecamatan_at_aim, self.rw_at_target, self.extreme_poor)
        return (self.priority, *goals) if favour_priority else goals


def needed_rws(situation: Situation, kecamatan: str) -> int:
    """RWs at target a kecamatan needs to meet the aim."""
    rws = sum(1 for k in situation.kecamatan_of.values() if k == kecamatan)
    return math.ceil(situation.aim_pct * rws / 100 - 1e-9)


def outcome(situation: Situation, chosen: list[Candidate]) -> Plan:
    """The figures a set of sponsored workers leads to."""
    covered = dict(situation.covered)
    for c in chosen:
        covered[c.rw] = covered.get(c.rw, 0) + 1
    at_target = {
        rw for rw in situation.kecamatan_of if covered.get(rw, 0) >= situation.target_per_rw
    }
    per_kecamatan = defaultdict(int)
    for rw in at_target:
        per_kecamatan[situation.kecamatan_of[rw]] += 1
    kecamatan = set(situation.kecamatan_of.values())
    return Plan(
        chosen=[c.id for c in chosen],
        cost=sum(c.cost for c in chosen),
        rw_at_target=len(at_target),
        kecamatan_at_aim=sum(per_kecamatan[k] >= needed_rws(situation, k) for k in kecamatan),
        extreme_poor=sum(c.extreme_poor for c in chosen),
        priority=sum(c.priority for c in chosen),
    )


def greedy(situation: Situation, candidates: list[Candidate], budget: int) -> Plan:
    """The allocation rule's order (as given), taking whoever still fits in the budget."""
    chosen, spent = [], 0
    for c in candidates:
        if spent + c.cost <= budget:
            chosen.append(c)
            spent += c.cost
    return outcome(situation, chosen)


def optimal(
    situation: Situation,
    candidates: list[Candidate],
    budget: int,
    time_limit: float | None = None,
    favour_priority: bool = False,
) -> Plan:
    """The plan that maximises kecamatan at aim, then RWs at target, then extreme poor covered;
    with ``favour_priority``, the workers of desil 1–4 covered before all of them.

    With ``time_limit`` (seconds, for all three solves together) HiGHS stops when it runs out;
    the plan is then the best found (never worse than the rule order's) with ``proven`` False.
    """
    deadline = None if time_limit is None else time.monotonic() + time_limit
    groups: dict[tuple[str, int, bool, bool], list[Candidate]] = defaultdict(list)
    for c in candidates:
        groups[(c.rw, c.cost, c.extreme_poor, c.priority)].append(c)
    keys = list(groups)
    rws = sorted(situation.kecamatan_of)
    kecamatan = sorted(set(situation.kecamatan_of.values()))
    n_g, n_r, n_k = len(keys), len(rws), len(kecamatan)
    rw_index = {rw: i for i, rw in enumerate(rws)}
    # Variables: x_g (workers taken from group g), y_r (RW r at target), z_k (kecamatan at aim).
    size = n_g + n_r + n_k
    rows, lower, upper = [], [], []
    budget_row = np.zeros(size)
    budget_row[:n_g] = [key[1] for key in keys]
    rows.append(budget_row)
    lower.append(-np.inf)
    upper.append(budget)
    for r, rw in enumerate(rws):  # target * y_r - sum(x_g in r) <= covered_r
        row = np.zeros(size)
        row[n_g + r] = situation.target_per_rw
        for g, key in enumerate(keys):
            if key[0] == rw:
                row[g] = -1
        rows.append(row)
        lower.append(-np.inf)
        upper.append(situation.covered.get(rw, 0))
    for k, name in enumerate(kecamatan):  # needed_k * z_k - sum(y_r in k) <= 0
        row = np.zeros(size)
        row[n_g + n_r + k] = needed_rws(situation, name)
        for rw in rws:
            if situation.kecamatan_of[rw] == name:
                row[n_g + rw_index[rw]] = -1
        rows.append(row)
        lower.append(-np.inf)
        upper.append(0)
    bounds = Bounds(
        np.zeros(size), np.concatenate([[len(groups[key]) for key in keys], np.ones(n_r + n_k)])
    )
    # The goals one after the other (lexicographic): each solved to optimality, then held while
    # the next is maximised. Far easier for the solver than one objective with huge weights.
    goals = [np.zeros(size) for _ in range(3)]
    goals[0][n_g + n_r :] = 1
    goals[1][n_g : n_g + n_r] = 1
    goals[2][:n_g] = [1.0 if key[2] else 0.0 for key in keys]
    if favour_priority:
        first = np.zeros(size)
        first[:n_g] = [1.0 if key[3] else 0.0 for key in keys]
        goals.insert(0, first)
    best, proven = None, True
    for goal in goals:
        options = {}
        if deadline is not None:
            options["time_limit"] = max(deadline - time.monotonic(), 0.01)
        result = milp(
            -goal,
            constraints=LinearConstraint(np.array(rows), lower, upper),
            integrality=np.ones(size),
            bounds=bounds,
            options=options,
        )
        if result.status == 1:  # time limit: keep the best solution found, if any, and stop
            best, proven = result.x if result.x is not None else best, False
            break
        if not result.success:
            raise RuntimeError(f"the planner found no plan: {result.message}")
        best = result.x
        rows.append(goal)
        lower.append(round(goal @ result.x))
        upper.append(np.inf)
    if best is None:  # out of time before any plan: the rule order's is the best known
        found = greedy(situation, candidates, budget)
    else:
        taken = np.round(best[:n_g]).astype(int)
        chosen = [c for key, n in zip(keys, taken, strict=True) for c in groups[key][:n]]
        found = outcome(situation, chosen)
    if not proven:
        simple = greedy(situation, candidates, budget)
        better = simple.rank(favour_priority) > found.rank(favour_priority)
        found = simple if better else found
        found.proven = False
    return found
