"""Every page of every demo persona, cold and warm: the ten slowest.

    SEMESTA_DATA_DIR=var .venv/bin/python scripts/bench_routes.py [--json]

The pages come from the URLconf (scripts/access_matrix.py walks it): every page without a
parameter, and every region page (``<code>``) at the top of each persona's own region. Each is
requested as its persona with the cache cleared (cold: nothing the page caches is there) and
once more (warm), in this one process after the start-up warm-up a web process does. Prints the
ten slowest cold pages and how many pages miss the goal of one second.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from access_matrix import NOT_PAGES, persona, routes
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from semesta.accounts.models import User
from semesta.warmup import warm_up

GOAL_S = 1.0
SHOWN = 10


def pages_of(p) -> list[str]:
    urls = []
    for name, _pattern, params in routes():
        if name in NOT_PAGES:
            continue
        if not params:
            urls.append(reverse(name))
        elif name in ("coverage:region", "coverage:roster"):
            urls += [reverse(name, kwargs={"code": root}) for root in sorted(p.roots)[:1]]
    return urls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.getLogger("django.request").setLevel(logging.ERROR)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    warm_up()
    timings = []
    for user in User.objects.filter(memberships__isnull=False).distinct().order_by("username"):
        p = persona(user)
        client = Client()
        client.force_login(user)
        for url in pages_of(p):
            cache.clear()
            started = time.perf_counter()
            status = client.get(url).status_code
            cold = time.perf_counter() - started
            started = time.perf_counter()
            client.get(url)
            warm = time.perf_counter() - started
            timings.append({"who": user.username, "url": url, "status": status, "cold_s": cold})
            timings[-1]["warm_s"] = warm
    slowest = sorted(timings, key=lambda t: -t["cold_s"])[:SHOWN]
    missed = [t for t in timings if t["cold_s"] >= GOAL_S or t["status"] >= 500]
    if args.json:
        print(json.dumps({"pages": len(timings), "missed": len(missed), "slowest": slowest}))
        return 1 if missed else 0
    print(f"{len(timings)} pages of every persona; {len(missed)} at or over {GOAL_S:.0f} s cold")
    for t in slowest:
        print(
            f"  {t['cold_s']:6.2f} s cold {t['warm_s']:6.2f} s warm  {t['status']}"
            f"  {t['who']:<20} {t['url']}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
