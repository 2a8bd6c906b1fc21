"""Backup and restore of a data directory and its database (`semesta backup`, `semesta restore`).

An archive is a gzipped tar holding ``database/`` (an SQLite online backup, or a ``pg_dump``
custom-format dump of PostgreSQL), ``data/`` (the snapshot store, imports and their error
reports, uploaded documents, generated reports: everything under the data directory except the
secrets and what Semesta rebuilds by itself) and ``manifest.json`` (every member's size and
SHA-256, the fingerprints of the NIK keys the data were made with). Paths are relative; no
secret enters it. The keys go to a separate file (``export_keys``), readable by its owner only.

The database is copied before the files: snapshot files are immutable and only ever added, so
every file the copied database points at is in the archive.
"""

from __future__ import annotations

import datetime as dt
import errno
import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from semesta import conf

FORMAT = "semesta-backup"
KEYS_FORMAT = "semesta-keys"
VERSION = 1
# Not backed up: secrets go to the keys file; the rest Semesta rebuilds when missing.
SKIPPED = {"secrets", "cache", "locale", "static"}
SQLITE_MEMBER = "database/semesta.sqlite3"
POSTGRES_MEMBER = "database/semesta.pgdump"
KEY_NAMES = (*conf.NIK_KEYS, "SEMESTA_SECRET_KEY")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Indonesian."""


@dataclass
class Result:
    path: Path
    files: int
    bytes: int
    database: str


def is_postgres(database: dict) -> bool:
    return database["ENGINE"].endswith("postgresql")


# -- backup ---------------------------------------------------------------------------------------


def create_archive(target: Path, data_dir: Path, database: dict, connection=None) -> Result:
    """Write a consistent archive of the database and the data directory to ``target``.

    ``connection`` is Django's live SQLite connection when there is one (its online backup also
    works for an in-memory database). The archive appears under its name only once complete.
    """
    target = Path(target).resolve()
    if target.is_relative_to(data_dir):
        raise BackupError(f"Arsip tidak boleh ditulis di dalam direktori data ({data_dir}).")
    with tempfile.TemporaryDirectory(prefix=".semesta-backup-", dir=target.parent) as work:
        work_dir = Path(work)
        dump = _dump_database(work_dir, database, connection)
        partial = work_dir / "archive.partial"
        files: list[dict] = []
        with _disk_errors(target), tarfile.open(partial, "w:gz", compresslevel=1) as archive:
            member = POSTGRES_MEMBER if is_postgres(database) else SQLITE_MEMBER
            files.append(_add(archive, dump, member))
            skip = {Path(database["NAME"]).resolve()} if not is_postgres(database) else set()
            for path in _data_files(data_dir, skip):
                relative = path.relative_to(data_dir).as_posix()
                files.append(_add(archive, path, f"data/{relative}"))
            manifest = _manifest(files, data_dir, database)
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        os.chmod(partial, 0o600)  # names and masked NIKs of roster workers are inside
        with _disk_errors(target):
            os.replace(partial, target)
    return Result(target, len(files), sum(f["size"] for f in files), manifest["database"]["engine"])


def _dump_database(work_dir: Path, database: dict, connection) -> Path:
    if is_postgres(database):
        out = work_dir / "semesta.pgdump"
        _pg("pg_dump", database, ["--format=custom", "--no-owner", "--no-privileges", "-f", out])
        return out
    out = work_dir / "semesta.sqlite3"
    target = sqlite3.connect(out)
    try:
        with _disk_errors(out):
            if connection is not None:
                connection.backup(target)
            else:
                source = sqlite3.connect(f"file:{database['NAME']}?mode=ro", uri=True)
                try:
                    source.backup(target)
                finally:
                    source.close()
    finally:
        target.close()
    return out


def _data_files(data_dir: Path, skip: set[Path]):
    sqlite_companions = {Path(f"{p}{suffix}") for p in skip for suffix in ("-wal", "-shm")}
    for root, dirs, names in os.walk(data_dir):
        here = Path(root)
        if here == data_dir:
            dirs[:] = [d for d in dirs if d not in SKIPPED and not d.startswith(".semesta-")]
        dirs.sort()
        for name in sorted(names):
            path = here / name
            if name.endswith(".partial") or path.is_symlink() or not path.is_file():
                continue
            if path.resolve() in skip or path in sqlite_companions or name == "semesta.sqlite3":
                continue
            yield path


class _Hashing:
    def __init__(self, handle) -> None:
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def _add(archive: tarfile.TarFile, path: Path, name: str) -> dict:
    with path.open("rb") as handle:
        info = tarfile.TarInfo(name)
        info.size, info.mode = os.fstat(handle.fileno()).st_size, 0o600
        info.mtime = int(os.fstat(handle.fileno()).st_mtime)
        reader = _Hashing(handle)
        archive.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(dt.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _manifest(files: list[dict], data_dir: Path, database: dict) -> dict:
    fingerprints_file = data_dir / conf.FINGERPRINT_FILE
    fingerprints = (
        json.loads(fingerprints_file.read_text(encoding="utf-8"))
        if fingerprints_file.exists()
        else {}
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {
            "engine": "postgresql" if is_postgres(database) else "sqlite",
            "member": files[0]["path"],
        },
        "key_fingerprints": fingerprints,
        # Only to point the database's file paths at wherever the data are restored.
        "source_data_dir": str(data_dir),
        "files": files,
    }


def export_keys(target: Path, keys: dict[str, str]) -> Path:
    """Write the keys to ``target`` (mode 0600), to be kept apart from the archives."""
    target = Path(target).resolve()
    payload = {
        "format": KEYS_FORMAT,
        "version": VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "keys": {name: keys[name] for name in KEY_NAMES if keys.get(name)},
        "fingerprints": {name: conf.fingerprint(keys[name]) for name in conf.NIK_KEYS},
    }
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    with _disk_errors(target):
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, indent=1)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.chmod(target, 0o600)
    return target


# -- restore --------------------------------------------------------------------------------------


def read_keys(path: Path) -> dict[str, str]:
    """The keys of a file written by ``export_keys``."""
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BackupError(f"Berkas kunci {path} tidak dapat dibaca ({exc.strerror}).") from exc
    except ValueError as exc:
        raise BackupError(f"Berkas kunci {path} rusak (bukan JSON).") from exc
    keys = payload.get("keys") if isinstance(payload, dict) else None
    if payload.get("format") != KEYS_FORMAT or not isinstance(keys, dict):
        raise BackupError(f"{path} bukan berkas kunci Semesta (`semesta backup --keys`).")
    missing = [name for name in conf.NIK_KEYS if not keys.get(name)]
    if missing:
        raise BackupError(f"Berkas kunci {path} tidak memuat {', '.join(missing)}.")
    return {name: str(value) for name, value in keys.items() if name in KEY_NAMES}


def restore_archive(
    archive: Path,
    keys: dict[str, str],
    data_dir: Path,
    database: dict,
    force: bool = False,
    connection=None,
) -> dict:
    """Rebuild the data directory and the database from an archive and its keys.

    Checks every checksum and the keys' fingerprints before changing anything, and refuses a
    data directory or database that already holds data unless ``force``. ``connection`` is
    Django's live SQLite connection when there is one (it is restored in place).
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".semesta-restore-", dir=data_dir) as work:
        staged = Path(work)
        manifest = _extract_verified(Path(archive), staged)
        _check_keys(manifest, keys)
        engine = "postgresql" if is_postgres(database) else "sqlite"
        if manifest["database"]["engine"] != engine:
            raise BackupError(
                f"Arsip ini dari basis data {manifest['database']['engine']}, sedangkan "
                f"DATABASE_URL menunjuk {engine}."
            )
        if not force and holds_data(data_dir, database, connection):
            raise BackupError(
                f"Direktori data {data_dir} atau basis datanya sudah berisi data; pulihkan ke "
                "direktori kosong, atau tambahkan --force untuk menimpanya."
            )
        dump = staged / manifest["database"]["member"]
        _restore_database(dump, database, connection)
        _replace_files(staged / "data", data_dir)
        _install_keys(data_dir, keys)
    return {
        "files": len(manifest["files"]) - 1,
        "database": engine,
        "created_at": manifest.get("created_at"),
        "source_data_dir": manifest.get("source_data_dir"),
    }


