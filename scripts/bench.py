"""Benchmark: the coverage engine against the all-in-SQL alternative, side by side in one run.

Uses the demo's July 2025 snapshot (2.7 million participants). Prints seconds and ratios; the
baseline is what ARCHITECTURE.md compared against: loading the extract into SQLite and
aggregating it there.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from semesta.engine.store import connect

PERIOD = "2025-07"
GROUP_SQL = (
    "SELECT kelurahan_code, rw, segment, count(*), sum(status = 'ACTIVE') "
    "FROM {table} GROUP BY kelurahan_code, rw, segment"
)


def timed(work):
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> int:
    data_dir = Path(os.environ.get("SEMESTA_DATA_DIR", "var"))
    path = data_dir / "snapshots/participants" / f"period={PERIOD}" / "data.parquet"
    if not path.exists():
        print(f"no snapshot at {path}: run `semesta demo` first", file=sys.stderr)
        return 1
    columns = ["kelurahan_code", "rw", "segment", "status"]
    rows = list(
        zip(*(pq.read_table(path, columns=columns)[c].to_pylist() for c in columns), strict=True)
    )
    con = connect()
    duck, duck_rows = timed(
        lambda: con.execute(GROUP_SQL.format(table=f"read_parquet('{path}')")).fetchall()
    )
    lite = sqlite3.connect(":memory:")
    lite.execute("CREATE TABLE p (kelurahan_code TEXT, rw INT, segment TEXT, status TEXT)")
    load, _ = timed(lambda: lite.executemany("INSERT INTO p VALUES (?, ?, ?, ?)", rows))
    group, lite_rows = timed(lambda: lite.execute(GROUP_SQL.format(table="p")).fetchall())
    assert sorted(map(tuple, duck_rows), key=str) == sorted(lite_rows, key=str), "results differ"
    print(f"participants in {PERIOD}: {len(rows):,}")
    print(f"engine  (DuckDB over Parquet, aggregate)  {duck:7.2f} s")
    print(f"baseline SQLite insert                     {load:7.2f} s")
    print(f"baseline SQLite aggregate                  {group:7.2f} s")
    print(f"ratio baseline (insert + aggregate) / engine: {(load + group) / duck:6.1f}x")
    print(f"ratio baseline aggregate only / engine:       {group / duck:6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
