"""A CLI import killed with ``kill -9`` at any stage changes nothing, and ``semesta worker``
marks its batch abandoned instead of applying it.

Real processes against a real SQLite file: the import pauses at a stage through the test hook
``SEMESTA_TEST_PAUSE_AT`` (see ``semesta.imports.lifecycle.pause_point``), is killed there, and
the worker then runs once.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SEMESTA = [sys.executable, "-m", "semesta.cli"]
SETUP = """
from semesta.accounts.models import Membership, Role, User
from semesta.regions.services import set_rw_layer
set_rw_layer("31.75.01.1004", [2, 2])
user = User.objects.create_user("petugas.palmeriam", password="rahasia-123")
Membership.objects.create(user=user, role=Role.KELURAHAN_OFFICER, region_id="31.75.01.1004")
"""
ROSTER = "NIK,Nama,Kelurahan,RW\n"
PARTICIPANTS = "NIK;Segmen;Status;Kelurahan;Tanggal Daftar\n"


def run(data: Path, *args: str, env: dict | None = None, check: bool = True):
    environment = {**os.environ, "SEMESTA_DATA_DIR": str(data), **(env or {})}
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [*SEMESTA, *args], env=environment, check=check, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A data directory with the regions, an officer of Palmeriam, a roster and a month."""
    data = tmp_path_factory.mktemp("template")
    run(data, "migrate", "-v0")
    run(data, "shell", "-c", SETUP)
    files = tmp_path_factory.mktemp("files")
    roster = files / "awal.csv"
    roster.write_text(
        ROSTER + "3175011203900001,Siti,Palmeriam,1\n3175015203900002,Budi,Palmeriam,2\n"
    )
    run(data, "import", "roster", str(roster), "--as-user", "petugas.palmeriam", "--yes")
    month = files / "juli.csv"
    month.write_text(PARTICIPANTS + "3175011203900001;BPU;AKTIF;Palmeriam;01/01/2024\n")
    run(data, "import", "participants", str(month), "--period", "2025-07", "--yes")
    return data


def state(data: Path) -> dict:
    with sqlite3.connect(data / "semesta.sqlite3") as db:
        return {
            "roster": db.execute(
                "SELECT id, region_id, name, nik_masked FROM workers_rosterworker ORDER BY id"
            ).fetchall(),
            "snapshots": db.execute(
                "SELECT period, path, rows, sha256 FROM coverage_snapshot ORDER BY period"
            ).fetchall(),
            "facts": db.execute(
                "SELECT period, region_code, segment, registered, active FROM coverage_coveragefact"
                " ORDER BY 1, 2, 3"
            ).fetchall(),
        }


def batches(data: Path) -> list[tuple]:
    with sqlite3.connect(data / "semesta.sqlite3") as db:
        return db.execute("SELECT id, kind, status FROM imports_importbatch ORDER BY id").fetchall()


def kill_at(data: Path, stage: str, *args: str) -> None:
    mark = data / f"paused-{stage}"
    environment = {
        **os.environ,
        "SEMESTA_DATA_DIR": str(data),
        "SEMESTA_TEST_PAUSE_AT": stage,
        "SEMESTA_TEST_PAUSE_MARK": str(mark),
    }
    environment.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [*SEMESTA, *args], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not mark.exists():
        if process.poll() is not None:
            raise AssertionError(f"ended before {stage}: {process.stderr.read().decode()}")
        assert time.monotonic() < deadline, f"never reached {stage}"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()


@pytest.mark.parametrize("stage", ["reading", "checking", "staging", "applying"])
def test_a_roster_import_killed_while_stage_changes_nothing(template, tmp_path, stage):
    data = tmp_path / "data"
    shutil.copytree(template, data)
    before = state(data)
    replacement = tmp_path / "ganti.csv"
    replacement.write_text(ROSTER + "3175011203900003,Cici,Palmeriam,1\n")  # drops Siti and Budi
    kill_at(
        data, stage, "import", "roster", str(replacement), "--as-user", "petugas.palmeriam", "--yes"
    )
    assert state(data) == before
    killed = batches(data)[-1]
    run(data, "worker", "--once")
    assert state(data) == before
    assert batches(data)[-1] == (killed[0], "roster", "abandoned")


def test_a_participants_import_killed_while_applying_leaves_the_month_as_it_was(template, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(template, data)
    before = state(data)
    month = tmp_path / "juli-baru.csv"
    month.write_text(PARTICIPANTS + "3175015203900002;PU;AKTIF;Palmeriam;01/01/2024\n")
    kill_at(data, "applying", "import", "participants", str(month), "--period", "2025-07", "--yes")
    run(data, "worker", "--once")
    assert state(data) == before
    assert batches(data)[-1][2] == "abandoned"
    snapshot_file = Path(before["snapshots"][0][1])
    assert snapshot_file.exists()  # the registry still points at the file it pointed at


def test_the_worker_does_not_touch_a_batch_the_cli_is_still_holding(template, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(template, data)
    replacement = tmp_path / "ganti.csv"
    replacement.write_text(ROSTER + "3175011203900003,Cici,Palmeriam,1\n")
    mark = data / "paused"
    environment = {
        **os.environ,
        "SEMESTA_DATA_DIR": str(data),
        "SEMESTA_TEST_PAUSE_AT": "staging",
        "SEMESTA_TEST_PAUSE_MARK": str(mark),
    }
    environment.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [*SEMESTA, "import", "roster", str(replacement), "--as-user", "petugas.palmeriam", "--yes"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not mark.exists():
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        run(data, "worker", "--once")  # its owner is alive and its lease current
        assert batches(data)[-1][2] == "checking"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_a_worker_asked_to_stop_finishes_what_it_holds_and_exits(template, tmp_path, stop_signal):
    """Ctrl+C or a service manager's SIGTERM stops ``semesta worker`` between batches, with a
    word and status 0 (not a traceback, and not swallowed by a query it was running)."""
    data = tmp_path / "data"
    shutil.copytree(template, data)
    environment = {**os.environ, "SEMESTA_DATA_DIR": str(data)}
    environment.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [*SEMESTA, "worker"], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout.readline().strip() == b"Pekerja impor berjalan."
    process.send_signal(stop_signal)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.decode().strip() == "Berhenti." and b"Traceback" not in err
