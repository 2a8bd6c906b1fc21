"""Settings come from documented environment variables and fail loudly on bad values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from semesta import conf

ROOT = Path(__file__).resolve().parents[1]


def test_it_reads_secrets_from_files(tmp_path, monkeypatch):
    secret = tmp_path / "key"
    secret.write_text("dari-berkas\n")
    monkeypatch.setenv("SEMESTA_X_FILE", str(secret))
    assert conf.env_str("SEMESTA_X", "bawaan") == "dari-berkas"


def test_it_rejects_malformed_values_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("SEMESTA_FLAG", "mungkin")
    with pytest.raises(conf.ConfigError, match="SEMESTA_FLAG"):
        conf.env_bool("SEMESTA_FLAG", False)
    monkeypatch.setenv("SEMESTA_N", "sepuluh")
    with pytest.raises(conf.ConfigError, match="SEMESTA_N"):
        conf.env_int("SEMESTA_N", 1)


def test_it_generates_a_secret_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SEMESTA_K", raising=False)
    first = conf.env_secret("SEMESTA_K", tmp_path, conf.token)
    assert conf.env_secret("SEMESTA_K", tmp_path, conf.token) == first
    assert (tmp_path / "secrets" / "semesta_k").stat().st_mode & 0o077 == 0


def test_it_documents_every_environment_variable():
    settings_text = (ROOT / "src/semesta/settings.py").read_text()
    used = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_text))
    documented = (ROOT / "docs/configuration.md").read_text()
    assert used, "settings.py reads no variables?"
    assert sorted(name for name in used if f"`{name}`" not in documented) == []


def test_it_documents_every_semesta_command():
    commands = {p.stem for p in (ROOT / "src/semesta").glob("*/management/commands/*.py")}
    commands.discard("__init__")
    documented = (ROOT / "docs/cli.md").read_text()
    assert sorted(c for c in commands if f"semesta {c}" not in documented) == []


def test_it_hashes_passwords_with_argon2_in_production():
    from semesta import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("rahasia", hasher.salt())
    assert encoded.startswith("argon2$") and hasher.verify("rahasia", encoded)


def test_it_documents_every_api_endpoint(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    documented = (ROOT / "docs/api.md").read_text()
    for path, operations in paths.items():
        for method in operations:
            assert f"{method.upper()} {path}" in documented, f"{method.upper()} {path} undocumented"


def test_it_documents_every_import_column():
    from semesta.imports.kinds import KINDS

    documented = (ROOT / "docs/imports.md").read_text()
    for kind in KINDS.values():
        for column in kind.columns:
            assert column.label in documented and all(s in documented for s in column.synonyms)


def test_it_rejects_numbers_out_of_bounds_and_not_finite(monkeypatch):
    for value in ("abc", "nan", "inf", "1.5"):
        monkeypatch.setenv("SEMESTA_SHARE", value)
        with pytest.raises(conf.ConfigError, match="SEMESTA_SHARE"):
            conf.env_float("SEMESTA_SHARE", 0.05, 0, 1)


def test_it_names_database_url_and_hides_its_password(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://semesta:rahasia@db:port/semesta")
    with pytest.raises(conf.ConfigError, match="DATABASE_URL") as problem:
        conf.env_database("DATABASE_URL", "sqlite:///x", 0)
    assert "rahasia" not in str(problem.value)


GENERATORS = {"SEMESTA_NIK_HASH_KEY": lambda: "ab" * 32, "SEMESTA_NIK_ENCRYPTION_KEY": conf.token}
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/nonexistent/semesta.sqlite3"}


def fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def test_it_makes_nik_keys_once_for_new_data_and_records_their_fingerprints(tmp_path, monkeypatch):
    for name in conf.NIK_KEYS:
        monkeypatch.delenv(name, raising=False)
    generators = {**GENERATORS, "SEMESTA_NIK_ENCRYPTION_KEY": fernet_key}
    keys = conf.nik_keys(tmp_path, SQLITE, generators)
    assert conf.nik_keys(tmp_path, SQLITE, generators) == keys
    recorded = (tmp_path / conf.FINGERPRINT_FILE).read_text()
    assert conf.fingerprint(keys["SEMESTA_NIK_HASH_KEY"]) in recorded
    assert keys["SEMESTA_NIK_HASH_KEY"] not in recorded


def test_it_never_makes_a_key_over_nik_data_in_the_database(tmp_path, monkeypatch):
    import sqlite3

    for name in conf.NIK_KEYS:
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "semesta.sqlite3"
    with sqlite3.connect(database) as con:
        con.execute("CREATE TABLE workers_rosterworker (id integer)")
        con.execute("INSERT INTO workers_rosterworker VALUES (1)")
    con.close()
    sqlite = {**SQLITE, "NAME": str(database)}
    with pytest.raises(conf.MissingKeyError, match="SEMESTA_NIK_HASH_KEY tidak ditemukan"):
        conf.nik_keys(tmp_path, sqlite, GENERATORS)
    assert not (tmp_path / "secrets").exists()
