"""Benchmark: region pages and the coverage API under 20 concurrent clients on loopback.

Serves the built demo (``$SEMESTA_DATA_DIR``, default ./var) with ``semesta serve`` in its own
process, logs in like a browser (CSRF and session cookie) and, for 30 seconds, has 20 client
threads request region pages (province, kota, kecamatan, kelurahan) and the coverage API in
turn. Prints requests per second, p50/p95/max latency and errors per kind, with the issue's goals:
page p95 < 150 ms, API p95 < 50 ms, zero errors.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
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


def client(opener, base: str, token: str, stop: float, results: dict, lock) -> None:
    rng = random.Random()
    while time.perf_counter() < stop:
        code = rng.choice(PAGES)
        kind = rng.choice(["page", "api"])
        if kind == "page":
            request = urllib.request.Request(f"{base}/wilayah/{code}/?periode={PERIOD}")
        else:
            request = urllib.request.Request(
                f"{base}/api/v1/regions/{code}/coverage?period={PERIOD}",
                headers={"Authorization": f"Bearer {token}"},
            )
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=30) as response:
                response.read()
                ok = response.status == 200
        except OSError:
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            results[kind].append(elapsed)
            results[f"{kind}_errors"] += 0 if ok else 1


def main() -> int:
    data_dir = os.environ.get("SEMESTA_DATA_DIR", "var")
    env = {**os.environ, "SEMESTA_DATA_DIR": data_dir}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "semesta"), "serve", "--port", str(port), "--no-worker", "--threads", "8"],
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
        openers = [logged_in_opener(base) for _ in range(CLIENTS)]
        results = {"page": [], "api": [], "page_errors": 0, "api_errors": 0}
        lock, stop = threading.Lock(), time.perf_counter() + SECONDS
        threads = [
            threading.Thread(target=client, args=(o, base, token, stop, results, lock))
            for o in openers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
    report(results)
    return 0


def report(results: dict) -> None:
    print(f"{CLIENTS} clients, {SECONDS} s, demo month {PERIOD}")
    goals = {"page": 150, "api": 50}
    for kind, goal in goals.items():
        times = sorted(results[kind])
        p95 = times[int(0.95 * (len(times) - 1))]
        line = (
            f"{kind:<5} {len(times) / SECONDS:7.1f} req/s  p50 {statistics.median(times):6.0f} ms"
            f"  p95 {p95:6.0f} ms  max {times[-1]:6.0f} ms  errors {results[kind + '_errors']}"
        )
        verdict = "met" if p95 < goal and not results[kind + "_errors"] else "NOT met"
        print(f"{line}   goal p95 < {goal} ms, no errors: {verdict}")
    print(json.dumps({k: len(v) if isinstance(v, list) else v for k, v in results.items()}))


if __name__ == "__main__":
    sys.exit(main())
