"""The full-scale demo served by ``semesta serve`` for browser tests of real pages at real size.

The demo takes a minute or two to build; set ``SEMESTA_UI_DEMO_DIR`` to a data directory where
``semesta demo`` already ran to reuse it (it is only read, apart from the page cache).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

DEMO_PASSWORD = "jamsostek-demo"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _semesta(env: dict, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "semesta.cli", *args], env=env, **popen)


@pytest.fixture(scope="session")
def demo_site(request):
    """The base URL of the demo served on a free local port (the run's one demo build)."""
    data = os.environ.get("SEMESTA_UI_DEMO_DIR", "")
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    if not data or not (Path(data) / "demo.json").exists():
        data = request.getfixturevalue("demo_env")["SEMESTA_DATA_DIR"]
    else:  # a demo built by older code: bring its database up to date
        migrated = _semesta({**env, "SEMESTA_DATA_DIR": data}, "migrate", "-v", "0").wait()
        assert migrated == 0, "semesta migrate failed"
    env["SEMESTA_DATA_DIR"] = data
    port = _free_port()
    server = _semesta(
        env, "serve", "--no-worker", "--workers", "3", "--port", str(port),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/akun/masuk/", server)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "semesta serve stopped"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def log_in(page, base: str, username: str) -> None:
    """Log a demo persona in through the real form."""
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
