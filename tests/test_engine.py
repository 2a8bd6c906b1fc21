"""The coverage engine on small hand-built snapshots whose answers are known.

These run on SQLite and again on PostgreSQL (make test), so both give the same facts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pytest
from django.core.management import CommandError, call_command

from semesta.access import SYSTEM
from semesta.coverage import services
from semesta.coverage.models import CoverageFact, Snapshot, Target, Workforce
from semesta.coverage.summary import coverage_summary
from semesta.employers.models import Employer
from semesta.engine.coverage import TargetRow, percentage, target_in_force
from semesta.regions.services import set_rw_layer
from tests import snapshots
from tests.snapshots import row

KEL_A = "31.71.01.1001"  # Gambir, Jakarta Pusat
KEL_B = "31.75.01.1001"  # Pisangan Baru, Matraman, Jakarta Timur


def january_rows() -> list[dict]:
    rows = [
        *row(KEL_A, 1, "PU", n=3),
        *row(KEL_A, 1, "PU", active=False),
        *row(KEL_A, 1, "BPU"),
        *row(KEL_A, 2, "BPU", n=2),
        *row(KEL_A, None, "PU"),  # RW missing → kelurahan A's unknown bucket
        *row(KEL_A, 9, "BPU"),  # RW 9 does not exist → same bucket
        *row(KEL_B, 1, "PU", n=2),
        *row(KEL_B, 1, "JAKON"),
        *row(KEL_B, 1, "PMI", active=False),
        *row(None, None, "PU"),  # no domicile → province's unknown bucket
        *row("32.01.01.1001", 1, "BPU"),  # domicile outside the tree → same bucket
    ]
    for number, record in enumerate(rows):  # one person per row, the same people every month
        record["nik_hash"] = number.to_bytes(16, "big")
    return rows


@pytest.fixture
def small_jakarta(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    set_rw_layer(KEL_A, [2, 1])
    set_rw_layer(KEL_B, [3])
    january = date(2025, 1, 1)
    figures = [
        (f"{KEL_A}.001", "total", 10),
        (f"{KEL_A}.001", "formal", 6),
        (f"{KEL_A}.001", "informal", 4),
        (f"{KEL_A}.002", "total", 5),
        (f"{KEL_A}.002", "formal", 3),
        (f"{KEL_A}.002", "informal", 2),
        (f"{KEL_B}.001", "total", 8),
        ("31.71", "total", 20),
        ("31", "total", 26),
    ]
    for code, kind, value in figures:
        Workforce.objects.create(
            region_id=code, period=january, kind=kind, value=value, source="uji"
        )
    Workforce.objects.create(region_id="31", period=date(2024, 1, 1), value=100, source="lama")
    Target.objects.create(
        region_id="31", kind="count", value=20, deadline=date(2025, 12, 31), source="uji"
    )
    Target.objects.create(
        region_id="31.71", kind="pct", value=66, deadline=date(2025, 6, 30), source="uji"
    )
    store = services.store()
    feb = january_rows()
    feb[0]["status"] = "INACTIVE"  # lapses in Kelurahan A, RW 1
    feb = [r for r in feb if r["segment"] != "JAKON"]  # leaves the extract: lapses too
    for period, rows in (("2025-01", january_rows()), ("2025-02", feb)):
        services.register_snapshot(snapshots.write(store, period, rows), "uji")
    services.recompute()


def fact(code: str, segment: str = "ALL", period: date = date(2025, 1, 1)) -> CoverageFact:
    return CoverageFact.objects.get(region_code=code, segment=segment, period=period)


def test_it_counts_an_rw_by_segment_against_its_workforce(small_jakarta):
    rw = fact(f"{KEL_A}.001")
    assert (rw.registered, rw.active, rw.workforce, rw.coverage_pct) == (5, 4, 10, Decimal("40.00"))
    pu = fact(f"{KEL_A}.001", "PU")
    assert (pu.registered, pu.active, pu.workforce, pu.coverage_pct) == (4, 3, 6, Decimal("50.00"))
    assert fact(f"{KEL_A}.001", "BPU").coverage_pct == Decimal("25.00")


def test_it_keeps_unknown_rw_and_unknown_domicile_in_explicit_buckets(small_jakarta):
    bucket = fact(f"{KEL_A}.X")
    assert (bucket.level, bucket.parent_code, bucket.active) == ("unknown", KEL_A, 2)
    province_bucket = fact("31.X")
    assert (province_bucket.parent_code, province_bucket.active) == ("31", 2)


def test_it_rolls_up_every_level_and_loses_no_participant(small_jakarta):
    kelurahan = fact(KEL_A)
    assert (kelurahan.active, kelurahan.registered, kelurahan.workforce) == (8, 9, 15)
    assert kelurahan.coverage_pct == Decimal("53.33")
    province = fact("31")
    assert (province.active, province.registered) == (13, 15)
    assert province.active == Snapshot.objects.get(period=date(2025, 1, 1)).active


def test_it_uses_the_workforce_figure_in_force_and_sums_children_only_when_complete(small_jakarta):
    assert fact("31").workforce == 26  # the 2025 figure, not 2024's 100
    assert fact(KEL_B).workforce == 8  # from its only RW
    assert fact("31.71.01").workforce is None  # other kelurahan have no figure
    assert fact("31", "PU").coverage_pct is None  # no formal-worker denominator for DKI


def test_it_computes_targets_and_gaps_for_count_and_percentage_targets(small_jakarta):
    province = fact("31")
    assert (province.coverage_pct, province.target_count, province.gap) == (Decimal("50.00"), 20, 7)
    kota = fact("31.71")
    assert (kota.active, kota.coverage_pct, kota.target_count, kota.gap) == (
        8,
        Decimal("40.00"),
        13,
        5,
    )


def test_it_applies_the_target_with_the_nearest_deadline_not_yet_passed():
    targets = [
        TargetRow("31", "count", Decimal(2_700_000), date(2024, 12, 31)),
        TargetRow("31", "pct", Decimal(66), date(2025, 12, 31)),
    ]
    assert target_in_force(targets, "2024-10").deadline == date(2024, 12, 31)
    assert target_in_force(targets, "2024-12").deadline == date(2024, 12, 31)
    assert target_in_force(targets, "2025-01").kind == "pct"
    assert target_in_force(targets, "2026-01") is None


def test_it_rounds_percentages_half_up_to_two_decimals():
    assert percentage(2_123_056, 4_131_200) == Decimal("51.39")
    assert percentage(1, 8) == Decimal("12.50")
    assert percentage(1, 200) == Decimal("0.50")
    assert percentage(5, 0) is None


def test_it_writes_every_region_and_segment_each_month_even_when_empty(small_jakarta):
    empty = fact("31.71.01.1002", "JAKON")
    assert (empty.registered, empty.active, empty.coverage_pct) == (0, 0, None)
    assert fact("31", period=date(2025, 2, 1)).active == 11
    assert fact(f"{KEL_B}.001", "PMI").registered == 1


def test_it_summarises_a_region_for_the_cli(small_jakarta):
    summary = coverage_summary(SYSTEM, "31", date(2025, 1, 1))
    assert summary["participants_active"] == 13
    assert summary["coverage_pct"] == 50.0
    assert summary["segments"]["JAKON"] == {
        "participants_active": 1,
        "participants_registered": 1,
        "participants_lapsed": 0,
    }
    assert summary["target"]["kind"] == "count" and summary["target"]["gap"] == 7
    codes = [child["code"] for child in summary["children"]]
    assert codes == ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75", "31.X"]
    assert summary["children"][-1]["name"] == "Domisili tidak diketahui"


def test_it_names_unknown_rw_buckets_and_counts_a_kelurahans_own_employers(small_jakarta):
    Employer.objects.create(
        npp="1", name="PT A", kelurahan_id=KEL_A, registered_on=date(2020, 1, 2)
    )
    summary = coverage_summary(SYSTEM, KEL_A, date(2025, 1, 1))
    assert summary["employers_registered"] == 1
    assert summary["children"][-1] == {
        "code": f"{KEL_A}.X",
        "name": "RW tidak diketahui",
        "level": "unknown",
        "participants_active": 2,
        "participants_registered": 2,
        "workforce": None,
        "coverage_pct": None,
        "target_count": None,
        "target_pct": None,
        "gap": None,
        "points_below": None,
        "workforce_source": None,
    }


def test_it_prints_coverage_json_from_the_command_line(small_jakarta, capsys):
    call_command("coverage", "31.71", "--period", "2025-01", "--json")
    out = capsys.readouterr().out
    assert '"participants_active": 8' in out and '"coverage_pct": 40.0' in out


def test_it_explains_a_missing_period_in_indonesian(small_jakarta):
    with pytest.raises(CommandError, match="Belum ada data cakupan"):
        call_command("coverage", "31", "--period", "2023-01")
    with pytest.raises(CommandError, match="TTTT-BB"):
        call_command("coverage", "31", "--period", "juli")


def test_it_counts_lapses_against_the_month_before(small_jakarta):
    february = date(2025, 2, 1)
    assert fact("31").lapsed == 0  # no December to compare with
    assert fact("31", period=february).lapsed == 2
    assert fact(f"{KEL_A}.001", period=february).lapsed == 1
    assert fact(f"{KEL_B}.001", "JAKON", period=february).lapsed == 1
    assert fact(f"{KEL_B}.001", "PU", period=february).lapsed == 0


def test_runs_of_a_few_months_give_the_facts_of_one_run_over_every_month(small_jakarta):
    """The demo computes its months in runs (written while the next run computes): a run's
    first month still counts its lapses against the month before, held by the run before."""
    _, run = services.facts_to_compute()
    whole = run()
    runs = services.runs_to_compute(1)
    assert [months for months, _ in runs] == [[date(2025, 1, 1)], [date(2025, 2, 1)]]
    pieces = [f for _, each in runs for f in each()]
    assert sorted(pieces, key=str) == sorted(whole, key=str)
    assert any(f.lapsed for f in pieces)  # February's lapses, counted in its own run


def test_it_stores_a_bpu_status_from_the_month_last_paid(settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    paid = {  # months unpaid at 2025-08 → status written
        date(2025, 8, 31): "ACTIVE",
        date(2025, 6, 30): "ACTIVE",
        date(2025, 5, 31): "INACTIVE",
        date(2025, 4, 30): "INACTIVE",
        date(2025, 10, 31): "ACTIVE",  # paid in advance
    }
    rows = []
    for number, day in enumerate(paid):
        [record] = row(KEL_A, 1, "BPU", active=day != date(2025, 6, 30))
        record.update(nik_hash=number.to_bytes(16, "big"), paid_until=day)
        rows.append(record)
    pu = row(KEL_A, 1, "PU", active=False)[0]
    pu.update(nik_hash=b"p" * 16, paid_until=date(2025, 8, 31))
    written = snapshots.write(services.store(), "2025-08", [*rows, pu])
    statuses = duckdb.sql(
        f"SELECT paid_until, segment, status FROM read_parquet('{written.path}')"
    ).fetchall()
    assert {day: status for day, segment, status in statuses if segment == "BPU"} == paid
    assert [status for _, segment, status in statuses if segment == "PU"] == ["INACTIVE"]
    assert (written.rows, written.active) == (6, 3)
