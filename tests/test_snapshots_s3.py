"""Snapshots on S3-compatible object storage (``SEMESTA_SNAPSHOT_URL``), against a real
S3-protocol server over HTTP (moto's, in the test process): the store writes each month as one
object, DuckDB reads it through s3fs, and the facts are the same as from the data directory."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from django.core.management import call_command

from semesta import conf
from semesta.coverage import services
from semesta.coverage.models import CoverageFact
from semesta.engine import objects
from semesta.engine.lookup import history
from semesta.engine.store import SnapshotStore, connect, copy_snapshot
from tests import snapshots
from tests.s3_server import environment, s3_server

KEL_A = "31.71.01.1001"
KEL_B = "31.75.01.1001"


@pytest.fixture(scope="module")
def storage():
    with s3_server() as running:
        yield running


@pytest.fixture
def configured(storage):
    objects.configure(storage)
    yield storage
    objects.configure(None)


def july_rows() -> list[dict]:
    rows = snapshots.row(KEL_A, 1, n=3) + snapshots.row(KEL_A, 2, "BPU", active=False)
    rows += snapshots.row(KEL_B, None, "JAKON", n=2) + snapshots.row(None, None, "PMI")
    for number, item in enumerate(rows):
        item["nik_hash"] = number.to_bytes(16, "big")
    return rows


def write(store: SnapshotStore, rows: list[dict], period: str = "2025-07"):
    with connect() as con:
        con.register("rows_in", pa.Table.from_pylist(rows))
        return store.write(con, period, "SELECT * FROM rows_in")


def test_it_writes_a_month_as_one_object_byte_for_byte_as_on_disk(configured, tmp_path):
    on_disk = write(SnapshotStore(tmp_path), july_rows())
    in_bucket = write(SnapshotStore("s3://semesta/unit/"), july_rows())
    assert in_bucket.path == "s3://semesta/unit/participants/period=2025-07/data.parquet"
    body = objects.filesystem(configured).cat_file(in_bucket.path)
    assert hashlib.sha256(body).hexdigest() == in_bucket.sha256 == on_disk.sha256
    assert (in_bucket.rows, in_bucket.active) == (on_disk.rows, on_disk.active) == (7, 6)
    assert not objects.filesystem(configured).exists(in_bucket.path + ".partial")


def test_it_adopts_a_staged_file_by_uploading_it(configured, tmp_path):
    staged = tmp_path / "staged.parquet"
    with connect() as con:
        con.register("rows_in", pa.Table.from_pylist(july_rows()))
        rows, active, sha256 = copy_snapshot(con, "2025-07", "SELECT * FROM rows_in", staged)
    written = SnapshotStore("s3://semesta/unit").adopt(
        "2025-07", staged, "batch-000001", rows, active, sha256
    )
    assert written.path.endswith("/period=2025-07/batch-000001.parquet")
    assert objects.filesystem(configured).cat_file(written.path) == staged.read_bytes()


def _compute_json(capsys) -> dict:
    call_command("compute", "--period", "2025-07", "--engine", "duckdb", "--json")
    return json.loads(capsys.readouterr().out)


def _facts() -> list[tuple]:
    return sorted(
        CoverageFact.objects.values_list("period", "region_code", "segment", "registered", "active")
    )


def test_it_computes_the_same_facts_from_the_bucket_as_from_the_data_directory(
    db, configured, settings, capsys
):
    services.register_snapshot(write(services.store(), july_rows()), "uji")
    local = _compute_json(capsys)
    services.recompute()
    local_facts = _facts()
    settings.SNAPSHOT_URL = "s3://semesta/computed"
    services.register_snapshot(write(services.store(), july_rows()), "uji")
    assert services.store().url == "s3://semesta/computed/participants"
    from_bucket = _compute_json(capsys)
    assert json.dumps(from_bucket, sort_keys=True) == json.dumps(local, sort_keys=True)
    assert len(local["facts"]) > 300
    services.recompute()
    assert _facts() == local_facts


def test_it_reads_a_month_on_disk_and_the_next_in_the_bucket_together(db, configured, settings):
    """Moving to a bucket: earlier months stay where they were written, later ones go to the
    bucket, and a month's lapses compare across the two."""
    june = write(services.store(), july_rows(), "2025-06")
    assert isinstance(june.path, Path)
    services.register_snapshot(june, "uji")
    settings.SNAPSHOT_URL = "s3://semesta/moved"
    july = july_rows()
    july[0]["status"] = "INACTIVE"  # one person lapses in July
    services.register_snapshot(write(services.store(), july), "uji")
    services.recompute()
    top = CoverageFact.objects.get(period=date(2025, 7, 1), region_code="31", segment="ALL")
    assert (top.active, top.lapsed) == (5, 1)


def test_it_finds_a_persons_months_in_the_bucket(configured):
    written = write(SnapshotStore("s3://semesta/lookup"), july_rows())
    months = history({"2025-07": written.path}, (0).to_bytes(16, "big"))
    assert [(m["period"], m["segment"], m["kelurahan_code"]) for m in months] == [
        ("2025-07", "PU", KEL_A)
    ]


