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

from semesta.engine import coverage, objects
from semesta.engine.coverage import Fact, RegionRow, TargetRow, WorkforceRow

NAMES = ("duckdb", "spark")
DEFAULT = "duckdb"


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

    def compute(self, snapshots, regions, workforce, targets, previous=None) -> list[Fact]:
        from semesta.engine.store import connect

        with connect() as con:
            limit = os.environ.get("SEMESTA_DUCKDB_MEMORY_LIMIT")
            if limit:  # e.g. "3GB": DuckDB spills to disk beyond it (default: 80 % of RAM)
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
    paths += [every[b] for b in (coverage._previous_month(p) for p in snapshots) if b in every]
    return paths


def regions_in_use(con, snapshots, regions, workforce, targets, previous=None) -> list[RegionRow]:
    """The regions of the provinces in use (see the module's docstring), tree order kept.

    With a single province in the tree nothing is left out, so a DKI-only database computes
    exactly as it always has.
    """
    provinces = [r.code for r in regions if r.parent is None]
    if len(provinces) <= 1:
        return regions
    used = {row.code.split(".")[0] for row in [*workforce, *targets]}
    paths = months_read(snapshots, previous)
    if paths:
        files = ", ".join(f"'{snapshot_source(p)}'" for p in paths)
        found = con.execute(
            "SELECT DISTINCT split_part(kelurahan_code, '.', 1) FROM read_parquet("
            f"[{files}], hive_partitioning = false) WHERE kelurahan_code IS NOT NULL"
        ).fetchall()
        used |= {code for (code,) in found}
    if not used & set(provinces):
        used.add(provinces[0])  # somewhere for the unknown bucket, as with one province
    return [r for r in regions if r.code.split(".")[0] in used]
