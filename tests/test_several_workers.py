"""Several ``semesta worker`` processes on one queue (docs/national.md, Beyond one machine):
two real worker processes against the same data directory and database take the waiting
batches between them, and each batch is checked and applied (or held) exactly once — with the
snapshots in the data directory, and again in an S3 bucket both workers share.

The workers claim batches with a conditional UPDATE and keep them with a lease
(``semesta.imports.lifecycle``); this is the test that they do so with two of them running.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from semesta.engine import objects
from tests.s3_server import environment, s3_server
from tests.test_batch_kill import PARTICIPANTS, ROSTER, SEMESTA, SETUP, run

# 4 clean roster files (applied), 2 with a bad row in three (held: over 5 % rejected), and
# three months of participants (applied, each its own snapshot).
CLEAN, HELD = 4, 2
MONTHS = ("2025-05", "2025-06", "2025-07")
QUEUE = """
import json, os
from pathlib import Path
from semesta.access import SYSTEM
from semesta.accounts.models import User
from semesta.imports.models import ImportBatch
from semesta.imports.services import queue_import
officer = User.objects.get(username="petugas.palmeriam")
for kind, path, period in json.loads(Path(os.environ["QUEUE_FILE"]).read_text()):
    principal = officer if kind == "roster" else SYSTEM
    queue_import(principal, kind, Path(path), period=period, mode=ImportBatch.Mode.APPEND)
"""


def nik(number: int) -> str:
    return f"317501120390{number:04d}"  # Matraman, born 12-03-1990


def files(folder: Path) -> list[tuple[str, str, str | None]]:
    """The waiting files, in the order they are queued: (kind, path, period)."""
    queued = []
    for index in range(CLEAN + HELD):
        first = 10 * index + 1
        lines = [f"{nik(first + k)},Warga {first + k},Palmeriam,1" for k in range(3)]
        if index >= CLEAN:
            lines[2] = f"12345,Salah {index},Palmeriam,1"  # not a NIK: rejected
        path = folder / f"roster-{index}.csv"
        path.write_text(ROSTER + "\n".join(lines) + "\n")
        queued.append(("roster", str(path), None))
    for index, month in enumerate(MONTHS):
        path = folder / f"peserta-{month}.csv"
        path.write_text(PARTICIPANTS + f"{nik(index + 1)};BPU;AKTIF;Palmeriam;01/01/2024\n")
        queued.append(("participants", str(path), month))
    return queued


def worker(data: Path, env: dict[str, str]) -> subprocess.Popen:
    """A ``semesta worker`` process, returned once it is running (polling an empty queue)."""
    environment = {
        **os.environ,
        "SEMESTA_DATA_DIR": str(data),
        "SEMESTA_LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    environment.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [*SEMESTA, "worker"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "Pekerja impor berjalan."
    return process


def settled(data: Path) -> list[tuple]:
    with sqlite3.connect(data / "semesta.sqlite3") as db:
        return db.execute(
            "SELECT id, kind, status, rows_total, rows_accepted, rows_rejected, owner"
            " FROM imports_importbatch ORDER BY id"
        ).fetchall()


@pytest.fixture(params=["directory", "bucket"])
def snapshot_store(request) -> Iterator[tuple[dict[str, str], Callable[[str], int]]]:
    """Where the workers keep snapshots: the data directory, or an S3 bucket they share (as
    workers on several machines would); yields their variables and a count of a month's files."""
    if request.param == "directory":
        data = request.getfixturevalue("tmp_path") / "data"
        yield {}, lambda month: len(list(data.glob(f"snapshots/*/period={month}/*.parquet")))
        return
    with s3_server() as storage:
        files = objects.filesystem(storage)
        yield (
            environment(storage, "workers"),
            lambda month: len(files.ls(f"semesta/workers/participants/period={month}")),
        )


def test_two_workers_apply_each_waiting_batch_exactly_once(tmp_path, snapshot_store):
    env, files_of = snapshot_store
    data = tmp_path / "data"
    run(data, "migrate", "-v0", env=env)
    run(data, "shell", "-c", SETUP, env=env)
    queue = tmp_path / "queue.json"
    queue.write_text(json.dumps(files(tmp_path)))
    workers: list[subprocess.Popen] = []
    try:
        workers += [worker(data, env), worker(data, env)]  # both idle when batches arrive
        run(data, "shell", "-c", QUEUE, env={**env, "QUEUE_FILE": str(queue)})
        deadline = time.monotonic() + 240
        while any(row[2] in ("received", "checking", "applying") for row in settled(data)):
            assert all(w.poll() is None for w in workers), "a worker stopped"
            assert time.monotonic() < deadline, settled(data)
            time.sleep(0.5)
    finally:
        for process in workers:
            process.send_signal(signal.SIGINT)
        logs = [process.communicate(timeout=60)[1] for process in workers]
    assert len(settled(data)) == CLEAN + HELD + len(MONTHS)

    batches = settled(data)
    expected = ["applied"] * CLEAN + ["held"] * HELD + ["applied"] * len(MONTHS)
    assert [row[2] for row in batches] == expected
    assert all(total == accepted + rejected for _, _, _, total, accepted, rejected, _ in batches)
    assert [row[5] for row in batches[:CLEAN + HELD]] == [0] * CLEAN + [1] * HELD  # fmt: skip
    assert all(owner == "" for *_, owner in batches)

    # Each batch was taken by one worker, once; between them they took every batch.
    taken = [re.findall(r"import batch (\d+) (\w+) by", log) for log in logs]
    ids = [int(pk) for log in taken for pk, _ in log]
    assert sorted(ids) == [row[0] for row in batches]
    assert "Traceback" not in "".join(logs) and "database is locked" not in "".join(logs)

    with sqlite3.connect(data / "semesta.sqlite3") as db:
        settles = db.execute(
            "SELECT object_id, count(*) FROM accounts_auditevent WHERE object_type = 'import_batch'"
            " GROUP BY object_id"
        ).fetchall()
        roster = db.execute("SELECT count(*) FROM workers_rosterworker").fetchone()[0]
        months = db.execute(
            "SELECT period, batch_id FROM coverage_snapshot ORDER BY period"
        ).fetchall()
    assert sorted((int(pk), n) for pk, n in settles) == [(row[0], 1) for row in batches]
    assert roster == 3 * CLEAN  # the held files added nobody
    applied_months = [row[0] for row in batches if row[1] == "participants"]
    assert months == [(f"{m}-01", pk) for m, pk in zip(MONTHS, applied_months, strict=True)]
    for month in MONTHS:  # one file per month: no batch wrote its snapshot twice
        assert files_of(month) == 1
    if env:  # every worker read and wrote the bucket, none its own disk
        assert not list(data.glob("snapshots/**/*.parquet"))
        assert all(path.startswith("s3://semesta/workers/") for path in snapshot_paths(data))


def snapshot_paths(data: Path) -> list[str]:
    with sqlite3.connect(data / "semesta.sqlite3") as db:
        return [path for (path,) in db.execute("SELECT path FROM coverage_snapshot")]
