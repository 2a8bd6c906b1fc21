"""Employers' participants, read from a monthly participant snapshot."""

from __future__ import annotations

from semesta.engine.store import connect


def participants_per_employer(snapshot, npps: list[str]) -> dict[str, tuple[int, int]]:
    """(active, registered) participants of each employer in a snapshot; absent ones have none."""
    if snapshot is None or not npps:
        return {}
    with connect() as con:
        rows = con.execute(
            "SELECT employer_npp, count(*) FILTER (WHERE status = 'ACTIVE'), count(*) "
            "FROM read_parquet(?) WHERE list_contains(?, employer_npp) GROUP BY 1",
            [snapshot.path, npps],
        ).fetchall()
    return {npp: (active, registered) for npp, active, registered in rows}
