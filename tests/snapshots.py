"""Helpers that write small participant snapshots through the real store."""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa

from semesta.engine.store import PARTICIPANT_COLUMNS, SnapshotStore


def row(kelurahan, rw, segment="PU", active=True, n=1) -> list[dict]:
    """``n`` participants living in a kelurahan/RW (None = unknown)."""
    return [
        {
            "nik_hash": bytes(16),
            "segment": segment,
            "status": "ACTIVE" if active else "INACTIVE",
            "employer_npp": None,
            "kelurahan_code": kelurahan,
            "rw": rw,
            "sponsor_code": None,
            "registered_on": date(2020, 1, 1),
            "paid_until": None,
        }
        for _ in range(n)
    ]


def write(store: SnapshotStore, period: str, rows: list[dict]):
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in PARTICIPANT_COLUMNS})
    with duckdb.connect() as con:
        con.register("rows_in", table)
        return store.write(con, period, "SELECT * FROM rows_in")
