"""Backup and restore: a wiped data directory and database come back whole, keys apart."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from semesta import conf
from semesta.accounts.models import User
from semesta.coverage import services
from semesta.coverage.lookup import look_up
from semesta.coverage.models import CoverageFact, Snapshot
from semesta.nik import decrypt_nik, encrypt_nik, nik_hash
from semesta.workers.models import RosterWorker
from tests import snapshots
from tests.snapshots import row

ROOT = Path(__file__).resolve().parents[1]
NIK = "3171011203900001"
KEYS = {
    "SEMESTA_NIK_HASH_KEY": django_settings.NIK_HASH_KEY,
    "SEMESTA_NIK_ENCRYPTION_KEY": django_settings.NIK_ENCRYPTION_KEY,
}


@pytest.fixture
def data_dir(settings, tmp_path):
    """A data directory of its own, with the fingerprints of the keys its data are made with."""
    folder = tmp_path / "data"
    folder.mkdir()
    settings.DATA_DIR = folder
    settings.SNAPSHOT_DIR = folder / "snapshots"
    settings.IMPORT_DIR = folder / "imports"
    settings.MEDIA_ROOT = folder / "media"
    conf.write_fingerprints(folder, KEYS)
    return folder


@pytest.fixture
def holdings(regions_loaded, data_dir):
    """Two months of participants with one known NIK, their facts, a roster worker, a document."""
    officer = User.objects.create_user("petugas", password="rahasia-123")
    officer.memberships.create(role="kota_officer", region_id="31.71")
    key = bytes.fromhex(KEYS["SEMESTA_NIK_HASH_KEY"])
    for period, active in (("2025-06", True), ("2025-07", False)):
        rows = row("31.71.01.1001", 2, "BPU", active=active) + row("31.71.01.1001", 1, "PU", n=3)
        rows[0]["nik_hash"] = nik_hash(NIK, key)
        services.register_snapshot(snapshots.write(services.store(), period, rows), "uji")
    services.recompute()
    RosterWorker.objects.create(
        region_id="31.71.01.1001",
        name="Siti",
        nik_encrypted=encrypt_nik(NIK, KEYS["SEMESTA_NIK_ENCRYPTION_KEY"].encode()),
        nik_hash=nik_hash(NIK, key),
        nik_masked="3171********0001",
    )
    (data_dir / "media" / "produk-hukum").mkdir(parents=True)
    (data_dir / "media" / "produk-hukum" / "pergub.pdf").write_bytes(b"%PDF-1.4 uji")
    return officer


def state(officer) -> dict:
    facts = sorted(
        CoverageFact.objects.values_list("period", "region_code", "segment", "active", "registered")
    )
    worker = RosterWorker.objects.get()
    months = look_up(officer, NIK)["months"]
    return {
        "facts": facts,
        "lookup": [(m["period"], m["status"], m["segment"]) for m in months],
        "roster_nik": decrypt_nik(
            worker.nik_encrypted, KEYS["SEMESTA_NIK_ENCRYPTION_KEY"].encode()
        ),
        "roster_hash": bytes(worker.nik_hash)
        == nik_hash(NIK, bytes.fromhex(KEYS[conf.NIK_KEYS[0]])),
    }


def wipe(data_dir: Path) -> None:
    RosterWorker.objects.all().delete()
    CoverageFact.objects.all().delete()
    Snapshot.objects.all().delete()
    User.objects.all().delete()
    shutil.rmtree(data_dir)
    data_dir.mkdir()


@pytest.mark.django_db(transaction=True)
def test_it_restores_facts_and_nik_look_ups_after_a_wipe(holdings, data_dir, tmp_path):
    before = state(holdings)
    assert before["lookup"] and before["facts"] and before["roster_nik"] == NIK
    archive, keys = tmp_path / "semesta.tar.gz", tmp_path / "kunci.json"
    call_command("backup", str(archive), keys=str(keys))
    wipe(data_dir)
    call_command("restore", str(archive), keys=str(keys))
    assert state(User.objects.get(username="petugas")) == before
    assert (data_dir / "media/produk-hukum/pergub.pdf").read_bytes() == b"%PDF-1.4 uji"
    assert (data_dir / "secrets" / "semesta_nik_hash_key").stat().st_mode & 0o077 == 0


@pytest.mark.django_db(transaction=True)
def test_it_points_snapshots_at_the_new_data_directory(holdings, data_dir, tmp_path, settings):
    archive, keys = tmp_path / "semesta.tar.gz", tmp_path / "kunci.json"
    call_command("backup", str(archive), keys=str(keys))
    elsewhere = tmp_path / "baru"
    elsewhere.mkdir()
    wipe(data_dir)
    settings.DATA_DIR, settings.SNAPSHOT_DIR = elsewhere, elsewhere / "snapshots"
    call_command("restore", str(archive), keys=str(keys))
    paths = [Path(p) for p in Snapshot.objects.values_list("path", flat=True)]
    assert len(paths) == 2 and all(p.is_relative_to(elsewhere) and p.exists() for p in paths)
    assert look_up(User.objects.get(username="petugas"), NIK)["months"]


@pytest.mark.django_db(transaction=True)
def test_the_archive_has_checksums_relative_paths_and_no_secret(holdings, data_dir, tmp_path):
    archive = tmp_path / "semesta.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        blob = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert all(not n.startswith("/") and ".." not in n for n in names)
    assert not any("secrets" in n for n in names)
    assert {f["path"] for f in manifest["files"]} | {"manifest.json"} == set(names)
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])
    for key in (*KEYS.values(), django_settings.SECRET_KEY):
        assert key.encode() not in blob
    assert archive.stat().st_mode & 0o077 == 0
    member = "database/semesta.pgdump" if connection.vendor == "postgresql" else "database/"
    assert any(n.startswith(member) for n in names)


@pytest.mark.django_db(transaction=True)
def test_it_exports_the_keys_readable_by_the_owner_only(data_dir, tmp_path):
    call_command("backup", keys=str(tmp_path / "kunci.json"))
    exported = tmp_path / "kunci.json"
    assert exported.stat().st_mode & 0o777 == 0o600
    assert (
        json.loads(exported.read_text())["keys"]["SEMESTA_NIK_HASH_KEY"]
        == KEYS["SEMESTA_NIK_HASH_KEY"]
    )


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_damaged_archive_and_changes_nothing(holdings, data_dir, tmp_path):
    archive, keys = tmp_path / "semesta.tar.gz", tmp_path / "kunci.json"
    call_command("backup", str(archive), keys=str(keys))
    damaged = tmp_path / "rusak.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("pergub.pdf"):
                data = b"%PDF-1.4 ubah"[: len(data)].ljust(len(data), b"!")
            target.addfile(member, io.BytesIO(data))
    wipe(data_dir)
    with pytest.raises(CommandError, match=r"Checksum data/media/produk-hukum/pergub\.pdf"):
        call_command("restore", str(damaged), keys=str(keys))
    assert list(data_dir.iterdir()) == [] and not CoverageFact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_overwrite_data_without_force(holdings, data_dir, tmp_path):
    archive, keys = tmp_path / "semesta.tar.gz", tmp_path / "kunci.json"
    call_command("backup", str(archive), keys=str(keys))
    with pytest.raises(CommandError, match=r"sudah berisi data.*--force"):
        call_command("restore", str(archive), keys=str(keys))
    call_command("restore", str(archive), keys=str(keys), force=True)
    assert RosterWorker.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_refuses_keys_that_did_not_make_the_data(holdings, data_dir, tmp_path):
    archive = tmp_path / "semesta.tar.gz"
    call_command("backup", str(archive))
    other = tmp_path / "lain.json"
    other.write_text(
        json.dumps(
            {
                "format": "semesta-keys",
                "keys": {
                    "SEMESTA_NIK_HASH_KEY": "ab" * 32,
                    "SEMESTA_NIK_ENCRYPTION_KEY": KEYS["SEMESTA_NIK_ENCRYPTION_KEY"],
                },
            }
        )
    )
    wipe(data_dir)
    with pytest.raises(CommandError, match="SEMESTA_NIK_HASH_KEY di berkas kunci bukan kunci"):
        call_command("restore", str(archive), keys=str(other))


# -- refusing to start without the key that made the data -----------------------------------------


def semesta(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SEMESTA_NIK_")}
    clean.pop("SEMESTA_SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "semesta.cli", *args],
        env={**clean, "SEMESTA_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_it_refuses_to_start_when_the_key_of_the_data_is_missing(tmp_path):
    first = semesta(tmp_path, "help")
    assert first.returncode == 0, first.stderr
    (tmp_path / "snapshots/participants/period=2025-07").mkdir(parents=True)
    (tmp_path / "snapshots/participants/period=2025-07/data.parquet").write_bytes(b"PAR1")
    shutil.rmtree(tmp_path / "secrets")
    started = semesta(tmp_path, "help")
    assert started.returncode == 2 and "Traceback" not in started.stderr
    assert "SEMESTA_NIK_HASH_KEY tidak ditemukan" in started.stderr
    assert not (tmp_path / "secrets" / "semesta_nik_hash_key").exists()  # no new key made


def test_it_refuses_a_key_other_than_the_one_that_made_the_data(tmp_path):
    assert semesta(tmp_path, "help").returncode == 0
    started = semesta(tmp_path, "help", SEMESTA_NIK_HASH_KEY="cd" * 32)
    assert started.returncode == 2 and "Traceback" not in started.stderr
    assert "SEMESTA_NIK_HASH_KEY: kunci ini bukan kunci yang membuat data" in started.stderr


def test_it_makes_no_key_over_snapshots_made_before_fingerprints_existed(tmp_path):
    (tmp_path / "snapshots/participants/period=2025-07").mkdir(parents=True)
    (tmp_path / "snapshots/participants/period=2025-07/data.parquet").write_bytes(b"PAR1")
    started = semesta(tmp_path, "help")
    assert started.returncode == 2 and "tidak membuat kunci baru" in started.stderr