# Fields holding absolute paths of files in the data directory.
PATH_FIELDS = (
    ("coverage", "Snapshot", "path"),
    ("imports", "ImportBatch", "upload_path"),
    ("imports", "ImportBatch", "error_report"),
    ("imports", "ImportBatch", "staged_path"),
)


def relocate_paths(old: str | None, new: Path) -> int:
    """Point the database's file paths from the backed-up data directory to ``new``."""
    from django.apps import apps
    from django.db.models import Value
    from django.db.models.functions import Concat, Substr

    if not old or Path(old) == new:
        return 0
    changed = 0
    prefix = old.rstrip("/") + "/"
    for app, model_name, field in PATH_FIELDS:
        model = apps.get_model(app, model_name)
        changed += model.objects.filter(**{f"{field}__startswith": prefix}).update(
            **{field: Concat(Value(f"{new}/"), Substr(field, len(prefix) + 1))}
        )
    return changed


def _extract_verified(archive: Path, staged: Path) -> dict:
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar.getmembers():
                _check_member(member)
            tar.extractall(staged, filter="data")
    except FileNotFoundError as exc:
        raise BackupError(f"Arsip {archive} tidak ditemukan.") from exc
    except (tarfile.TarError, EOFError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise BackupError(
                "Ruang disk penuh saat membuka arsip; tidak ada yang diubah."
            ) from exc
        raise BackupError(f"Arsip {archive} rusak atau bukan arsip Semesta ({exc}).") from exc
    try:
        manifest = json.loads((staged / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Arsip {archive} tidak memuat manifest.json yang terbaca.") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{archive} bukan arsip cadangan Semesta versi {VERSION}.")
    for entry in manifest["files"]:
        path = staged / _safe(entry["path"])
        if not path.is_file() or path.stat().st_size != entry["size"]:
            raise BackupError(f"Arsip tidak utuh: {entry['path']} hilang atau terpotong.")
        if _sha256(path) != entry["sha256"]:
            raise BackupError(f"Checksum {entry['path']} tidak cocok: arsip rusak.")
    listed = {entry["path"] for entry in manifest["files"]} | {"manifest.json"}
    extra = [
        p.relative_to(staged).as_posix()
        for p in staged.rglob("*")
        if p.is_file() and p.relative_to(staged).as_posix() not in listed
    ]
    if extra:
        raise BackupError(f"Arsip memuat berkas di luar manifest: {extra[0]}.")
    return manifest


def _check_member(member: tarfile.TarInfo) -> None:
    _safe(member.name)
    if not (member.isfile() or member.isdir()):
        raise BackupError(f"Arsip memuat entri yang tidak diizinkan: {member.name}.")


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Arsip memuat jalur yang tidak relatif: {name}.")
    if path.parts[0] not in {"data", "database", "manifest.json"}:
        raise BackupError(f"Arsip memuat jalur yang tidak dikenal: {name}.")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_keys(manifest: dict, keys: dict[str, str]) -> None:
    for name, recorded in manifest.get("key_fingerprints", {}).items():
        if name in conf.NIK_KEYS and conf.fingerprint(keys.get(name, "")) != recorded:
            raise BackupError(
                f"{name} di berkas kunci bukan kunci yang membuat data arsip ini (sidik "
                f"{conf.fingerprint(keys.get(name, ''))}, arsip {recorded}); tidak ada yang diubah."
            )


def holds_data(data_dir: Path, database: dict, connection=None) -> bool:
    """Whether the data directory or the database holds anything a restore would overwrite."""
    for sub in data_dir.iterdir() if data_dir.exists() else ():
        if sub.name in SKIPPED or sub.name.startswith(".semesta-"):
            continue
        if sub.name in {conf.FINGERPRINT_FILE, "semesta.sqlite3"} or "sqlite3-" in sub.name:
            continue
        if sub.is_file() or any(p.is_file() for p in sub.rglob("*")):
            return True
    return _database_holds_data(database, connection)


# Tables whose rows only people or imports create (migrations fill the region tree themselves).
DATA_TABLES = (
    "accounts_user",
    "coverage_coveragefact",
    "imports_importbatch",
    *conf.NIK_TABLES,
)


def _database_holds_data(database: dict, connection) -> bool:
    if is_postgres(database):
        return any(_pg_has_rows(database, table) for table in DATA_TABLES)
    con = connection or (
        sqlite3.connect(database["NAME"]) if Path(database["NAME"]).exists() else None
    )
    if con is None:
        return False
    return any(conf._sqlite_has_rows(con, table) for table in DATA_TABLES)


def _pg_has_rows(database: dict, table: str) -> bool:
    sql = f"SELECT CASE WHEN to_regclass('{table}') IS NULL THEN 0 ELSE 1 END"
    if _pg("psql", database, ["-Atc", sql], capture=True).strip() != "1":
        return False
    return _pg("psql", database, ["-Atc", f"SELECT EXISTS (SELECT 1 FROM {table})"], True) == "t"


def _restore_database(dump: Path, database: dict, connection) -> None:
    if is_postgres(database):
        _pg(
            "pg_restore",
            database,
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "-d",
                database["NAME"],
                dump,
            ],
        )
        return
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        if connection is not None:
            source.backup(connection)
        else:
            target = sqlite3.connect(database["NAME"])
            try:
                source.backup(target)
            finally:
                target.close()
    finally:
        source.close()


def _replace_files(source: Path, data_dir: Path) -> None:
    for sub in list(data_dir.iterdir()):
        if sub.name in SKIPPED or sub.name.startswith(".semesta-") or "sqlite3" in sub.name:
            continue
        if sub.is_dir() and not sub.is_symlink():
            shutil.rmtree(sub)
        else:
            sub.unlink()
    if source.exists():
        for item in source.iterdir():
            os.replace(item, data_dir / item.name)
    shutil.rmtree(data_dir / "cache", ignore_errors=True)  # pages of the data replaced


def _install_keys(data_dir: Path, keys: dict[str, str]) -> None:
    folder = data_dir / "secrets"
    folder.mkdir(mode=0o700, exist_ok=True)
    for name, value in keys.items():
        path = conf.secret_path(data_dir, name)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(value)
        os.replace(partial, path)
    conf.write_fingerprints(data_dir, keys)


# -- helpers --------------------------------------------------------------------------------------


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise BackupError(
            f"{name} tidak ditemukan: pasang klien PostgreSQL (Debian: postgresql-client)."
        )
    return found


def _pg(program: str, database: dict, args: list, capture: bool = False) -> str:
    """Run a PostgreSQL client with the connection in libpq variables (no password in argv)."""
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    command = [_binary(program), *(str(a) for a in args)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["tanpa keterangan"])[-1]
        raise BackupError(f"{program} gagal: {reason}")
    return done.stdout.strip()


class _disk_errors:
    """Turn a full disk into a BackupError; the half-written file is removed by the caller."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise BackupError(
                f"Ruang disk penuh saat menulis {self.path}; tidak ada berkas setengah jadi."
            ) from exc
        return False
