"""Open data: kota, kecamatan and kelurahan only; small cells hidden, and never recoverable."""

from __future__ import annotations

import csv
import json
from datetime import date

from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from semesta.coverage.models import CoverageFact
from semesta.opendata.export import COUNTS, table
from semesta.opendata.suppression import suppress
from tests.attacker import recovered
from tests.facts import fact

JULY = date(2025, 7, 1)


def test_it_hides_a_small_kelurahan_and_one_sibling_so_neither_can_be_worked_back(db):
    fact("31.75.01", 1_000, 2_000, JULY, 1_200)
    fact("31.75.01.1001", 5, 40, JULY, 6)  # 5 active: too few to show
    fact("31.75.01.1002", 300, 600, JULY, 350)
    fact("31.75.01.1003", 695, 1_360, JULY, 844)
    fact("31.75.01.1001.001", 5, 40, JULY, 6)
    rows = {r["kode"]: r for r in table(JULY)}
    assert rows["31.75.01.1001"]["peserta_aktif"] is None
    assert rows["31.75.01.1001"]["cakupan_pct"] is None  # 5 / 40 would give it back
    assert rows["31.75.01.1002"]["peserta_aktif"] is None  # the smallest sibling, hidden with it
    assert rows["31.75.01.1003"]["peserta_aktif"] == 695
    assert rows["31.75.01"]["peserta_aktif"] == 1_000
    assert "31.75.01.1001.001" not in rows  # never RW


def _hierarchy(tree):
    """A region of kecamatan (lists) of kelurahan (segment counts), every level adding up."""
    cells, groups = {}, []

    def node(key, children):
        for s in range(4):
            cells[(key, s)] = sum(cells[(child, s)] for child in children)
        for s in range(4):
            groups.append(([(child, s) for child in children], (key, s)))

    def segments(key):
        cells[(key, "all")] = sum(cells[(key, s)] for s in range(4))
        groups.append(([(key, s) for s in range(4)], (key, "all")))

    kecamatan = []
    for k, kelurahan in enumerate(tree):
        leaves = []
        for j, counts in enumerate(kelurahan):
            leaf = ("kel", k, j)
            cells.update({(leaf, s): value for s, value in enumerate(counts)})
            segments(leaf)
            leaves.append(leaf)
        node(("kec", k), leaves)
        segments(("kec", k))
        groups.append(([(leaf, "all") for leaf in leaves], (("kec", k), "all")))
        kecamatan.append(("kec", k))
    node("kota", kecamatan)
    segments("kota")
    groups.append(([(kec, "all") for kec in kecamatan], ("kota", "all")))
    return cells, groups


counts = st.lists(st.integers(0, 30), min_size=4, max_size=4)


@settings(deadline=None, max_examples=60)  # an exact attack per example: slow, not flaky
@given(st.lists(st.lists(counts, min_size=1, max_size=4), min_size=1, max_size=4))
def test_no_suppressed_cell_can_be_worked_back_from_the_published_ones(tree):
    cells, groups = _hierarchy(tree)
    hidden = suppress(cells, groups)
    assert {key for key, value in cells.items() if 0 < value < 10} <= hidden
    assert not any(cells[key] == 0 for key in hidden)  # zeros stay shown, as documented
    assert recovered(cells, groups, hidden) == {}


