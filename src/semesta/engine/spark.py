"""The coverage computation on Apache Spark, over the same Parquet snapshots as DuckDB.

Same rules as ``semesta.engine.coverage`` (read its docstrings): a person is counted once
overall and once in each segment they hold, at the domicile of their latest registration;
lapses are people active the month before and active in nothing now. Spark reads, folds and
counts; from the counts on it runs the same SQL plan as DuckDB (``semesta.engine.rollup``:
placing, rolling up the region tree, working residents, targets), so the facts cannot drift
apart.

One detail is borrowed from DuckDB on purpose: when a person's participations tie on
everything that picks a home (known kelurahan, registration day, segment), DuckDB breaks the
tie by ``hash(kelurahan_code, rw)``. Spark computes that same hash with DuckDB inside its
Python workers (``mapInArrow``, only for people with more than one participation), so both
engines put every person in the same place.

``SEMESTA_SPARK_MASTER`` (default ``local[*]``) names the cluster; ``SEMESTA_SPARK_MEMORY``
the driver's memory (default ``2g``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from semesta import periods
from semesta.engine import coverage, rollup
from semesta.engine.coverage import ALL, Fact, _Tree
from semesta.engine.store import ACTIVE, PARTICIPATIONS, PROVINCE, SEGMENTS

if TYPE_CHECKING:  # pyspark is an optional extra: imported where used
    from pyspark.sql import Column, DataFrame, SparkSession

    from semesta.engine.coverage import RegionRow, TargetRow, WorkforceRow

_SEGMENT_BIT = {segment: 1 << i for i, segment in enumerate(SEGMENTS)}
_HASH_MASK = (1 << 42) - 1
_COUNTED = ["kelurahan_code", "rw", "province", "segment", "registered", "active", "lapsed"]
_PLACE = ["kelurahan_code", "rw", "province"]


def session() -> SparkSession:
    """The process's Spark session (started once, reused by every computation)."""
    from pyspark.sql import SparkSession

    # Python workers run this interpreter, so they import Semesta and DuckDB as the driver does
    # (on a cluster, every worker needs Semesta installed: see docs/national.md).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    cores = os.cpu_count() or 2
    spark = (
        SparkSession.builder.master(os.environ.get("SEMESTA_SPARK_MASTER", "local[*]"))
        .appName("semesta")
        .config("spark.driver.memory", os.environ.get("SEMESTA_SPARK_MEMORY", "2g"))
        .config(
            "spark.sql.shuffle.partitions",
            os.environ.get("SEMESTA_SPARK_PARTITIONS", str(max(4, 4 * cores))),
        )
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class SparkEngine:
    """Coverage facts computed by Spark (``local[*]`` unless a master is configured)."""

    name = "spark"

    def compute(
        self,
        snapshots: dict[str, Path],
        regions: list[RegionRow],
        workforce: list[WorkforceRow],
        targets: list[TargetRow],
        previous: dict[str, Path] | None = None,
    ) -> list[Fact]:
        from semesta.engine.engines import regions_in_use
        from semesta.engine.store import connect

        with connect() as con:  # only to list the provinces present in the files
            regions = regions_in_use(con, snapshots, regions, workforce, targets, previous)
        if not snapshots:
            return []
        tree = _Tree(regions)
        inputs = coverage.plan_inputs(tree, sorted(snapshots), workforce, targets)
        every = {**(previous or {}), **snapshots}
        return coverage.to_facts(self.facts(snapshots, every, tree, inputs))

    def facts(
        self,
        snapshots: dict[str, Path],
        every: dict[str, Path],
        tree: _Tree,
        inputs: dict[str, pa.Table],
    ) -> pa.Table:
        """The facts as Arrow: Spark counts each month, then runs the plan DuckDB runs."""
        from pyspark.sql import functions as F

        spark = session()
        months = []
        for period in sorted(snapshots):
            before = every.get(periods.shift(period, -1))
            counted = _month_counts(spark, snapshots[period], before)
            months.append(counted.withColumn("period", F.lit(period)))
        # Kept once computed: the plan reads the counts at every step up the tree.
        counted = reduce(lambda a, b: a.unionByName(b), months)
        counted = counted.select(*rollup.COUNTED_COLUMNS).cache()
        counted.createOrReplaceTempView("counted")
        for name, table in inputs.items():
            spark.createDataFrame(table).createOrReplaceTempView(name)
        facts = spark.sql(rollup.facts_sql(tree.depth(), tree.fallback(), "div")).toArrow()
        counted.unpersist()
        return facts


def _read(spark: SparkSession, path: Path) -> tuple[DataFrame, bool]:
    """A month's participations with their segment bits (bit i + 4 when active) and whether
    each is its person's only one; and whether the snapshot says so (``participations``)."""
    from pyspark.sql import functions as F

    source = str(path)
    reader = spark.read
    if "**" in source:  # a month written in partitions: every Parquet file below the folder
        source = source.split("/**", 1)[0]
        reader = reader.option("recursiveFileLookup", "true")
    rows = reader.parquet(source)
    counted = PARTICIPATIONS in rows.columns
    # The store writes each row's number of participations of its NIK; older snapshots do not
    # say (NULL), and their people to fold are found by grouping, as DuckDB does.
    single = F.col(PARTICIPATIONS) == 1 if counted else F.lit(None).cast("boolean")
    # Where the store wrote it, the province the row's data came in; kept only where the
    # domicile is unknown (it places those), as DuckDB does.
    province = F.lit(None).cast("string")
    if PROVINCE in rows.columns:
        province = F.when(F.col("kelurahan_code").isNull(), F.col(PROVINCE).cast("string"))
    rows = rows.select(
        "nik_hash",
        "segment",
        "kelurahan_code",
        "rw",
        province.alias("province"),
        "registered_on",
        "status",
        single.alias("single"),
    )
    bit = F.lit(0)
    for segment, value in reversed(_SEGMENT_BIT.items()):
        bit = F.when(F.col("segment") == segment, F.lit(value)).otherwise(bit)
    active = F.col("status") == ACTIVE
    return rows.select(
        "nik_hash",
        "segment",
        "kelurahan_code",
        "rw",
        "province",
        "registered_on",
        F.coalesce(active, F.lit(False)).alias("active"),
        (bit * F.when(active, 17).otherwise(1)).cast("int").alias("bits"),
        "single",
    ), counted


def _duckdb_hash(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """DuckDB's ``hash(kelurahan_code, rw)`` (low 42 bits) beside each row, batch by batch."""
    import duckdb

    with duckdb.connect() as con:
        for batch in batches:
            table = pa.Table.from_batches([batch])
            part = pa.table(
                {
                    "k": table.column("kelurahan_code").cast(pa.string()),
                    "r": table.column("rw").cast(pa.int16()),
                }
            )
            con.register("part", part)
            hashes = con.sql(
                f"SELECT CAST(hash(k, r) & {_HASH_MASK} AS BIGINT) AS h FROM part"
            ).to_arrow_table()  # a projection keeps the rows' order (preserve_insertion_order)
            con.unregister("part")
            column = hashes.column("h").combine_chunks()
            yield from table.append_column("tie", column).to_batches()


def _fold(rows: DataFrame, counted: bool) -> DataFrame:
    """People with more than one participation, one row each: their bits and their home."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    if counted:
        theirs = rows.where(~F.col("single"))
    else:
        repeated = rows.groupBy("nik_hash").count().where("count > 1").select("nik_hash")
        theirs = rows.join(repeated, "nik_hash", "left_semi")
    schema = T.StructType([*theirs.schema.fields, T.StructField("tie", T.LongType())])
    hashed = theirs.mapInArrow(_duckdb_hash, schema)
    primary = F.lit(0)
    for i, segment in reversed(list(enumerate(SEGMENTS))):
        primary = F.when(F.col("segment") == segment, F.lit(len(SEGMENTS) - i)).otherwise(primary)
    days = F.datediff(
        F.coalesce(F.col("registered_on"), F.lit("1900-01-01").cast("date")),
        F.lit("1900-01-01").cast("date"),
    )
    days = F.greatest(F.lit(0), F.least(F.lit(131071), days)).cast("long")
    known = F.col("kelurahan_code").isNotNull().cast("long")
    key = (
        F.shiftleft(known, 62)
        .bitwiseOR(F.shiftleft(days, 45))
        .bitwiseOR(F.shiftleft(primary.cast("long"), 42))
        .bitwiseOR(F.col("tie"))
    )
    folded = hashed.groupBy("nik_hash").agg(
        F.bit_or("bits").alias("bits"),
        F.max_by(F.struct("kelurahan_code", "rw"), key).alias("home"),
        F.max("province").alias("province"),
        F.count(F.lit(1)).alias("n"),
    )
    folded = folded.where("n > 1")
    unknown = F.col("home.kelurahan_code").isNull()
    return folded.select(
        "nik_hash",
        "bits",
        "home.kelurahan_code",
        "home.rw",
        F.when(unknown, F.col("province")).alias("province"),
    )


def _singles(rows: DataFrame, multi: DataFrame, measure: str, counted: bool) -> DataFrame:
    """Counts of people with one participation per domicile, per segment and overall."""
    from pyspark.sql import functions as F

    alone = rows.where(F.col("single")) if counted else rows.join(multi, "nik_hash", "left_anti")
    zero = F.lit(0).cast("long")
    if measure == "held":
        counts = [
            F.count(F.lit(1)).alias("registered"),
            F.count(F.when(F.col("active"), 1)).alias("active"),
            zero.alias("lapsed"),
        ]
    else:
        counts = [zero.alias("registered"), zero.alias("active"), F.count(F.lit(1)).alias("lapsed")]
    by_segment = alone.groupBy(*_PLACE, "segment").agg(*counts).cache()
    # One row per person, so the overall count is the sum over their segments.
    overall = by_segment.groupBy(*_PLACE).agg(
        *(F.sum(c).cast("long").alias(c) for c in ("registered", "active", "lapsed"))
    )
    return by_segment.select(*_COUNTED).unionByName(
        overall.withColumn("segment", F.lit(ALL)).select(*_COUNTED)
    )


def _per_group(folded: DataFrame, measure: str) -> DataFrame:
    """Counts of folded people per domicile, overall and per segment they hold (one pass)."""
    from pyspark.sql import functions as F

    def has(mask: int) -> Column:
        return F.count(F.when(F.col("bits").bitwiseAND(mask) != 0, 1))

    active_bits = sum(bit << 4 for bit in _SEGMENT_BIT.values())
    columns: list[tuple[str, Column | None, Column | None, Column | None]]
    if measure == "held":
        columns = [(ALL, F.count(F.lit(1)), has(active_bits), None)]
        columns += [(s, has(b), has(b << 4), None) for s, b in _SEGMENT_BIT.items()]
    else:
        columns = [(ALL, None, None, F.count(F.lit(1)))]
        columns += [(s, None, None, has(b << 4)) for s, b in _SEGMENT_BIT.items()]
    aggregates, rows = [], []
    for i, (segment, *measures) in enumerate(columns):
        names = []
        for name, measure_col in zip(("registered", "active", "lapsed"), measures, strict=True):
            if measure_col is None:
                names.append(F.lit(0).cast("long").alias(name))
            else:
                aggregates.append(measure_col.alias(f"{name}_{i}"))
                names.append(F.col(f"{name}_{i}").cast("long").alias(name))
        rows.append(F.struct(F.lit(segment).alias("segment"), *names))
    grouped = folded.groupBy(*_PLACE).agg(*aggregates)
    return grouped.select(*_PLACE, F.explode(F.array(*rows)).alias("c")).select(
        *_PLACE, "c.segment", "c.registered", "c.active", "c.lapsed"
    )


def _month_counts(spark: SparkSession, now: Path, before: Path | None) -> DataFrame:
    """A month's counts per domicile (kelurahan, RW) and segment, lapses included."""
    rows, counted = _read(spark, now)
    rows = rows.cache()
    multi_now = _fold(rows, counted).cache()
    parts = [_singles(rows, multi_now, "held", counted), _per_group(multi_now, "held")]
    if before is not None:
        earlier, counted_before = _read(spark, before)
        multi_before = _fold(earlier, counted_before)
        still = rows.where("active").select("nik_hash")
        gone = earlier.where("active").join(still, "nik_hash", "left_anti").cache()
        parts.append(_singles(gone, multi_before, "lapsed", counted_before))
        lapsed = multi_before.join(gone.select("nik_hash"), "nik_hash", "left_semi")
        parts.append(_per_group(lapsed, "lapsed"))
    return reduce(lambda a, b: a.unionByName(b), parts)
