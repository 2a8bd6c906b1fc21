"""DTSEN deciles (desil) of roster workers: on the roster page, its filters and exports, and
coverage per desil (issue 18 part 6). Desil 1 is the poorest tenth (Inpres 4/2025)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from semesta.accounts.models import AuditEvent
from semesta.workers.matching import match_month
from semesta.workers.models import RosterStatus, RosterWorker
from semesta.workers.services import coverage_by_desil
from tests.test_planner_job import newcomers  # noqa: F401 (fixture)
from tests.test_programmes import programme  # noqa: F401 (fixture)
from tests.test_roster_matching import NIKS, month, roster  # noqa: F401 (fixture)

URL = "/wilayah/31.75.01/pekerja-rentan/"
DESILS = {"A": 1, "B": 1, "C": 7, "D": None}  # A covered; B lapsed; C and D never covered


@pytest.fixture
def matched(roster):  # noqa: F811
    for name, desil in DESILS.items():
        RosterWorker.objects.filter(name=f"Pekerja {name}").update(
            desil=desil, phone="081299990000"
        )
    month("2025-06", {"A": True, "B": True})
    month("2025-07", {"A": True})
    match_month(date(2025, 6, 1))
    match_month(date(2025, 7, 1))


def _table(page: str, table_id: str) -> str:
    start = page.index(f'id="{table_id}"')
    return page[start : page.index("</table>", start)]


def test_it_counts_covered_not_covered_and_lapsed_per_desil(matched):
    rows = {r["desil"]: r for r in coverage_by_desil(RosterStatus.objects.all(), date(2025, 7, 1))}
    assert list(rows) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None]
    assert (rows[1]["covered"], rows[1]["lapsed"], rows[1]["covered_pct"]) == (1, 1, 50.0)
    assert (rows[7]["not_covered"], rows[None]["not_covered"], rows[2]["total"]) == (1, 1, 0)
    assert rows[2]["covered_pct"] is None


def test_the_roster_page_shows_coverage_per_desil_and_each_workers_desil(client, matched, personas):
    client.force_login(personas["officer_b"])
    page = client.get(URL, {"status": "all"}).content.decode()
    by_desil = _table(page, "by-desil")
    assert "<td>1</td><td>0</td><td>1</td><td>2</td><td>50,00 %</td>" in by_desil
    assert "Tidak diketahui" in by_desil
    roster_table = _table(page, "roster")
    assert "<td>7</td>" in roster_table and "Menampilkan 1–4 dari 4" in page


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"desil": "1", "status": "all"}, {"A", "B"}),
        ({"desil": "1"}, {"B"}),  # the default status: not covered or lapsed
        ({"desil": "1-4", "status": "covered"}, {"A"}),
        ({"desil": "kosong"}, {"D"}),
        ({"desil": "7", "status": "lapsed"}, set()),
        ({"desil": "11", "status": "all"}, {"A", "B", "C", "D"}),  # unknown values are ignored
    ],
)
def test_it_filters_by_desil_and_status(client, matched, personas, query, names):
    client.force_login(personas["officer_b"])
    table = _table(client.get(URL, query).content.decode(), "roster")
    assert {n for n in "ABCD" if f"Pekerja {n}<" in table} == names


def test_it_exports_the_filtered_set_masked_without_phones_and_audited(client, matched, personas):
    client.force_login(personas["officer_b"])
    response = client.get(URL, {"desil": "1", "status": "all", "ekspor": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["Nama"], r["NIK"], r["Desil DTSEN"]) for r in rows] == [
        ("Pekerja A", "3175********0001", "1"),
        ("Pekerja B", "3175********0002", "1"),
    ]
    assert NIKS["A"] not in text and "0812" not in text
    event = AuditEvent.objects.get(action="export")
    assert (event.username, event.region_code, event.object_type) == (
        "officer_b", "31.75.01", "pekerja-rentan_csv",
    )  # fmt: skip
    assert event.detail == {"status": "all", "desil": "1", "rows": 2}
    xlsx = client.get(URL, {"desil": "kosong", "ekspor": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")


def test_exports_are_for_officers_of_the_region_only(client, matched, personas):
    client.force_login(personas["officer_a"])  # Jakarta Pusat
    assert client.get(URL, {"ekspor": "csv"}).status_code == 404
    client.force_login(personas["sponsor"])
    assert client.get(URL, {"ekspor": "csv"}).status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_planner_can_favour_desil_1_to_4(client, newcomers, personas):  # noqa: F811
    poorest = RosterWorker.objects.get(name="Baru 2")
    RosterWorker.objects.filter(pk=poorest.pk).update(desil=2)
    client.force_login(personas["officer_b"])
    form = {"anggaran": "130.000", "mulai": "2026-01", "lama": "12"}
    plain = client.get(client.post(f"/program/{newcomers.pk}/rencana/", form)["Location"])
    favoured = client.get(
        client.post(f"/program/{newcomers.pk}/rencana/", {**form, "utamakan_desil": "1"})[
            "Location"
        ]
    )
    plan = favoured.context["plan"]
    assert plan["favour_priority"] and plan["priority_candidates"] == 1
    assert poorest.pk in plan["optimal_workers"] and plan["optimal"]["priority"] == 1
    assert plan["greedy"]["priority"] == 1  # the rule order puts desil 1–4 first too
    assert not plain.context["plan"]["favour_priority"]
    assert 'id="plan-priority"' in favoured.content.decode()


def test_the_demo_gives_a_plausible_desil_distribution_from_its_own_stream():
    import numpy as np

    from semesta.demo.rosters import demo_desil

    poor = np.random.default_rng(1).random(20_000) < 0.2
    drawn = demo_desil(poor)
    assert drawn == demo_desil(poor)  # reproducible, and it draws nothing from the demo's stream
    known = [d for d in drawn if d is not None]
    assert 0.13 < 1 - len(known) / len(drawn) < 0.17  # ~15 % unknown
    assert sum(d <= 4 for d in known) / len(known) > 0.75 and set(known) == set(range(1, 11))
    assert all(d in (None, 1) for d, p in zip(drawn, poor, strict=True) if p)
