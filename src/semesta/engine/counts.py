"""Counts the domain apps read from one month's participant snapshot: per employer, sponsored
workers per kelurahan, registrations in windows after a day. The SQL stays here, in the engine;
callers pass the snapshot's path from the snapshot store."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from semesta.engine.store import connect

EMPLOYER_SUMMARY_SQL = """
SELECT employer_npp AS npp, count(*) FILTER (WHERE status = 'ACTIVE') AS active,
    count(*) AS registered
FROM read_parquet($path, hive_partitioning = false)
WHERE employer_npp IS NOT NULL GROUP BY 1 ORDER BY 1
"""

REGISTRATIONS_SQL = """
SELECT kelurahan_code, rw, {windows}
FROM read_parquet($path, hive_partitioning = false)
WHERE starts_with(kelurahan_code, $prefix) AND list_contains($segments, segment)
GROUP BY ALL
"""


def per_employer(snapshot: str | Path, npps: list[str]) -> dict[str, tuple[int, int]]:
    """(active, registered) participations of each employer; absent ones have none."""
    with connect() as con:
        rows = con.execute(
            "SELECT employer_npp, count(*) FILTER (WHERE status = 'ACTIVE'), count(*) "
            "FROM read_parquet($path, hive_partitioning = false) "
            "WHERE list_contains($npps, employer_npp) GROUP BY 1",
            {"path": str(snapshot), "npps": npps},
        ).fetchall()
    return {npp: (int(active), int(registered)) for npp, active, registered in rows}


def write_employer_summary(snapshot: str | Path, target: Path) -> None:
    """Write (npp, active, registered) of every employer, sorted by NPP, to a Parquet file whose
    row groups let a look-up of a few NPPs read little. The file appears whole or not at all."""
    handle, name = tempfile.mkstemp(dir=target.parent, suffix=".parquet.part")
    os.close(handle)
    partial = Path(name)
    try:
        with connect() as con:
            con.execute(
                f"COPY ({EMPLOYER_SUMMARY_SQL.replace('$path', '$source')}) TO $target "
                "(FORMAT PARQUET, ROW_GROUP_SIZE 8192)",
                {"source": str(snapshot), "target": str(partial)},
            )
        os.replace(partial, target)  # atomic: concurrent builders leave one whole file
    finally:
        partial.unlink(missing_ok=True)


def from_employer_summary(summary: Path, npps: list[str]) -> dict[str, tuple[int, int]]:
    """``per_employer``'s answer, read from a file ``write_employer_summary`` wrote."""
    with connect() as con:
        rows = con.execute(
            "SELECT npp, active, registered FROM read_parquet($path) "
            "WHERE npp IN (SELECT unnest($npps))",
            {"path": str(summary), "npps": npps},
        ).fetchall()
    return {npp: (int(active), int(registered)) for npp, active, registered in rows}


def sponsored_per_kelurahan(snapshot: str | Path) -> dict[str, int]:
    """Active BPU participations whose contribution a sponsor pays, per kelurahan."""
    with connect() as con:
        rows = con.execute(
            "SELECT kelurahan_code, count(*) FROM read_parquet($path, hive_partitioning = false) "
            "WHERE status = 'ACTIVE' AND segment = 'BPU' AND coalesce(sponsor_code, '') <> '' "
            "AND kelurahan_code IS NOT NULL GROUP BY 1",
            {"path": str(snapshot)},
        ).fetchall()
    return {code: int(count) for code, count in rows}


def registrations_after(
    snapshot: str | Path, prefix: str, segments: list[str], day: date, windows: tuple[int, ...]
) -> list[tuple[str, int | None, list[int]]]:
    """(kelurahan, RW, [registrations within each window of days from ``day``]) for the areas
    whose kelurahan code starts with ``prefix``, counting the given segments only."""
    counted = ", ".join(
        f"count(*) FILTER (WHERE registered_on >= $day AND registered_on < $day + {int(d)})"
        for d in windows
    )
    with connect() as con:
        rows = con.execute(
            REGISTRATIONS_SQL.format(windows=counted),
            {"path": str(snapshot), "prefix": prefix, "segments": segments, "day": day},
        ).fetchall()
    return [(kelurahan, rw, [int(v) for v in values]) for kelurahan, rw, *values in rows]
