"""Typed readers for environment variables: every setting Semesta reads comes through here.

Each reader fails loudly on a malformed value and supports ``NAME_FILE`` (read the value from a
file, for secrets mounted by the deployment). docs/configuration.md lists every variable;
a test keeps that page and ``settings.py`` in step.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A setting has a value Semesta cannot use. The message names the variable, in Indonesian."""


class MissingKeyError(ConfigError):
    """The data were made with a key that is missing or differs: Semesta must not start."""


def _raw(name: str) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"{name}_FILE={file_path}: tidak dapat dibaca ({exc.strerror})"
            ) from exc
    return os.environ.get(name)


def env_str(name: str, default: str) -> str:
    """A string setting."""
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no, on/off."""
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={value!r}: expected true or false")


def env_int(name: str, default: int) -> int:
    """A whole-number setting."""
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r}: harus bilangan bulat") from exc


def env_float(
    name: str, default: float, minimum: float = -math.inf, maximum: float = math.inf
) -> float:
    """A decimal-number setting (a dot as decimal separator), within the bounds given."""
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r}: harus angka, misalnya 0.05") from exc
    if not math.isfinite(number):
        raise ConfigError(f"{name}={value!r}: harus angka, misalnya 0.05")
    if not minimum <= number <= maximum:
        raise ConfigError(f"{name}={value!r}: harus antara {minimum:g} dan {maximum:g}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list setting."""
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: str) -> Path:
    """A filesystem path setting, made absolute."""
    return Path(env_str(name, default)).expanduser().resolve()


def env_database(name: str, default: str, conn_max_age: int) -> dict[str, Any]:
    """A database URL (``postgres://…``, ``sqlite:///…``) as Django's DATABASES entry."""
    import dj_database_url

    value = env_str(name, default)
    try:
        parsed = dj_database_url.parse(value, conn_max_age=conn_max_age)
    except Exception as exc:  # the parser raises several types for malformed URLs
        raise ConfigError(
            f"{name}: alamat basis data tidak valid ({_without_password(value)}): {exc}"
        ) from exc
    if parsed.get("ENGINE") not in SUPPORTED_ENGINES or not parsed.get("NAME"):
        raise ConfigError(
            f"{name}: alamat basis data tidak valid ({_without_password(value)}): "
            "gunakan postgres://pengguna:sandi@host:5432/nama atau sqlite:///berkas"
        )
    return dict(parsed)


SUPPORTED_ENGINES = ("django.db.backends.postgresql", "django.db.backends.sqlite3")


def env_url(name: str, schemes: tuple[str, ...], example: str) -> str:
    """A URL setting with one of ``schemes`` and a host (e.g. ``s3://wadah/awalan``); empty when
    unset. A malformed value fails with one line naming the variable and an example."""
    from urllib.parse import urlsplit

    value = env_str(name, "").strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in schemes or not parts.hostname:
        raise ConfigError(
            f"{name}={_without_password(value)!r}: alamat tidak valid; contoh: {example}"
        )
    return value


def env_cache(name: str, data_dir: Path) -> dict[str, Any]:
    """Django's default cache: files under ``<data_dir>/cache`` (one machine), or one Redis
    server every web process shares (``redis://host:6379/0``, ``rediss://`` with TLS)."""
    url = env_url(name, ("redis", "rediss"), "redis://cache.example:6379/0")
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": data_dir / "cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }


def _without_password(url: str) -> str:
    head, at, tail = url.rpartition("@")
    if not at or "://" not in head:
        return url
    scheme, _, user = head.partition("://")
    return f"{scheme}://{user.split(':')[0]}:***@{tail}"


def env_secret(name: str, data_dir: Path, generate: Callable[[], str]) -> str:
    """A secret: from the environment, else from ``<data_dir>/secrets/<name>``, created once.

    Persisting a generated secret in the data directory keeps the embedded demo working with no
    variables set while keeping keys stable across restarts (NIK hashes must stay comparable).
    """
    value = _raw(name)
    if value:
        return value
    path = secret_path(data_dir, name)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return _store_secret(path, generate())


def secret_path(data_dir: Path, name: str) -> Path:
    """Where a generated secret lives in the data directory."""
    return data_dir / "secrets" / name.lower()


