"""From a month's counts per domicile to facts, in one SQL plan that DuckDB and Spark both run.

The engines differ in how they read and fold the extract; from the counts on they run the same
statement (``facts_sql``) over the same tables (``tables``), so their facts cannot drift apart:

- ``counted`` (engine-made): period, kelurahan_code, rw, province, segment, registered,
  active, lapsed: people per domicile as read from the extract (``province``: the province
  whose data the row came in, NULL when the extract does not say).
- ``regions``: code, parent, level of every region in use.
- ``periods``, ``segments``: the months computed and ALL plus each segment.
- ``denominators``: period, code, segment, workforce, target_count, worked out beforehand from
  the few workforce figures and targets (``coverage.denominators``).

The region tables are small: Spark is told to broadcast them (``/*+ BROADCAST */``, a comment
to DuckDB) rather than shuffle the counts to join them.

Each count is placed at a leaf (an RW, or an unknown bucket ``<code>.X``), then rolled up one
level per step by joining the parent table, so no table of every region's ancestors is built.
The result has one row per region × segment × month (zeros included) and one per non-empty
bucket, with coverage (half up, two decimals), target and gap computed in integers.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from semesta.engine.store import SEGMENTS

ALL = "ALL"
UNKNOWN = "X"
UNKNOWN_LEVEL = "unknown"

FACT_COLUMNS = (
    "period",
    "region_code",
    "parent_code",
    "level",
    "segment",
    "registered",
    "active",
    "lapsed",
    "workforce",
    "coverage_pct",
    "target_count",
    "gap",
)
COUNTED_COLUMNS = (
    "period",
    "kelurahan_code",
    "rw",
    "province",
    "segment",
    "registered",
    "active",
    "lapsed",
)
_SUMS = ("registered", "active", "lapsed")
_DENOMINATORS = pa.schema(
    [
        ("period", pa.string()),
        ("code", pa.string()),
        ("segment", pa.string()),
        ("workforce", pa.int64()),
        ("target_count", pa.int64()),
    ]
)


def tables(
    regions: Iterable[tuple[str, str | None, str]],
    periods: list[str],
    denominators: list[tuple[str, str, str, int | None, int | None]],
) -> dict[str, pa.Table]:
    """The plan's small input tables (everything but ``counted``) as Arrow."""
    codes, parents, levels = [], [], []
    for code, parent, level in regions:
        codes.append(code)
        parents.append(parent)
        levels.append(level)
    return {
        "regions": pa.table(
            {
                "code": pa.array(codes, pa.string()),
                "parent": pa.array(parents, pa.string()),
                "level": pa.array(levels, pa.string()),
            }
        ),
        "periods": pa.table({"period": pa.array(periods, pa.string())}),
        "segments": pa.table({"segment": pa.array([ALL, *SEGMENTS], pa.string())}),
        "denominators": pa.Table.from_pylist(
            [dict(zip(_DENOMINATORS.names, row, strict=True)) for row in denominators],
            schema=_DENOMINATORS,
        ),
    }


def facts_sql(depth: int, fallback: str, integer_division: str) -> str:
    """The statement turning ``counted`` into facts (columns ``FACT_COLUMNS``).

    ``depth``: the most levels a chain from a leaf to its province can have (steps rolled up);
    ``fallback``: the province whose bucket takes a participant of unknown domicile when
    nothing says where their data came from; ``integer_division``: the dialect's operator
    (DuckDB ``//``, Spark ``div``).
    """
    sums = ", ".join(f"sum({c}) AS {c}" for c in _SUMS)
    steps = [
        f"""s0 AS (SELECT period, segment, code, up, {sums} FROM placed
                   GROUP BY period, segment, code, up)"""
    ]
    for step in range(1, depth + 1):
        steps.append(f"""s{step} AS (
            SELECT /*+ BROADCAST(r) */ s.period, s.segment, s.up AS code, r.parent AS up, {sums}
            FROM s{step - 1} s JOIN regions r ON r.code = s.up
            GROUP BY s.period, s.segment, s.up, r.parent)""")
    every_step = " UNION ALL ".join(
        f"SELECT period, segment, code, {', '.join(_SUMS)} FROM s{step}"
        for step in range(depth + 1)
    )
    totals = ", ".join(f"CAST(sum({c}) AS BIGINT) AS {c}" for c in _SUMS)
    # Where a participant of unknown domicile goes: the province their data came in, else the
    # province their (unknown) kelurahan code names, else the fallback.
    home = f"coalesce(p.code, q.code, '{fallback}')"
    active = "coalesce(t.active, 0)"
    hundredths = f"(2 * {active} * 10000 + d.workforce) {integer_division} (2 * d.workforce)"
    suffix = f".{UNKNOWN}"
    return f"""
    WITH kelurahan AS (SELECT code FROM regions WHERE level = 'kelurahan'),
    rws AS (SELECT code, parent FROM regions WHERE level = 'rw'),
    provinces AS (SELECT code FROM regions WHERE parent IS NULL),
    placed AS (
        SELECT /*+ BROADCAST(k, r, p, q) */ c.period, c.segment, c.registered, c.active, c.lapsed,
            CASE WHEN r.code IS NOT NULL THEN r.code
                 WHEN k.code IS NOT NULL THEN k.code || '{suffix}'
                 ELSE {home} || '{suffix}' END AS code,
            CASE WHEN r.code IS NOT NULL THEN r.parent
                 WHEN k.code IS NOT NULL THEN k.code
                 ELSE {home} END AS up
        FROM counted c
        LEFT JOIN kelurahan k ON k.code = c.kelurahan_code
        LEFT JOIN rws r
            ON r.code = c.kelurahan_code || '.' || lpad(CAST(c.rw AS STRING), 3, '0')
        LEFT JOIN provinces p ON p.code = c.province
        LEFT JOIN provinces q ON q.code = split_part(c.kelurahan_code, '.', 1)
    ),
    {", ".join(steps)},
    totals AS (
        SELECT period, segment, code, {totals} FROM ({every_step}) x
        GROUP BY period, segment, code
    )
    SELECT /*+ BROADCAST(d) */ g.period, g.code AS region_code,
        coalesce(g.parent, '') AS parent_code, g.level, g.segment,
        coalesce(t.registered, 0) AS registered, {active} AS active,
        coalesce(t.lapsed, 0) AS lapsed, d.workforce,
        CASE WHEN d.workforce > 0 THEN CAST(CAST({hundredths} AS DECIMAL(18, 0)) * 0.01
                                            AS DECIMAL(18, 2)) END AS coverage_pct,
        d.target_count,
        CASE WHEN d.target_count IS NOT NULL THEN greatest(d.target_count - {active}, 0)
        END AS gap
    FROM (SELECT p.period, r.code, r.parent, r.level, s.segment
          FROM periods p CROSS JOIN regions r CROSS JOIN segments s) g
    LEFT JOIN totals t ON t.period = g.period AND t.code = g.code AND t.segment = g.segment
    LEFT JOIN denominators d
        ON d.period = g.period AND d.code = g.code AND d.segment = g.segment
    UNION ALL
    SELECT period, code, substring(code, 1, length(code) - {len(suffix)}), '{UNKNOWN_LEVEL}',
        segment, registered, active, lapsed, CAST(NULL AS BIGINT),
        CAST(NULL AS DECIMAL(18, 2)), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
    FROM totals WHERE code LIKE '%{suffix}'
    """
