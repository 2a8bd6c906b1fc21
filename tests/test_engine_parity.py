"""DuckDB and Spark compute the same coverage facts from the same snapshots.

The data is made to be awkward: people with several participations whose domiciles tie on
registration day and segment, unknown and missing kelurahan and RW, participants of unknown
domicile that came in with either province's data (or with none said), RW numbers past the tree,
BPU rows with and without a paid month, two provinces, lapses from one month to the next,
a month written as one file and one written partitioned by province.
"""

from __future__ import annotations

import random
from dataclasses import astuple
from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

pytest.importorskip("pyspark")
pytestmark = pytest.mark.slow  # starts a JVM: the main SQLite pass only

from semesta.engine.coverage import RegionRow, TargetRow, WorkforceRow  # noqa: E402
from semesta.engine.engines import NAMES, get_engine, regions_in_use  # noqa: E402
from semesta.engine.store import SEGMENTS, SnapshotStore, connect  # noqa: E402

KELURAHAN = ["31.71.01.1001", "31.71.01.1002", "31.75.01.1001", "32.01.01.2001"]


def _regions() -> list[RegionRow]:
    rows = [RegionRow("31", None, "province"), RegionRow("32", None, "province")]
    rows += [RegionRow("33", None, "province"), RegionRow("33.01", "33", "kota")]
    for kelurahan in KELURAHAN:
        parts = kelurahan.split(".")
        for depth, level in ((2, "kota"), (3, "kecamatan")):
            code = ".".join(parts[:depth])
            if all(r.code != code for r in rows):
                rows.append(RegionRow(code, ".".join(parts[: depth - 1]), level))
        rows.append(RegionRow(kelurahan, ".".join(parts[:3]), "kelurahan"))
        rows += [RegionRow(f"{kelurahan}.{n:03d}", kelurahan, "rw") for n in (1, 2, 3)]
    return rows


def _people(rng: random.Random, month: int) -> list[dict]:
    rows = []
    days = [date(2020, 1, 1), date(2021, 6, 1), None]
    for person in range(400):
        if month == 2 and person % 7 == 0:
            continue  # gone from the extract: a lapse if they were active
        nik = person.to_bytes(16, "big")
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            segment = rng.choice(SEGMENTS)
            kelurahan = rng.choice([*KELURAHAN, "31.71.01.9999", None])
            rows.append(
                {
                    "nik_hash": nik,
                    "segment": segment,
                    "status": rng.choice(["ACTIVE", "ACTIVE", "INACTIVE"]),
                    "employer_npp": None,
                    "kelurahan_code": kelurahan,
                    "rw": rng.choice([1, 2, 3, 7, None]),
                    "sponsor_code": None,
                    "registered_on": rng.choice(days),
                    "paid_until": rng.choice([None, date(2025, 4, 1), date(2025, 6, 1)])
                    if segment == "BPU"
                    else None,
                    # the province the row came in with: unknown domiciles in two provinces
                    "province": kelurahan[:2] if kelurahan else rng.choice(["31", "32", None]),
                }
            )
    return rows


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("parity")
    store = SnapshotStore(root)
    rng = random.Random(20)
    snapshots = {}
    with connect() as con:
        for month, period in ((1, "2025-06"), (2, "2025-07")):
            con.register("rows_in", pa.Table.from_pylist(_people(rng, month)))
            snapshots[period] = store.write(con, period, "SELECT * FROM rows_in").path
        # July again, partitioned by province as the national bench writes it, and without
        # the participations column (as snapshots written before the store added it).
        parted = root / "parted" / "period=2025-07"
        parted.parent.mkdir()
        con.execute(
            "COPY (SELECT * EXCLUDE (participations), split_part(kelurahan_code, '.', 1)"
            " AS province FROM "
            f"read_parquet('{snapshots['2025-07']}')) TO '{parted}' "
            "(FORMAT parquet, PARTITION_BY (province))"
        ).fetchall()
    workforce = [
        WorkforceRow(code, "2025-01", kind, value)
        for code in KELURAHAN
        for kind, value in (("total", 300), ("formal", 200), ("informal", 100))
    ]
    targets = [TargetRow("31", "pct", Decimal("60"), date(2025, 12, 31))]
    return snapshots, parted, _regions(), workforce, targets


@pytest.fixture(scope="module")
def spark_engine():
    engine = get_engine("spark")
    yield engine
    from semesta.engine.spark import session

    session().stop()


def _facts(engine, snapshots, regions, workforce, targets, periods=None):
    chosen = {p: path for p, path in snapshots.items() if periods is None or p in periods}
    facts = engine.compute(chosen, regions, workforce, targets, previous=snapshots)
    return sorted(astuple(f) for f in facts)


def test_it_computes_the_same_facts_with_both_engines(inputs, spark_engine):
    snapshots, _, regions, workforce, targets = inputs
    duck = _facts(get_engine("duckdb"), snapshots, regions, workforce, targets)
    spark = _facts(spark_engine, snapshots, regions, workforce, targets)
    assert len(duck) > 100
    assert any(f[7] for f in duck)  # lapses were counted
    assert any(f[3] == "unknown" for f in duck)
    assert {f[1] for f in duck if f[3] == "unknown" and f[2] in ("31", "32")} == {"31.X", "32.X"}
    assert spark == duck


def test_it_computes_the_same_facts_from_a_month_written_by_province(inputs, spark_engine):
    snapshots, parted, regions, workforce, targets = inputs
    split = {**snapshots, "2025-07": parted / "**" / "*.parquet"}
    whole = _facts(get_engine("duckdb"), snapshots, regions, workforce, targets, ["2025-07"])
    assert _facts(get_engine("duckdb"), split, regions, workforce, targets, ["2025-07"]) == whole
    assert _facts(spark_engine, split, regions, workforce, targets, ["2025-07"]) == whole


def test_it_leaves_out_provinces_without_data(inputs):
    snapshots, _, regions, workforce, targets = inputs
    with connect() as con:
        used = regions_in_use(con, snapshots, regions, workforce, targets)
    assert {r.code for r in used if r.parent is None} == {"31", "32"}
    assert regions_in_use(None, snapshots, regions[:1], [], []) == regions[:1]


def test_it_names_the_engines_it_knows():
    assert NAMES == ("duckdb", "spark")
    with pytest.raises(ValueError, match="tidak dikenal"):
        get_engine("hadoop")
