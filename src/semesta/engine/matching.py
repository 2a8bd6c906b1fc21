"""Matching a roster against a month's snapshot by keyed NIK hash: covered, not covered, lapsed.

Django-free: the roster comes in as an Arrow table (``id``, ``nik_hash``) with the ids that were
covered or lapsed in the last matched month before (``earlier``); the snapshot files are read
only for the roster's hashes.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from semesta.engine.store import connect

COVERED, NOT_COVERED, LAPSED = "covered", "not_covered", "lapsed"

MATCH_SQL = """
WITH now AS (  -- one row per person: a worker may hold several participations
    SELECT nik_hash, bool_or(status = 'ACTIVE') AS active,
        -- the participation shown: an active one, sponsored first, then PU, BPU, Jakon, PMI
        arg_max({'segment': segment, 'sponsor_code': sponsor_code},
                {'active': status = 'ACTIVE', 'sponsored': sponsor_code IS NOT NULL,
                 'segment': CASE segment WHEN 'PU' THEN 4 WHEN 'BPU' THEN 3 WHEN 'JAKON' THEN 2
                                         WHEN 'PMI' THEN 1 ELSE 0 END,
                 'sponsor_code': coalesce(sponsor_code, '')}) AS shown
    FROM read_parquet($current, hive_partitioning = false)
    WHERE nik_hash IN (SELECT nik_hash FROM roster)
    GROUP BY nik_hash
), before AS (
    SELECT DISTINCT nik_hash FROM read_parquet($previous, hive_partitioning = false)
    WHERE status = 'ACTIVE' AND nik_hash IN (SELECT nik_hash FROM roster)
)
SELECT r.id,
    CASE WHEN n.active THEN 'covered'
         WHEN b.nik_hash IS NOT NULL OR e.id IS NOT NULL THEN 'lapsed'
         ELSE 'not_covered' END AS status,
    CASE WHEN n.active THEN n.shown.segment END AS segment,
    CASE WHEN n.active THEN n.shown.sponsor_code END AS sponsor_code
FROM roster r
LEFT JOIN now n ON n.nik_hash = r.nik_hash
LEFT JOIN before b ON b.nik_hash = r.nik_hash
LEFT JOIN earlier e ON e.id = r.id
"""


def match(
    roster: pa.Table,
    current: Path,
    previous: Path | None,
    earlier: pa.Table,
) -> pa.Table:
    """One row per roster worker: id, status, and the segment and sponsor when covered.

    Covered: active in this month's extract (in any of the worker's participations; the segment
    and sponsor shown are those of an active one, a sponsored one first). Lapsed: not active
    now, but active the month before or already covered or lapsed when last matched. Not
    covered: neither.
    """
    with connect() as con:
        con.register("roster", roster)
        con.register("earlier", earlier)
        # Without an earlier month, "before" reads this month again and finds nobody new.
        return con.sql(
            MATCH_SQL, params={"current": str(current), "previous": str(previous or current)}
        ).to_arrow_table()
