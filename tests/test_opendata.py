"""Open data: kota, kecamatan and kelurahan only; small cells hidden, and never recoverable."""

from __future__ import annotations

import csv
import json
from datetime import date

from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from semesta.opendata.export import table
from semesta.opendata.suppression import suppress
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


@given(st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=5), min_size=1, max_size=5))
def test_no_group_is_left_with_a_single_hidden_cell(tree):
    # A region with kecamatan (lists) of kelurahan (counts); each level adds up to the one above.
    cells, groups = {"top": sum(map(sum, tree))}, []
    for k, kelurahan in enumerate(tree):
        cells[("kec", k)] = sum(kelurahan)
        members = []
        for j, value in enumerate(kelurahan):
            cells[("kel", k, j)] = value
            members.append(("kel", k, j))
        groups.append((members, ("kec", k)))
    groups.append(([("kec", k) for k in range(len(tree))], "top"))
    hidden = suppress(cells, groups)
    assert {key for key, value in cells.items() if 0 < value < 10} <= hidden
    for members, total in groups:
        assert sum(key in hidden for key in [*members, total]) != 1


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
