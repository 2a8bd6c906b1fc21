"""One interface to the coverage computation, two engines behind it.

- ``duckdb`` (the default): embedded, the functions of ``semesta.engine.coverage``.
- ``spark``: Apache Spark (pyspark, an optional extra) over the same Parquet files, for
  national scale or a cluster (``semesta.engine.spark``).

Both take the same plain rows and return the same ``Fact`` list; tests/test_engine_parity.py
proves they agree. ``SEMESTA_ENGINE`` picks the engine Semesta computes with.

Both engines see only the provinces *in use*: those with participants in the month's (or the
previous month's) snapshot, a working-residents figure or a target. A country of 38 provinces
and 91,000 regions where only DKI Jakarta has data yields DKI's facts alone, exactly as before
the rest of Indonesia was loaded, and a province without data shows "belum ada data" instead
of rows of zeros.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import duckdb

from semesta import periods
from semesta.engine import coverage, objects
from semesta.engine.coverage import Fact, RegionRow, TargetRow, WorkforceRow
from semesta.engine.store import PROVINCE

NAMES = ("duckdb", "spark")
DEFAULT = "duckdb"
MEMORY_LIMIT = "3GB"  # DuckDB's, unless SEMESTA_DUCKDB_MEMORY_LIMIT says otherwise


class Engine(Protocol):
    name: str

    def compute(
        self,
        snapshots: dict[str, Path],
        regions: list[RegionRow],
        workforce: list[WorkforceRow],
        targets: list[TargetRow],
        previous: dict[str, Path] | None = None,
    ) -> list[Fact]:
        """Coverage facts for every region × segment × month of the given snapshots."""
        ...  # pragma: no cover


class DuckDBEngine:
    """The embedded engine: one in-memory DuckDB connection per computation."""

    name = "duckdb"

    def compute(
        self,
        snapshots: dict[str, Path],
        regions: list[RegionRow],
        workforce: list[WorkforceRow],
        targets: list[TargetRow],
        previous: dict[str, Path] | None = None,
    ) -> list[Fact]:
        from semesta.engine.store import connect

        with connect() as con:
            # Facts carry their keys, so no result needs the input's order; without keeping it
            # DuckDB streams and aggregates in far less memory.
            con.execute("SET preserve_insertion_order = false").fetchall()
            # A cap: left at 80 % of RAM, DuckDB keeps what it read (9 GiB for a national
            # month of 60 M rows, which computes as fast within 1.5 GiB); beyond it, it spills.
            limit = os.environ.get("SEMESTA_DUCKDB_MEMORY_LIMIT") or MEMORY_LIMIT
            con.execute("SET memory_limit = ?", [limit]).fetchall()
            used = regions_in_use(con, snapshots, regions, workforce, targets, previous)
            return coverage.compute(con, snapshots, used, workforce, targets, previous=previous)


def get_engine(name: str | None = None) -> Engine:
    """The engine by name (``duckdb`` or ``spark``); default ``SEMESTA_ENGINE`` or DuckDB."""
    name = (name or os.environ.get("SEMESTA_ENGINE") or DEFAULT).strip().lower()
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        from semesta.engine.spark import SparkEngine

        return SparkEngine()
    raise ValueError(f"Mesin hitung tidak dikenal: {name!r} (pilihan: {', '.join(NAMES)})")


def snapshot_source(path: Path | str) -> str:
    """What to read for a snapshot: a Parquet file, or every Parquet file below a folder
    (a month written partitioned, e.g. by province). An object URL is read as it is (one file:
    the store writes one object per month)."""
    if objects.is_url(path):
        return str(path)
    path = Path(path)
    return str(path / "**" / "*.parquet") if path.is_dir() else str(path)


def months_read(snapshots: dict[str, Path], previous: dict[str, Path] | None) -> list[Path]:
    """The snapshots a computation reads: each month's and the month before it (lapses)."""
    every = {**(previous or {}), **snapshots}
    paths = [snapshots[p] for p in sorted(snapshots)]
    paths += [every[b] for b in (periods.shift(p, -1) for p in snapshots) if b in every]
    return paths


def regions_in_use(
    con: duckdb.DuckDBPyConnection,
    snapshots: dict[str, Path],
    regions: list[RegionRow],
    workforce: list[WorkforceRow],
    targets: list[TargetRow],
    previous: dict[str, Path] | None = None,
) -> list[RegionRow]:
    """The regions of the provinces in use (see the module's docstring), tree order kept.

    With a single province in the tree nothing is left out, so a DKI-only database computes
    exactly as it always has.
    """
    provinces = [r.code for r in regions if r.parent is None]
    if len(provinces) <= 1:
        return regions
    used = {row.code.split(".")[0] for row in workforce}
    used |= {row.code.split(".")[0] for row in targets}
    paths = months_read(snapshots, previous)
    if paths:
        files = ", ".join(f"'{snapshot_source(p)}'" for p in paths)
        source = f"read_parquet([{files}], hive_partitioning = false, union_by_name = true)"
        names = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        # A participant of unknown domicile puts the province their data came in in use.
        came_in = f"coalesce(kelurahan_code, {PROVINCE})" if PROVINCE in names else "kelurahan_code"
        # The few distinct codes first, then their provinces: splitting every row's code
        # took four times as long.
        found = con.execute(
            f"SELECT DISTINCT split_part(code, '.', 1) FROM"
            f" (SELECT DISTINCT {came_in} AS code FROM {source}) WHERE code IS NOT NULL"
        ).fetchall()
        used |= {code for (code,) in found}
    if not used & set(provinces):
        used.add(provinces[0])  # somewhere for the unknown bucket, as with one province
    return [r for r in regions if r.code.split(".")[0] in used]