def test_it_hides_more_where_groups_only_together_give_a_cell_away():
    # Two blocks of four small cells joined by a fifth (B): every row and column has at least two
    # hidden cells, yet B = row 1 - (column 1 + column 2 - row 2). Hiding one cell per group
    # with a single hidden cell would publish it.
    small = {("r1", "c1"): 3, ("r1", "c2"): 4, ("r2", "c1"): 5, ("r2", "c2"): 6, ("r1", "c3"): 7}
    small |= {("r3", "c3"): 2, ("r3", "c4"): 8, ("r4", "c3"): 9, ("r4", "c4"): 1}
    rows, columns = ["r1", "r2", "r3", "r4"], ["c1", "c2", "c3", "c4"]
    cells = {(r, c): small.get((r, c), 50) for r in rows for c in columns}
    cells |= {(r, "all"): sum(cells[(r, c)] for c in columns) for r in rows}
    cells |= {("all", c): sum(cells[(r, c)] for r in rows) for c in [*columns, "all"]}
    groups = [([(r, c) for c in columns], (r, "all")) for r in rows]
    groups += [([(r, c) for r in rows], ("all", c)) for c in [*columns, "all"]]
    assert recovered(cells, groups, set(small)) == {("r1", "c3"): 7}  # the attack works

    hidden = suppress(cells, groups)
    assert set(small) < hidden
    assert recovered(cells, groups, hidden) == {}


LEAVES = {  # kelurahan: PU, BPU, Jakon, PMI active; the rest adds up from them
    "31.75.01.1001": (40, 3, 0, 2),
    "31.75.01.1002": (7, 30, 1, 0),
    "31.75.01.1003": (120, 60, 12, 4),
    "31.75.02.1001": (6, 2, 0, 0),
    "31.75.02.1002": (90, 15, 3, 0),
}


def test_nothing_in_the_published_table_can_be_worked_back(db):
    truth = {}
    for code, segments in LEAVES.items():
        counts = [sum(segments), sum(segments) + 5, segments[0] % 4, *segments]
        for ancestor in [code, code[:8], code[:5]]:
            sums = truth.setdefault(ancestor, [0] * len(COUNTS))
            truth[ancestor] = [a + b for a, b in zip(sums, counts, strict=True)]
    for code, counts in truth.items():
        _facts(code, dict(zip(COUNTS, counts, strict=True)))

    rows = {r["kode"]: r for r in table(JULY)}
    cells = {
        (code, c): value
        for code, counts in truth.items()
        for c, value in zip(COUNTS, counts, strict=True)
    }
    hidden = {(code, c) for code, row in rows.items() for c in COUNTS if row[c] is None}
    groups = [([(code, c) for c in COUNTS[3:]], (code, "peserta_aktif")) for code in rows]
    for parent in rows:
        kids = [code for code in rows if rows[code]["induk"] == parent]
        groups += [([(kid, c) for kid in kids], (parent, c)) for c in COUNTS if kids]
    assert ("31.75.02.1001", "peserta_aktif") in hidden
    assert recovered(cells, groups, hidden) == {}
    for code, column in hidden:
        assert column != "peserta_aktif" or rows[code]["cakupan_pct"] is None


def _facts(code, counts):
    made = fact(
        code,
        counts["peserta_aktif"],
        counts["peserta_aktif"] * 2,
        JULY,
        counts["peserta_terdaftar"],
        lapsed=counts["berhenti_aktif"],
    )
    for segment in ["PU", "BPU", "JAKON", "PMI"]:
        active = counts[f"aktif_{segment.lower()}"]
        CoverageFact.objects.create(
            period=JULY,
            region_code=code,
            parent_code=made.parent_code,
            level=made.level,
            segment=segment,
            active=active,
            registered=active,
        )


def test_the_command_writes_csv_json_and_metadata(db, tmp_path):
    fact("31", 2_123_056, 4_131_200, JULY, 2_707_262)
    call_command("export", "opendata", "--period", "2025-07", "-o", str(tmp_path))
    stem = "cakupan-jamsostek-dki-2025-07"
    text = (tmp_path / f"{stem}.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows[0]["kode"] == "31" and rows[0]["peserta_aktif"] == "2123056"
    meta = json.loads((tmp_path / f"{stem}.metadata.json").read_text(encoding="utf-8"))
    assert meta["license_id"] == "cc-by-4.0" and meta["period"] == "2025-07"
    assert "peserta_aktif" in meta["definitions"] and meta["suppression"]["threshold"] == 10
