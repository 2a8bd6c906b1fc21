"""Cold page timings: each page as the first request of a fresh process, caches cleared.

For every (login, page) pair a new Python process loads the WSGI application as a ``semesta
serve`` worker does (its start-up time is printed too), clears the cache, logs the persona in
(untimed), then times its first request to the page — the lazy imports, URL resolution,
template compilation and database work a freshly started server process still pays — and a
second, warm request. Prints one line per page and the goal (< 1 s cold). To time another
checkout, put its ``src`` first on ``PYTHONPATH``.

    SEMESTA_DATA_DIR=/tmp/demo-speed .venv/bin/python scripts/cold_pages.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

PAGES = [
    ("sponsor.jakpus", "/sponsor/1/"),
    ("admin.dki", "/pemberi-kerja/"),
    ("petugas.matraman", "/wilayah/31.75.01/pekerja-rentan/"),
    ("petugas.palmeriam", "/peserta/cari/"),
    ("admin.dki", "/wilayah/31/"),
    ("petugas.matraman", "/wilayah/31.75.01/"),
    ("petugas.palmeriam", "/wilayah/31.75.01.1004/"),
    ("admin.dki", "/usaha/"),
]
GOAL_SECONDS = 1.0


def measure_one(username: str, path: str) -> dict:
    """In this (fresh) process: the first and a second request to the page as the user.

    The process loads the WSGI application as a ``semesta serve`` worker does (with whatever
    start-up work that entails), then the page is the first request it serves.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
    started = time.perf_counter()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    import semesta.wsgi  # noqa: F401 - as gunicorn's worker loads it

    cache.clear()
    client = Client(SERVER_NAME="127.0.0.1")  # an allowed host
    client.handler.load_middleware()  # as the WSGI handler does when the worker loads it
    client.force_login(get_user_model().objects.get(username=username))
    start_up = time.perf_counter() - started
    times, status = [], None
    for _ in range(2):
        begin = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - begin)
        status = response.status_code
    return {"status": status, "cold": times[0], "warm": times[1], "start_up": start_up}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="fresh processes per page")
    parser.add_argument("--one", nargs=2, metavar=("LOGIN", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(*args.one)))
        return 0
    failed = False
    print(f"{'page':<38} {'login':<18} status  cold (s)  warm (s)  process start (s)")
    for username, path in PAGES:
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--one", username, path],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode:
                sys.stderr.write(out.stderr[-3000:])
                raise SystemExit(f"{path} as {username}: the measuring process failed")
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        cold = max(r["cold"] for r in runs)
        warm = min(r["warm"] for r in runs)
        status = runs[-1]["status"]
        failed |= status != 200 or cold >= GOAL_SECONDS
        start_up = max(r["start_up"] for r in runs)
        print(f"{path:<38} {username:<18} {status:>6}  {cold:8.2f}  {warm:8.2f}  {start_up:8.2f}")
    print(f"goal: every page 200 and cold < {GOAL_SECONDS:.0f} s: {'NOT met' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
