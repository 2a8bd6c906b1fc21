"""The snapshot writer's read-ahead: the engine produces the next rows while Arrow encodes the
ones before, and neither side is left running when the other stops."""

from __future__ import annotations

import subprocess
import sys
import threading
from contextlib import closing

import pyarrow as pa
import pytest

from semesta.engine.store import _ahead


def _reader(batches: int, fail_at: int | None = None) -> pa.RecordBatchReader:
    schema = pa.schema([("n", pa.int64())])

    def produce():
        for i in range(batches):
            if i == fail_at:
                raise ValueError("the engine failed midway")
            yield pa.record_batch([pa.array([i] * 3, pa.int64())], schema=schema)

    return pa.RecordBatchReader.from_batches(schema, produce())


def _producers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "snapshot-rows"]


def test_it_hands_every_batch_in_order():
    with closing(_ahead(_reader(7))) as batches:
        seen = [batch.column(0)[0].as_py() for batch in batches]
    assert seen == list(range(7))
    assert not _producers()


def test_an_engine_error_reaches_the_caller():
    seen = []
    with pytest.raises(ValueError, match="failed midway"), closing(_ahead(_reader(9, 4))) as it:
        seen.extend(batch.column(0)[0].as_py() for batch in it)
    assert seen == [0, 1, 2, 3]
    assert not _producers()


def test_a_caller_that_stops_early_stops_the_producer():
    with closing(_ahead(_reader(50), depth=1)) as batches:
        next(batches)
    assert not _producers()  # joined by close(), not left blocked on a full queue


def test_arrow_work_leaves_pandas_unloaded_until_asked_for(tmp_path):
    """pyarrow would import pandas (installed with the spark extra) on its first array; the
    engine keeps it from doing so, and converting to pandas still works when asked."""
    pytest.importorskip("pandas")
    script = """
import sys
import semesta.engine.store
import duckdb, pyarrow as pa
con = duckdb.connect()
con.register("t", pa.table({"a": [1, 2]}))
assert con.sql("SELECT sum(a) FROM t").fetchall() == [(3,)]
assert "pandas" not in sys.modules, "pandas was imported"
assert pa.table({"a": [1]}).to_pandas().shape == (1, 1)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
