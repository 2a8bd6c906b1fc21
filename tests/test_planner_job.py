"""The budget planner runs on POST as a job with a time limit, never on a GET."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from semesta.programmes import planner
from semesta.programmes.planner import Candidate, Situation, greedy, optimal
from semesta.workers.models import RosterStatus, RosterWorker
from tests.test_programmes import JULY, programme  # noqa: F401 -- the fixture

SITUATION = Situation(
    covered={"a": 1, "b": 0, "c": 0, "d": 0},
    kecamatan_of={"a": "K1", "b": "K1", "c": "K2", "d": "K2"},
    target_per_rw=2,
    aim_pct=50,
)
CANDIDATES = [
    Candidate(1, "b", "K1", 10, True),
    Candidate(2, "b", "K1", 10, True),
    Candidate(3, "b", "K1", 10, True),
    Candidate(4, "a", "K1", 10, False),
    Candidate(5, "c", "K2", 10, False),
    Candidate(6, "c", "K2", 10, False),
]


def out_of_time(x=None):
    """A stand-in for HiGHS stopping at its time limit, with or without a solution found."""

    def solve(c, **kwargs):
        assert kwargs["options"]["time_limit"] > 0
        return SimpleNamespace(status=1, success=False, x=x, message="Time limit reached")

    return solve


def test_within_the_time_limit_the_plan_is_proven_optimal():
    best = optimal(SITUATION, CANDIDATES, 30, time_limit=30)
    assert best.proven and sorted(best.chosen) == [4, 5, 6]


def test_out_of_time_with_nothing_found_it_keeps_the_rule_order_plan(monkeypatch):
    monkeypatch.setattr(planner, "milp", out_of_time())
    best = optimal(SITUATION, CANDIDATES, 30, time_limit=0.5)
    assert not best.proven and best.chosen == greedy(SITUATION, CANDIDATES, 30).chosen


def test_out_of_time_it_keeps_the_best_plan_found(monkeypatch):
    # Groups in order of appearance: (b,10,T), (a,10,F), (c,10,F); then 4 RWs, 2 kecamatan.
    found = np.array([0, 1, 2, 1, 0, 1, 0, 1, 1], dtype=float)
    monkeypatch.setattr(planner, "milp", out_of_time(found))
    best = optimal(SITUATION, CANDIDATES, 30, time_limit=0.5)
    assert not best.proven and sorted(best.chosen) == [4, 5, 6]
    assert best.as_json()["proven_optimal"] is False


@pytest.fixture
def newcomers(programme):  # noqa: F811
    for n, rw in enumerate(["31.75.01.1002.001", "31.75.02.1001.001", "31.75.02.1001.001"]):
        worker = RosterWorker.objects.create(
            region_id=rw, name=f"Baru {n}", nik_encrypted="-", nik_hash=bytes([100 + n]) * 16
        )
        RosterStatus.objects.create(worker=worker, period=JULY, status="not_covered")
    return programme


def post_plan(client, found, **data):
    form = {"anggaran": "260.000", "mulai": "2026-01", "lama": "12", **data}
    return client.post(f"/program/{found.pk}/rencana/", form)


def test_a_get_never_computes_a_plan(client, newcomers, personas, monkeypatch):
    monkeypatch.setattr("semesta.programmes.views.plan", pytest.fail)
    client.force_login(personas["officer_b"])
    page = client.get(f"/program/{newcomers.pk}/?anggaran=260000&mulai=2026-01&lama=12")
    assert page.status_code == 200 and page.context["plan"] is None


def test_a_post_runs_the_plan_and_the_page_shows_its_result(client, newcomers, personas):
    client.force_login(personas["officer_b"])
    response = post_plan(client, newcomers)
    assert response.status_code == 302 and "?rencana=" in response["Location"]
    page = client.get(response["Location"])
    assert page.context["plan"]["optimal"]["kecamatan_at_aim"] == 2
    assert not page.context["plan"]["timed_out"]
    assert "Waktu hitung habis" not in page.content.decode()


def test_the_result_belongs_to_whoever_asked(client, newcomers, personas):
    client.force_login(personas["officer_b"])
    location = post_plan(client, newcomers)["Location"]
    client.force_login(personas["admin"])
    assert client.get(location).context["plan"] is None


def test_out_of_time_the_page_says_so_and_shows_the_best_found(
    client, newcomers, personas, monkeypatch
):
    monkeypatch.setattr(planner, "milp", out_of_time())
    client.force_login(personas["officer_b"])
    page = client.get(post_plan(client, newcomers)["Location"])
    assert page.context["plan"]["timed_out"]
    text = page.content.decode()
    assert "Waktu hitung habis (batas 20 detik)" in text and "rencana terbaik" in text


@pytest.mark.parametrize(
    "bad",
    [
        {"anggaran": "abc"},
        {"anggaran": "9" * 40},
        {"anggaran": "²"},
        {"mulai": "2026-13"},
        {"lama": "-3"},
    ],
)
def test_bad_plan_inputs_get_a_message_not_an_error(client, newcomers, personas, bad):
    client.force_login(personas["officer_b"])
    response = post_plan(client, newcomers, **bad)
    assert response.status_code == 302 and "rencana=" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Isi anggaran dalam rupiah" in page


def test_outsiders_cannot_run_a_plan(client, newcomers, personas):
    client.force_login(personas["officer_a"])
    assert post_plan(client, newcomers).status_code == 404