def _store_secret(path: Path, value: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def token() -> str:
    """A random URL-safe secret of 48 bytes."""
    return secrets.token_urlsafe(48)


# The keys that make the NIK hashes and encrypted NIKs stored in the data. A key made afresh over
# data made with another one orphans every hash (no look-up, no roster match ever again).
NIK_KEYS = ("SEMESTA_NIK_HASH_KEY", "SEMESTA_NIK_ENCRYPTION_KEY")
FINGERPRINT_FILE = "key-fingerprints.json"
# Tables holding NIK hashes and encrypted NIKs (the snapshot store holds hashes too).
NIK_TABLES = ("workers_rosterworker", "collaboration_agencyworker")
# Set by `semesta restore`, which brings the keys itself: nothing is generated or checked.
RESTORING = False


def fingerprint(value: str) -> str:
    """A short digest that tells keys apart without revealing them."""
    return hashlib.sha256(b"semesta-key-fingerprint\0" + value.encode("utf-8")).hexdigest()[:16]


def nik_keys(
    data_dir: Path, database: dict[str, Any], generators: dict[str, Callable[[], str]]
) -> dict[str, str]:
    """The NIK keys, checked against the fingerprints of the keys the data were made with.

    A key comes from the environment (or ``NAME_FILE``) or ``<data_dir>/secrets/``. It is
    generated only for a data directory and database without NIK data; otherwise a missing key,
    or one whose fingerprint differs from the recorded one, raises MissingKeyError.
    """
    if RESTORING:
        return {
            name: _raw(name) or _read_secret(secret_path(data_dir, name)) or "" for name in NIK_KEYS
        }
    marker = data_dir / FINGERPRINT_FILE
    recorded = _read_fingerprints(marker)
    keys, made = {}, False
    for name in NIK_KEYS:
        value = _raw(name) or _read_secret(secret_path(data_dir, name))
        if not value:
            if name in recorded or _holds_nik_data(data_dir, database):
                raise MissingKeyError(_missing_key_message(name, data_dir))
            value, made = _store_secret(secret_path(data_dir, name), generators[name]()), True
        _check_key(name, value)
        if name in recorded and recorded[name] != fingerprint(value):
            raise MissingKeyError(
                f"{name}: kunci ini bukan kunci yang membuat data di {data_dir} (sidik "
                f"{fingerprint(value)}, data dibuat dengan {recorded[name]}). Semesta tidak "
                "dimulai agar hash NIK yang ada tidak yatim: setel kunci yang benar atau pulihkan "
                "dengan `semesta restore ARSIP --keys BERKAS-KUNCI`."
            )
        keys[name] = value
    if made or set(recorded) != set(NIK_KEYS):
        write_fingerprints(data_dir, keys)
    return keys


def _check_key(name: str, value: str) -> None:
    import base64
    import binascii

    try:
        if name == "SEMESTA_NIK_HASH_KEY":
            ok = 16 <= len(bytes.fromhex(value)) <= 64
        else:
            ok = len(base64.urlsafe_b64decode(value.encode("ascii"))) == 32
    except (ValueError, binascii.Error, UnicodeEncodeError):
        ok = False
    if not ok:
        expected = (
            "32 sampai 128 digit heksadesimal"
            if name == "SEMESTA_NIK_HASH_KEY"
            else "kunci Fernet (base64 dari 32 bita)"
        )
        raise ConfigError(f"{name}: kunci tidak valid, harus {expected}")


def write_fingerprints(data_dir: Path, keys: dict[str, str]) -> None:
    """Record which keys the data in ``data_dir`` are made with (no secret in it)."""
    marker = data_dir / FINGERPRINT_FILE
    partial = marker.with_suffix(".partial")
    partial.write_text(
        json.dumps({name: fingerprint(keys[name]) for name in NIK_KEYS}, indent=1),
        encoding="utf-8",
    )
    os.replace(partial, marker)


def _missing_key_message(name: str, data_dir: Path) -> str:
    return (
        f"{name} tidak ditemukan, padahal data di {data_dir} berisi hash atau enkripsi NIK yang "
        "dibuat dengan kunci itu. Semesta tidak dimulai dan tidak membuat kunci baru (hash NIK "
        f"yang ada akan yatim). Setel {name} (atau {name}_FILE), atau pulihkan kunci dengan "
        "`semesta restore ARSIP --keys BERKAS-KUNCI`."
    )


def _read_fingerprints(marker: Path) -> dict[str, str]:
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{marker}: berkas sidik kunci rusak ({exc})") from exc
    return {k: v for k, v in recorded.items() if k in NIK_KEYS and isinstance(v, str)}


def _read_secret(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _holds_nik_data(data_dir: Path, database: dict[str, Any]) -> bool:
    """Whether the snapshot store or the database already holds NIK hashes or encrypted NIKs."""
    if any((data_dir / "snapshots").glob("*/period=*/*.parquet")):
        return True
    if database["ENGINE"].endswith("sqlite3"):
        return _sqlite_holds_nik_data(Path(database["NAME"]))
    return _postgres_holds_nik_data(database)


def _sqlite_holds_nik_data(path: Path) -> bool:
    if not path.exists():
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return any(_sqlite_has_rows(con, table) for table in NIK_TABLES)
    finally:
        con.close()


def _sqlite_has_rows(con: sqlite3.Connection, table: str) -> bool:
    try:
        return bool(con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone() == (1,))
    except sqlite3.Error:  # no such table yet: nothing migrated
        return False


def _postgres_holds_nik_data(database: dict[str, Any]) -> bool:
    import psycopg

    try:
        with psycopg.connect(
            dbname=database["NAME"],
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            connect_timeout=10,
        ) as con:
            for table in NIK_TABLES:
                if con.execute("SELECT to_regclass(%s)", [table]).fetchone() == (None,):
                    continue
                if con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone() == (True,):
                    return True
    except psycopg.Error as exc:
        raise ConfigError(
            "DATABASE_URL: basis data tidak dapat dihubungi untuk memeriksa apakah sudah berisi "
            f"data NIK sebelum membuat kunci NIK baru ({str(exc).strip().splitlines()[0]})"
        ) from exc
    return False
