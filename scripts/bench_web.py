"""Benchmark: region pages and the coverage API under 20 concurrent clients on loopback.

Serves the built demo (``$SEMESTA_DATA_DIR``, default ./var) with ``semesta serve`` (as in
production: several processes) in its own process group, logs in like a browser (CSRF and
session cookie), then has 20 concurrent keep-alive clients (``load.mjs``, in Node so the clients
take little of the CPU the server needs) request region pages (province, kota, kecamatan,
kelurahan) for 30 seconds, then the coverage API for 30 seconds. Prints requests per second,
p50/p95/max latency and errors per kind, with the issue's goals: page p95 < 150 ms, API p95 <
50 ms, zero errors.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
CLIENTS, SECONDS, PERIOD = 20, 30, "2025-07"
PAGES = ["31", "31.71", "31.75", "31.73.06", "31.75.01", "31.75.01.1004", "31.74.03.1001"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/akun/masuk/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def logged_in_opener(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.handlers_cookiejar = jar
    form = opener.open(f"{base}/akun/masuk/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"username": "admin.dki", "password": "jamsostek-demo", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/akun/masuk/", data=data, headers={"Referer": f"{base}/akun/masuk/"}
    )
    opener.open(request)
    return opener


def load(base: str, requests: list[dict]) -> dict:
    """Run the Node load generator: CLIENTS keep-alive clients for SECONDS on these requests."""
    spec = {"base": base, "clients": CLIENTS, "seconds": SECONDS, "requests": requests}
    out = subprocess.run(
        ["node", str(Path(__file__).with_name("load.mjs")), json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main() -> int:
    data_dir = os.environ.get("SEMESTA_DATA_DIR", "var")
    # The worker would otherwise build the demo's due Monev reports during the measurement.
    env = {**os.environ, "SEMESTA_DATA_DIR": data_dir, "SEMESTA_SCHEDULED_REPORTS": "false"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "semesta"),
            "serve",
            "--port",
            str(port),
            "--no-worker",
            *os.environ.get("BENCH_SERVE", "").split(),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base)
        token = subprocess.run(
            [str(BIN / "semesta"), "token", "admin.dki", "--name", "bench"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        opener = logged_in_opener(base)
        cookies = "; ".join(f"{c.name}={c.value}" for c in opener.handlers_cookiejar)
        pages = [
            {"path": f"/wilayah/{code}/?periode={PERIOD}", "headers": {"Cookie": cookies}}
            for code in PAGES
        ]
        api = [
            {
                "path": f"/api/v1/regions/{code}/coverage?period={PERIOD}",
                "headers": {"Authorization": f"Bearer {token}"},
            }
            for code in PAGES
        ]
        for spec in pages + api:  # each page once, as the first visitor after a change would
            urllib.request.urlopen(
                urllib.request.Request(base + spec["path"], headers=spec["headers"])
            ).read()
        results = {"page": load(base, pages), "api": load(base, api)}
    finally:
        server.terminate()
        server.wait()
    report(results)
    return 0


def report(results: dict) -> None:
    print(f"{CLIENTS} concurrent clients, {SECONDS} s per kind, demo month {PERIOD}")
    goals = {"page": 150, "api": 50}
    for kind, goal in goals.items():
        run = results[kind]
        times = sorted(run["latencies_ms"])
        p95 = times[int(0.95 * (len(times) - 1))]
        line = (
            f"{kind:<5} {run['requests'] / run['seconds']:7.1f} req/s"
            f"  p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms"
            f"  max {times[-1]:6.0f} ms  errors {run['errors']}"
        )
        verdict = "met" if p95 < goal and not run["errors"] else "NOT met"
        print(f"{line}   goal p95 < {goal} ms, no errors: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
