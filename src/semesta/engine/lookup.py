"""One person's months in the snapshot store, found by the keyed hash of their NIK."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from semesta.engine.store import connect


def history(snapshots: dict[str, Path], nik_hash: bytes) -> list[dict[str, Any]]:
    """Per month (oldest first) and participation (segment, employer): status, domicile,
    sponsor and dates."""
    if not snapshots:
        return []
    parts = " UNION ALL ".join(
        f"SELECT '{period}' AS period, * FROM read_parquet('{path}', hive_partitioning = false) "
        "WHERE nik_hash = $hash"
        for period, path in sorted(snapshots.items())
    )
    with connect() as con:
        cursor = con.execute(
            f"SELECT period, segment, status, kelurahan_code, rw, employer_npp, sponsor_code, "
            f"registered_on, paid_until FROM ({parts}) "
            "ORDER BY period, segment, employer_npp NULLS FIRST",
            {"hash": nik_hash},
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
