"""An extract row is a participation (NIK × segment × employer NPP); coverage counts people.

A worker with two employers, or with PU and BPU at once, appears more than once in a real BPJS
extract. Only the same NIK, segment and NPP twice is a duplicate; coverage counts each person
once overall and once in each segment they hold; a BPU lapses only after three unpaid months.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from django.core.management import call_command

from semesta.access import SYSTEM
from semesta.coverage import services
from semesta.coverage.models import CoverageFact, Snapshot
from semesta.employers.services import participants_per_employer
from semesta.engine.store import PARTICIPATIONS
from semesta.imports.models import ImportBatch
from semesta.imports.services import run_import
from semesta.nik import make_nik
from tests import snapshots
from tests.snapshots import row

HEADER = "NIK;Segmen;Status;NPP;Kelurahan;RW;Tanggal Daftar;Bulan Iuran Terakhir"
ANI = make_nik("31.75.01", date(1990, 3, 12), "F", 1)  # two employers
BUDI = make_nik("31.75.01", date(1985, 7, 1), "M", 2)  # PU and BPU at once
CICI = make_nik("31.75.01", date(1979, 1, 30), "F", 3)  # BPU only

AUGUST = [
    f"{ANI};PU;AKTIF;11000001;Palmeriam;1;02/01/2020;",
    f"{ANI};PU;AKTIF;11000002;Palmeriam;1;15/06/2023;",
    f"{BUDI};PU;AKTIF;11000001;Palmeriam;2;01/02/2021;",
    f"{BUDI};BPU;TIDAK AKTIF;;Palmeriam;2;01/03/2024;07/2025",
    f"{CICI};BPU;AKTIF;;Palmeriam;3;05/05/2022;2025-08",
]


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    return tmp_path


def extract(folder: Path, lines: list[str], name: str = "ekstrak.csv") -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def coverage_json(code: str, period: str, capsys) -> dict:
    call_command("coverage", code, "--period", period, "--json")
    return json.loads(capsys.readouterr().out)


def test_it_applies_five_participations_of_three_people_and_counts_three(store, capsys):
    batch = run_import(SYSTEM, "participants", extract(store, AUGUST), period="2025-08")
    assert batch.status == ImportBatch.Status.APPLIED
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (5, 5, 0)
    august = coverage_json("31", "2025-08", capsys)
    assert august["participants_active"] == 3
    assert august["participants_registered"] == 3
    segments = august["segments"]
    assert segments["PU"]["participants_active"] == 2  # Ani once, however many employers
    assert segments["BPU"]["participants_active"] == 2  # Budi paid July: still active
    snapshot = Snapshot.objects.get(period=date(2025, 8, 1))
    assert (snapshot.rows, snapshot.active) == (5, 3)  # participations, people


def test_it_shows_each_employer_all_of_its_participants(store):
    run_import(SYSTEM, "participants", extract(store, AUGUST), period="2025-08")
    snapshot = Snapshot.objects.get(period=date(2025, 8, 1))
    counts = participants_per_employer(snapshot, ["11000001", "11000002"])
    assert counts == {"11000001": (2, 2), "11000002": (1, 1)}


def test_it_rejects_the_same_nik_segment_and_npp_twice_naming_both_rows(store):
    lines = [*AUGUST, f"{ANI};Penerima Upah;AKTIF;11000002;Palmeriam;1;15/06/2023;"]
    batch = run_import(SYSTEM, "participants", extract(store, lines), period="2025-08")
    assert (batch.rows_accepted, batch.rows_rejected) == (5, 1)
    [problem] = [p for p in batch.first_problems if not p["warning"]]
    assert (problem["row"], problem["column"], problem["code"]) == (
        7,
        "NIK",
        "participation_duplicate",
    )
    assert problem["id"] == (
        "Baris 7 sama dengan baris 3: NIK, segmen (PU) dan NPP (11000002) yang sama"
        " (kepesertaan ganda dalam berkas)"
    )
    assert problem["en"].startswith("Row 7 repeats row 3: the same NIK, segment (PU)")


def test_it_keeps_a_bpu_active_until_three_months_are_unpaid(store, capsys):
    niks = [make_nik("31.75.01", date(1980, 1, day), "M", day) for day in (1, 2, 3, 4)]
    lines = [  # status as BPJS exports it: inactive as soon as a month is unpaid
        f"{niks[0]};BPU;TIDAK AKTIF;;Palmeriam;1;01/01/2020;06/2025",  # 2 months ago: active
        f"{niks[1]};BPU;TIDAK AKTIF;;Palmeriam;1;01/01/2020;31/05/2025",  # 3 unpaid: lapsed
        f"{niks[2]};BPU;AKTIF;;Palmeriam;1;01/01/2020;2025-04",  # 4 months ago: lapsed
        f"{niks[3]};BPU;AKTIF;;Palmeriam;1;01/01/2020;",  # no month paid: the status stands
    ]
    batch = run_import(SYSTEM, "participants", extract(store, lines), period="2025-08")
    assert batch.rows_rejected == 0
    bpu = coverage_json("31", "2025-08", capsys)["segments"]["BPU"]
    assert (bpu["participants_active"], bpu["participants_registered"]) == (2, 4)


def test_it_keeps_the_extracts_status_for_pu(store, capsys):
    nik = make_nik("31.75.01", date(1980, 1, 5), "M", 5)
    lines = [f"{nik};PU;TIDAK AKTIF;11000001;Palmeriam;1;01/01/2020;07/2025"]
    run_import(SYSTEM, "participants", extract(store, lines), period="2025-08")
    assert coverage_json("31", "2025-08", capsys)["participants_active"] == 0


KEL_A = "31.71.01.1001"  # Gambir, Jakarta Pusat
KEL_B = "31.75.01.1001"  # Pisangan Baru, Matraman, Jakarta Timur


def person(number: int, *rows: list[dict]) -> list[dict]:
    """One person's participations (``row`` lists), all with the same NIK hash."""
    found = [record for part in rows for record in part]
    for record in found:
        record["nik_hash"] = number.to_bytes(16, "big")
    return found