def test_it_refuses_a_snapshot_url_that_is_not_s3(monkeypatch):
    monkeypatch.setenv("SEMESTA_SNAPSHOT_URL", "/srv/snapshots")
    with pytest.raises(conf.ConfigError) as error:
        conf.env_url("SEMESTA_SNAPSHOT_URL", ("s3",), "s3://semesta/snapshots")
    assert str(error.value) == (
        "SEMESTA_SNAPSHOT_URL='/srv/snapshots': alamat tidak valid; contoh: s3://semesta/snapshots"
    )
    monkeypatch.setenv("SEMESTA_S3_ENDPOINT", "http://minio:port")
    with pytest.raises(conf.ConfigError) as error:
        conf.env_url("SEMESTA_S3_ENDPOINT", ("http", "https"), "http://minio:9000")
    assert str(error.value).startswith("SEMESTA_S3_ENDPOINT='http://minio:port': alamat tidak")


def test_it_keeps_the_data_directory_when_no_url_is_set(monkeypatch):
    monkeypatch.delenv("SEMESTA_SNAPSHOT_URL", raising=False)
    assert conf.env_url("SEMESTA_SNAPSHOT_URL", ("s3",), "s3://semesta/snapshots") == ""
    assert SnapshotStore(Path("/srv/data/snapshots")).url is None


# The whole path in real processes: ``semesta import participants`` writes the month into the
# bucket, the import's recompute and ``semesta compute`` read it back, in processes that share
# nothing with this one but the S3 server.

SEMESTA = [sys.executable, "-m", "semesta.cli"]
HEADER = "NIK;Segmen;Status;Kelurahan;Tanggal Daftar\n"
JULY = HEADER + "3175011203900001;BPU;AKTIF;Palmeriam;01/01/2024\n"
JULY_MORE = HEADER + "3175015203900002;PU;AKTIF;Palmeriam;01/01/2024\n"


# The same keys in both data directories, so both write the same NIK hashes.
KEYS = {
    "SEMESTA_NIK_HASH_KEY": "ab" * 32,
    "SEMESTA_NIK_ENCRYPTION_KEY": base64.urlsafe_b64encode(bytes(range(32))).decode(),
}


def run(data: Path, *args: str, env: dict | None = None) -> str:
    variables = {**os.environ, "SEMESTA_DATA_DIR": str(data), **KEYS, **(env or {})}
    variables.pop("DATABASE_URL", None)
    done = subprocess.run([*SEMESTA, *args], env=variables, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _month(data: Path, files: Path, env: dict | None) -> dict:
    """Migrate, import July twice (the second merged into the first) and print its facts."""
    run(data, "migrate", "-v0", env=env)
    for name, text in (("juli.csv", JULY), ("juli-tambahan.csv", JULY_MORE)):
        (files / name).write_text(text)
        run(data, "import", "participants", str(files / name), "--period", "2025-07", "--yes",
            env=env)  # fmt: skip
    printed = json.loads(run(data, "compute", "--period", "2025-07", "--json", env=env))
    with sqlite3.connect(data / "semesta.sqlite3") as db:
        stored = db.execute("SELECT path, sha256 FROM coverage_snapshot").fetchall()
        facts = db.execute(
            "SELECT period, region_code, segment, registered, active, lapsed"
            " FROM coverage_coveragefact ORDER BY 1, 2, 3"
        ).fetchall()
    return {"printed": printed, "stored": stored, "facts": facts}


def test_semesta_processes_import_and_compute_through_the_bucket(storage, tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    local = _month(tmp_path / "local", files, None)
    remote = _month(tmp_path / "remote", files, environment(storage, "e2e"))
    assert remote["printed"] == local["printed"]
    assert remote["facts"] == local["facts"] and len(local["facts"]) > 300
    [(path, sha256)] = remote["stored"]
    assert path.startswith("s3://semesta/e2e/participants/period=2025-07/batch-")
    body = objects.filesystem(storage).cat_file(path)
    assert hashlib.sha256(body).hexdigest() == sha256 == local["stored"][0][1]
    assert len(objects.filesystem(storage).ls("semesta/e2e/participants/period=2025-07")) == 2
    assert not list((tmp_path / "remote" / "snapshots").glob("**/*.parquet"))


@pytest.mark.parametrize("megabytes", [1, 60])
def test_an_object_written_with_an_error_midway_never_appears(configured, megabytes):
    """A snapshot object is uploaded as it is written (in parts past s3fs's 50 MB block); when
    its writer fails midway the upload is abandoned: nothing appears under the name."""
    url = f"s3://semesta/failing/{megabytes}.parquet"
    with pytest.raises(RuntimeError, match="rusak"), objects.writing(url) as handle:
        for _ in range(megabytes):
            handle.write(os.urandom(1 << 20))
        raise RuntimeError("rusak")
    assert not objects.filesystem(configured).exists(url)
    with objects.writing(url) as handle:
        handle.write(b"utuh")
    assert objects.filesystem(configured).cat_file(url) == b"utuh"
