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


# "Utamakan desil 1–4": the workers of DTSEN desil 1–4 are covered first.
PRIORITY = [  # c's two workers are desil 1–4; the rule order would spend on b first
    Candidate(1, "b", "K1", 10, True),
    Candidate(2, "b", "K1", 10, True),
    Candidate(3, "a", "K1", 10, False),
    Candidate(4, "c", "K2", 10, False, priority=True),
    Candidate(5, "c", "K2", 10, False, priority=True),
    Candidate(6, "d", "K2", 15, False, priority=True),
]


def test_favouring_desil_1_to_4_covers_them_first_then_the_other_goals():
    plain = optimal(SITUATION, PRIORITY, 30)
    favoured = optimal(SITUATION, PRIORITY, 30, favour_priority=True)
    assert (plain.priority, favoured.priority) == (2, 2)  # here the aims already lead to c
    tight = optimal(SITUATION, PRIORITY, 20, favour_priority=True)
    assert sorted(tight.chosen) == [4, 5] and tight.priority == 2
    assert sorted(optimal(SITUATION, PRIORITY, 20).chosen) == [1, 2]  # without: b's pair first
    wide = optimal(SITUATION, PRIORITY, 45, favour_priority=True)
    assert wide.priority == 3 and wide.cost <= 45


def test_without_the_option_the_plan_is_unchanged_by_priority_flags():
    flagged = [Candidate(c.id, c.rw, c.kecamatan, c.cost, c.extreme_poor, True) for c in CANDIDATES]
    assert rank(optimal(SITUATION, flagged, 30)) == rank(optimal(SITUATION, CANDIDATES, 30))


def brute_force_favoured(situation, candidates, budget):
    best = None
    for n in range(len(candidates) + 1):
        for chosen in combinations(candidates, n):
            if sum(c.cost for c in chosen) <= budget:
                plan = outcome(situation, list(chosen))
                if best is None or plan.rank(True) > best.rank(True):
                    best = plan
    return best


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.integers(1, 4), st.booleans(), st.booleans()),
        min_size=1,
        max_size=7,
    ),
    st.integers(0, 15),
)
def test_favoured_it_matches_brute_force_desil_1_to_4_first(raw, budget):
    candidates = [
        Candidate(i, rw, SITUATION.kecamatan_of[rw], cost, poor, priority)
        for i, (rw, cost, poor, priority) in enumerate(raw)
    ]
    best = optimal(SITUATION, candidates, budget, favour_priority=True)
    assert best.cost <= budget
    assert best.rank(True) == brute_force_favoured(SITUATION, candidates, budget).rank(True)