@pytest.fixture
def two_months(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    moved = row(KEL_B, None, "BPU")
    moved[0]["registered_on"] = date(2024, 5, 1)  # the latest registration: Matraman
    january = [
        *person(1, row(KEL_A, None, "PU"), moved),  # domicile disagrees
        *person(2, row(KEL_A, None, "PU"), row(KEL_A, None, "BPU")),
        *person(3, row(KEL_A, None, "PU"), row(KEL_A, None, "PU")),  # two employers
        *person(4, row(KEL_A, None, "BPU")),
    ]
    january[4]["employer_npp"], january[5]["employer_npp"] = "1", "2"
    february = [dict(r) for r in january]
    february[3]["status"] = "INACTIVE"  # person 2 keeps PU, stops BPU: not a lapse
    february[4]["status"] = "INACTIVE"  # person 3 keeps one employer: not a lapse
    february[6]["status"] = "INACTIVE"  # person 4 lapses
    store = services.store()
    for period, rows in (("2025-01", january), ("2025-02", february)):
        services.register_snapshot(snapshots.write(store, period, rows), "uji")
    services.recompute()


def fact(code: str, segment: str = "ALL", month: int = 1) -> CoverageFact:
    return CoverageFact.objects.get(region_code=code, segment=segment, period=date(2025, month, 1))


def test_it_counts_people_once_overall_and_once_in_each_segment_they_hold(two_months):
    province = fact("31")
    assert (province.registered, province.active) == (4, 4)
    assert (fact("31", "PU").active, fact("31", "BPU").active) == (3, 3)


def test_it_places_a_person_where_their_latest_registration_says(two_months):
    assert (fact("31.75").active, fact("31.75", "PU").active, fact("31.75", "BPU").active) == (
        1,
        1,
        1,
    )
    assert fact("31.71").active == 3
    assert fact(f"{KEL_B}.X").active == 1


def test_it_counts_as_lapsed_only_people_left_with_no_active_participation(two_months):
    assert fact("31", month=2).active == 3
    assert fact("31", month=2).lapsed == 1
    assert fact("31", "BPU", month=2).lapsed == 1  # person 4; person 2 still has PU
    assert fact("31", "PU", month=2).lapsed == 0
    assert fact("31", "BPU", month=2).active == 1


def test_it_appends_a_second_participation_and_keeps_the_first(store, capsys):
    run_import(SYSTEM, "participants", extract(store, AUGUST[:1]), period="2025-08")
    more = [AUGUST[1], f"{CICI};BPU;AKTIF;;Palmeriam;3;05/05/2022;2025-08"]
    batch = run_import(
        SYSTEM,
        "participants",
        extract(store, more, "tambahan.csv"),
        period="2025-08",
        mode="append",
    )
    assert batch.status == ImportBatch.Status.APPLIED
    snapshot = Snapshot.objects.get(period=date(2025, 8, 1))
    assert (snapshot.rows, snapshot.active) == (3, 2)
    assert coverage_json("31", "2025-08", capsys)["participants_active"] == 2


def test_it_counts_snapshots_written_before_participations_were_marked_the_same(two_months):
    def facts() -> list[tuple]:
        return sorted(
            CoverageFact.objects.values_list(
                "period", "region_code", "segment", "registered", "active", "lapsed"
            )
        )

    marked = facts()
    for snapshot in Snapshot.objects.all():  # as an earlier Semesta wrote them
        duckdb.execute(
            f"COPY (SELECT * EXCLUDE ({PARTICIPATIONS}) FROM read_parquet('{snapshot.path}'))"
            f" TO '{snapshot.path}.old' (FORMAT parquet)"
        )
        Path(f"{snapshot.path}.old").replace(snapshot.path)
    services.recompute()
    assert facts() == marked
