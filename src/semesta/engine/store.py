"""The snapshot store: one immutable Parquet file per kind and month under the data directory
(or in S3-compatible object storage, see ``semesta.engine.objects``)."""

from __future__ import annotations

import hashlib
import os
import queue
import re
import shutil
import threading
from collections.abc import Generator
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from semesta.engine import objects

# Columns of a participant snapshot. Names never enter the store; NIKs only as keyed hashes.
PARTICIPANT_COLUMNS = {
    "nik_hash": "BLOB",
    "segment": "VARCHAR",
    "status": "VARCHAR",
    "employer_npp": "VARCHAR",
    "kelurahan_code": "VARCHAR",
    "rw": "SMALLINT",
    "sponsor_code": "VARCHAR",
    "registered_on": "DATE",
    "paid_until": "DATE",
}
# Written by the store beside them: how many rows (participations) the row's NIK has in the
# snapshot, so the engine finds the people to fold with a filter instead of a hash aggregate.
PARTICIPATIONS = "participations"
# And the province whose data the row came in (the importing scope's province, or the NIK's
# when the scope is national): where a participant of unknown domicile is counted.
PROVINCE = "province"
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
ACTIVE = "ACTIVE"
INACTIVE = "INACTIVE"
# A BPU participant stays active until three consecutive months are unpaid (DOMAIN.md; BPJS
# Ketenagakerjaan treats a BPU as non-active only after three unpaid months): the month of the
# last paid contribution and the two months after it.
BPU_ACTIVE_MONTHS = 3


def status_sql(period: str) -> str:
    """The status of a snapshot row under the rule of its segment, for a month (SQL).

    A BPU row with a last paid month (``paid_until``) is active while that month is one of the
    last ``BPU_ACTIVE_MONTHS`` months up to ``period`` (or later: paid in advance) and inactive
    after, whatever the extract's status says (BPJS marks a BPU inactive as soon as one month is
    unpaid). Every other row keeps the extract's status.
    """
    if not PERIOD_RE.match(period):
        raise ValueError(f"period must be YYYY-MM, got {period!r}")
    month = int(period[:4]) * 12 + int(period[5:7])
    paid = "(year(paid_until) * 12 + month(paid_until))"
    return (
        f"CASE WHEN segment = 'BPU' AND paid_until IS NOT NULL THEN CASE WHEN {month} - {paid}"
        f" < {BPU_ACTIVE_MONTHS} THEN '{ACTIVE}' ELSE '{INACTIVE}' END ELSE status END"
    )


PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection for the engine (no progress bar on the console)."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false").fetchall()
    objects.register(con)  # s3:// locations, when snapshots live in an object store
    return con


def location(stored: str) -> Path | str:
    """A snapshot location as the registry stores it: an object URL stays a string (``Path``
    would fold ``s3://`` into ``s3:/``), anything else is a local path."""
    return stored if objects.is_url(stored) else Path(stored)


def columns(stored: Path | str) -> list[str]:
    """The column names of a snapshot, on disk or in the object store (read through DuckDB, whose
    connections know the store; pyarrow would look for AWS itself)."""
    with connect() as con:
        described = con.execute(
            "DESCRIBE SELECT * FROM read_parquet($path, hive_partitioning = false)",
            {"path": str(stored)},
        ).fetchall()
    return [str(row[0]) for row in described]


@dataclass(frozen=True)
class WrittenSnapshot:
    period: str
    path: Path | str  # a string for an object URL (``s3://…``)
    rows: int  # participations (NIK × segment × employer)
    active: int  # people (distinct NIK hashes) with at least one active participation
    sha256: str


