"""The budget planner: an exact optimum (checked against brute force) that greedy can miss."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from semesta.programmes.planner import Candidate, Situation, greedy, optimal, outcome

SITUATION = Situation(
    covered={"a": 1, "b": 0, "c": 0, "d": 0},
    kecamatan_of={"a": "K1", "b": "K1", "c": "K2", "d": "K2"},
    target_per_rw=2,
    aim_pct=50,
)
CANDIDATES = [  # in the allocation rule's order: extreme poor first
    Candidate(1, "b", "K1", 10, True),
    Candidate(2, "b", "K1", 10, True),
    Candidate(3, "b", "K1", 10, True),
    Candidate(4, "a", "K1", 10, False),
    Candidate(5, "c", "K2", 10, False),
    Candidate(6, "c", "K2", 10, False),
]


def rank(plan) -> tuple[int, int, int]:
    return plan.kecamatan_at_aim, plan.rw_at_target, plan.extreme_poor


def test_it_reaches_both_kecamatan_where_the_rule_order_reaches_one():
    simple = greedy(SITUATION, CANDIDATES, 30)
    best = optimal(SITUATION, CANDIDATES, 30)
    assert (simple.chosen, rank(simple)) == ([1, 2, 3], (1, 1, 3))
    assert (sorted(best.chosen), rank(best), best.cost) == ([4, 5, 6], (2, 2, 0), 30)


def test_with_the_aims_reached_it_spends_the_rest_on_the_extreme_poor():
    best = optimal(SITUATION, CANDIDATES, 50)
    assert rank(best) == (2, 3, 2) and best.cost == 50  # b reaches target with two poor


def brute_force(situation, candidates, budget):
    best = None
    for n in range(len(candidates) + 1):
        for chosen in combinations(candidates, n):
            if sum(c.cost for c in chosen) <= budget:
                plan = outcome(situation, list(chosen))
                best = plan if best is None or rank(plan) > rank(best) else best
    return best


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.integers(1, 4), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    st.integers(0, 20),
    st.fixed_dictionaries({rw: st.integers(0, 2) for rw in "abcd"}),
)
def test_it_matches_brute_force_and_never_loses_to_greedy(raw, budget, covered):
    situation = Situation(covered, SITUATION.kecamatan_of, 3, 50)
    candidates = [
        Candidate(i, rw, situation.kecamatan_of[rw], cost, poor)
        for i, (rw, cost, poor) in enumerate(raw)
    ]
    best = optimal(situation, candidates, budget)
    assert best.cost <= budget
    assert rank(best) == rank(brute_force(situation, candidates, budget))
    assert rank(best) >= rank(greedy(situation, candidates, budget))
