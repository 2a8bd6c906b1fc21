"""A shared cache for several web processes (``SEMESTA_CACHE_URL``): Django's Redis backend,
tested against a Redis-protocol server over TCP (fakeredis's, in the test process)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from semesta import conf

SEMESTA = [sys.executable, "-m", "semesta.cli"]


def test_it_keeps_the_file_cache_in_the_data_directory_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("SEMESTA_CACHE_URL", raising=False)
    cache = conf.env_cache("SEMESTA_CACHE_URL", tmp_path)
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"] == tmp_path / "cache"


def test_it_uses_redis_for_a_redis_url(monkeypatch, tmp_path):
    monkeypatch.setenv("SEMESTA_CACHE_URL", "rediss://:sandi@cache.internal:6380/2")
    assert conf.env_cache("SEMESTA_CACHE_URL", tmp_path) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "rediss://:sandi@cache.internal:6380/2",
    }


@pytest.mark.parametrize("value", ["memcached://cache:11211", "redis://", "cache:6379"])
def test_it_refuses_a_cache_url_it_cannot_use_in_one_line(monkeypatch, tmp_path, value):
    monkeypatch.setenv("SEMESTA_CACHE_URL", value)
    with pytest.raises(conf.ConfigError) as error:
        conf.env_cache("SEMESTA_CACHE_URL", tmp_path)
    assert str(error.value) == (
        f"SEMESTA_CACHE_URL={value!r}: alamat tidak valid; contoh: redis://cache.example:6379/0"
    )


def test_it_hides_the_password_of_a_bad_cache_url(monkeypatch, tmp_path):
    monkeypatch.setenv("SEMESTA_CACHE_URL", "memcached://:rahasia@cache:11211")
    with pytest.raises(conf.ConfigError) as error:
        conf.env_cache("SEMESTA_CACHE_URL", tmp_path)
    assert "rahasia" not in str(error.value)


def _shell(data: Path, url: str, code: str) -> str:
    variables = {**os.environ, "SEMESTA_DATA_DIR": str(data), "SEMESTA_CACHE_URL": url}
    variables.pop("DATABASE_URL", None)
    done = subprocess.run(
        [*SEMESTA, "shell", "-c", code], env=variables, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def test_two_processes_on_two_data_directories_share_one_cache(tmp_path):
    fakeredis = pytest.importorskip("fakeredis")
    pytest.importorskip("redis")
    server = fakeredis.TcpFakeServer(("127.0.0.1", 0), server_type="redis")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address
        url = f"redis://{host}:{port}/0"
        write = "from django.core.cache import cache; cache.set('halaman', 'Gambir 41,2 %', 60)"
        read = "from django.core.cache import cache; print(cache.get('halaman'))"
        _shell(tmp_path / "mesin-a", url, write)
        assert _shell(tmp_path / "mesin-b", url, read) == "Gambir 41,2 %"
        assert not (tmp_path / "mesin-a" / "cache").exists()
    finally:
        server.shutdown()
        server.server_close()