class SnapshotStore:
    """Where monthly snapshots live: ``<root>/<kind>/period=YYYY-MM/data.parquet``.

    ``root`` is a directory, or an object-store URL (``s3://bucket/prefix``; the connection
    must come from ``connect`` with the store configured, see ``semesta.engine.objects``).
    """

    def __init__(self, root: Path | str, kind: str = "participants") -> None:
        self.url = f"{str(root).rstrip('/')}/{kind}" if objects.is_url(root) else None
        self.root = Path(root) / kind

    def path(self, period: str, name: str = "data") -> Path:
        if not PERIOD_RE.match(period):
            raise ValueError(f"period must be YYYY-MM, got {period!r}")
        return self.root / f"period={period}" / f"{name}.parquet"

    def url_of(self, period: str, name: str = "data") -> str:
        """The object URL of a month's snapshot file (an object store only)."""
        assert self.url is not None
        return f"{self.url}/{self.path(period, name).relative_to(self.root)}"

    def write(
        self,
        con: duckdb.DuckDBPyConnection,
        period: str,
        select_sql: str,
        name: str = "data",
        several: str | None = None,
    ) -> WrittenSnapshot:
        """Write the rows of ``select_sql`` (participant columns) as a snapshot file of a month.

        Each row is one participation; its status is written under the rule of its segment for
        the month (``status_sql``), so every reader of the store sees the same active set, and
        the number of participations of its NIK (``participations``) is written beside it.

        ``several`` names a table of the NIK hashes that may have more than one row, when
        the caller knows them (as ``copy_snapshot``'s).

        The file appears under its final name only once complete, and each import writes a new
        name, so a crash mid-write leaves every snapshot the registry points at untouched.
        """
        if self.url is not None:
            # An object appears under its name only once its upload completes: no rename.
            url = self.url_of(period, name)
            rows, active, digest = copy_snapshot(con, period, select_sql, url)
            return WrittenSnapshot(period, url, rows, active, digest)
        target = self.path(period, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".parquet.partial")
        rows, active, digest = copy_snapshot(con, period, select_sql, partial, several=several)
        os.replace(partial, target)
        return WrittenSnapshot(period, target, rows, active, digest)

    def adopt(
        self, period: str, staged: Path, name: str, rows: int, active: int, sha256: str
    ) -> WrittenSnapshot:
        """Make a file already written by ``copy_snapshot`` (an import's staged rows) the
        snapshot file ``name`` of a month: linked (or copied) in, never rewritten."""
        if self.url is not None:
            url = self.url_of(period, name)
            objects.upload(staged, url)
            return WrittenSnapshot(period, url, rows, active, sha256)
        target = self.path(period, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".parquet.partial")
        partial.unlink(missing_ok=True)
        try:
            os.link(staged, partial)
        except OSError:
            shutil.copyfile(staged, partial)
        os.replace(partial, target)
        return WrittenSnapshot(period, target, rows, active, sha256)


