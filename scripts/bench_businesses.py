"""Unregistered-employer discovery at Jakarta's scale: 250 k businesses against 120 k employers.

    .venv/bin/python scripts/bench_businesses.py [--businesses N] [--employers M]

Builds the two lists as the demo does (every employer once in the registry: 60 % by NIB, the
rest with the legal form moved or a letter missing; the others never registered), runs the
matcher (semesta.businesses.matching, no database) and prints seconds, pairs/s and how many of
the registered employers it found. Goal (issue 18): under 10 s.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from semesta.businesses.matching import Party, match, name_key
from semesta.demo.employers import PREFIXES, WORDS, form_last, typo

GOAL_S = 10.0


def lists(n_businesses: int, n_employers: int, rng) -> tuple[list[Party], list[Party]]:
    kelurahan = [f"31.7{k % 6}.{k % 44:02d}.{1000 + k}" for k in range(267)]
    employers, businesses = [], []
    for i in range(n_employers):
        first, second = WORDS[i % len(WORDS)], WORDS[(i * 7) % len(WORDS)]
        name = f"{PREFIXES[i % len(PREFIXES)]} {first} {second} {i + 1}"
        kel = kelurahan[int(rng.integers(len(kelurahan)))]
        nib = f"{9_120_000_000_000 + i}"
        known = rng.random() < 0.6
        employers.append(Party(f"{10_000_001 + i}", name_key(name), kel, nib if known else ""))
        shown = name if known else (typo(name, rng) if rng.random() < 0.15 else form_last(name))
        businesses.append(Party(f"b{i}", name_key(shown), kel, nib))
    for j in range(n_businesses - n_employers):
        name = f"Warung {WORDS[j % len(WORDS)]} {WORDS[(j * 3) % len(WORDS)]} {j + 1}"
        kel = kelurahan[int(rng.integers(len(kelurahan)))]
        businesses.append(Party(f"u{j}", name_key(name), kel, f"{9_200_000_000_000 + j}"))
    return businesses, employers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=250_000)
    parser.add_argument("--employers", type=int, default=120_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    businesses, employers = lists(args.businesses, args.employers, np.random.default_rng(18))
    started = time.perf_counter()
    found = match(businesses, employers)
    seconds = time.perf_counter() - started
    right = sum(1 for m in found if m.business[1:] == str(int(m.employer) - 10_000_001))
    result = {
        "businesses": len(businesses),
        "employers": len(employers),
        "seconds": round(seconds, 2),
        "matched": len(found),
        "matched_right": right,
        "goal_s": GOAL_S,
        "ratio_to_goal": round(seconds / GOAL_S, 3),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"Business matching: {result['businesses']:,} businesses × {result['employers']:,}"
        f" employers in {seconds:.2f} s ({seconds / GOAL_S:.2f}× the 10 s goal);"
        f" {len(found):,} matched, {right:,} to the right employer"
    )


if __name__ == "__main__":
    main()