def copy_snapshot(
    con: duckdb.DuckDBPyConnection,
    period: str,
    select_sql: str,
    target: Path | str,
    person: str = "nik_hash",
    params: dict[str, object] | None = None,
    several: str | None = None,
) -> tuple[int, int, str]:
    """Write the rows of ``select_sql`` in snapshot form to ``target``: the participant
    columns, each status under the rule of its segment for ``period`` and the number of
    participations of the row's person (``person``: a column of ``select_sql`` that identifies
    a person as the NIK hash does). Returns the rows, the active people and the file's SHA-256.

    Most people have one row: the persons with several (``several``, a table with a ``{person}``
    column, when the caller knows them already, or some who have one; else one hash aggregate
    finds them) are the only ones grouped, so the written file is never read back.

    A ``province`` column of ``select_sql`` (the province whose data each row came in) is kept;
    without one the column is written empty.
    """
    typed = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in PARTICIPANT_COLUMNS.items())
    given = con.execute(f"SELECT * FROM ({select_sql}) LIMIT 0", params or {}).description
    province = PROVINCE if any(d[0] == PROVINCE for d in given) else "NULL"
    typed += f", CAST({province} AS VARCHAR) AS {PROVINCE}"
    ruled = status_sql(period)
    columns = ", ".join(f"{ruled} AS status" if c == "status" else c for c in PARTICIPANT_COLUMNS)
    columns += f", {PROVINCE}"
    extra = "" if person in PARTICIPANT_COLUMNS else f", {person}"
    rows = f"(SELECT {typed}{extra} FROM ({select_sql}))"
    params = params or {}
    if several is None:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _snapshot_several AS SELECT {person} FROM {rows}"
            f" GROUP BY ALL HAVING count(*) > 1",
            params,
        ).fetchall()
        several = "_snapshot_several"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _snapshot_people AS
            SELECT {person} AS person, count(*) AS n, bool_or(({ruled}) = '{ACTIVE}') AS active
            FROM {rows} WHERE {person} IN (SELECT {person} FROM {several}) GROUP BY ALL""",
        params,
    ).fetchall()
    reader = con.sql(
        f"""SELECT {columns}, CAST(coalesce(m.n, 1) AS SMALLINT) AS {PARTICIPATIONS}
            FROM {rows} r LEFT JOIN _snapshot_people m ON m.person = r.{person}""",
        params=params,
    ).to_arrow_reader(ROW_GROUP)
    count, single_active = _write_parquet(reader, target)
    several_active = con.execute(
        "SELECT count(*) FILTER (WHERE active AND n > 1) FROM _snapshot_people"
    ).fetchall()[0][0]
    con.execute("DROP TABLE IF EXISTS _snapshot_people").fetchall()
    con.execute("DROP TABLE IF EXISTS _snapshot_several").fetchall()
    return int(count), int(single_active + several_active), file_sha256(target)


ROW_GROUP = 500_000


def _write_parquet(reader: pa.RecordBatchReader, target: Path | str) -> tuple[int, int]:
    """Stream the snapshot rows to a zstd Parquet file; returns the rows and the active rows of
    people with one participation, counted on the way (the file is never read back).

    Arrow's Parquet writer, not DuckDB's COPY: for these string columns it takes a third of
    the CPU (0.7 s against 2 s for a month of 2.9 million rows). The NIK hashes are random
    bytes: no dictionary or compression would make them smaller, so none is tried.
    """
    rows = single_active = 0
    names = reader.schema.names
    # An object appears under its name only if the whole file is written; a local target is
    # the caller's ``.partial`` name.
    with (
        _opened(target) as handle,
        pq.ParquetWriter(
            handle,
            reader.schema,
            compression={c: "none" if c == "nik_hash" else "zstd" for c in names},
            use_dictionary=[c for c in names if c != "nik_hash"],
            # Nor statistics: the least and greatest of random bytes narrow no search.
            write_statistics=[c for c in names if c != "nik_hash"],
        ) as writer,
        closing(_ahead(reader)) as batches,  # its producer stopped, however this ends
    ):
        for batch in batches:
            writer.write_batch(batch, row_group_size=ROW_GROUP)
            rows += batch.num_rows
            alone = pc.and_(
                pc.equal(batch.column("status"), ACTIVE),
                pc.equal(batch.column(PARTICIPATIONS), 1),
            )
            single_active += pc.sum(alone.cast(pa.int64())).as_py() or 0
    return rows, single_active


def _ahead(reader: pa.RecordBatchReader, depth: int = 2) -> Generator[pa.RecordBatch, None, None]:
    """The reader's batches, produced by the engine in a thread of its own while the caller
    encodes the ones before (both release the interpreter): the query and the Parquet writer
    overlap instead of taking turns. A caller that stops early stops the producer too."""
    handed: queue.Queue[pa.RecordBatch | BaseException | None] = queue.Queue(depth)
    stop = threading.Event()

    def offer(item: pa.RecordBatch | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                handed.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for batch in reader:
                if not offer(batch):
                    return
            offer(None)
        except BaseException as error:  # raised again in the caller's thread
            offer(error)

    producer = threading.Thread(target=produce, name="snapshot-rows", daemon=True)
    producer.start()
    try:
        while (item := handed.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        producer.join()


def _opened(target: Path | str) -> AbstractContextManager[Any]:
    """Where a snapshot is written: an object opened for writing, or a local file's path,
    which Arrow opens itself (a Python file object would take the interpreter's lock for
    every page written, and wait for it while other threads run Python)."""
    return objects.writing(str(target)) if objects.is_url(target) else nullcontext(str(target))


def file_sha256(path: Path | str) -> str:
    """SHA-256 of a file (or of an object, for a URL), read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with objects.open_object(str(path)) if objects.is_url(path) else open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
