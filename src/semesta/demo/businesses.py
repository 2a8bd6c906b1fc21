"""A synthetic business registry: every registered employer plus the businesses that are not.

About 234 thousand businesses operate in Jakarta (the figure issue 18 gives) against 115,446
employers registered with BPJS Ketenagakerjaan. The registry lists each employer once, as a
registry would write it: with its NIB where BPJS knows it (matched by NIB), otherwise with its
legal form moved or its name slightly misspelt (matched by name or fuzzily); the rest are
mostly micro businesses that never registered, the inspectors' leads.
"""

from __future__ import annotations

import numpy as np

from semesta.bulk import insert_rows
from semesta.businesses import matching, services
from semesta.businesses.models import SIZE_RANK, Business, EmployerKey, Size
from semesta.demo.employers import WORDS, form_last, typo
from semesta.employers.models import Employer

BUSINESSES = 234_000
KNOWN_NIB = 0.6  # employers whose NIB BPJS holds
MISSPELT = 0.15  # of the others: a typo in the registry's name
KINDS = ["Warung", "Toko", "Bengkel", "Usaha", "Katering", "Laundry", "Konveksi", "Salon"]
KBLI = ["47111", "56101", "45201", "10710", "96012", "14111", "49431", "62019", "68111"]
SIZE_SHARE = {Size.MICRO: 0.88, Size.SMALL: 0.09, Size.MEDIUM: 0.025, Size.LARGE: 0.005}
WORKERS = {Size.MICRO: (1, 5), Size.SMALL: (5, 20), Size.MEDIUM: (20, 100), Size.LARGE: (100, 900)}
EMPLOYER_SIZE = {"micro_small": Size.SMALL, "medium": Size.MEDIUM, "large": Size.LARGE}
FIRST_NIB = 9_120_000_000_001


def create_businesses(rng, total: int = BUSINESSES) -> dict:
    """Write the registry and the employers' known NIBs, matched as they are written by the
    registry's matcher (``rematch`` afterwards finds nothing to change)."""
    employers = list(Employer.objects.values_list("npp", "name", "kelurahan_id", "size"))
    nibs = [str(FIRST_NIB + i) for i in range(total)]
    known = rng.random(len(employers)) < KNOWN_NIB
    misspelt = rng.random(len(employers)) < MISSPELT
    names, homes, sizes, keys = [], [], [], []
    for i, (npp, name, kelurahan, size) in enumerate(employers):
        if known[i]:
            keys.append((npp, nibs[i], ""))
            names.append(name)
        else:
            names.append(typo(name, rng) if misspelt[i] else form_last(name))
        homes.append(kelurahan)
        sizes.append(EMPLOYER_SIZE.get(size, Size.SMALL))
    others = total - len(employers)
    sizes += rng.choice(list(SIZE_SHARE), others, p=list(SIZE_SHARE.values())).tolist()
    words = rng.integers(len(WORDS), size=(others, 2))
    for j, (first, second) in enumerate(words.tolist()):
        names.append(f"{KINDS[j % len(KINDS)]} {WORDS[first]} {WORDS[second]} {j + 1}")
    homes += [homes[k] for k in rng.integers(len(employers), size=others).tolist()]
    name_keys = [matching.name_key(name) for name in names]
    found = matching.match(
        [matching.Party(str(i), name_keys[i], homes[i], nibs[i]) for i in range(total)],
        [
            matching.Party(npp, matching.name_key(name), kelurahan, nibs[i] if known[i] else "")
            for i, (npp, name, kelurahan, _) in enumerate(employers)
        ],
    )
    by_row = {int(m.business): m for m in found}
    insert_rows(EmployerKey, ["employer", "nib", "npwp"], keys)
    fields = ["nib", "npwp", "name", "name_key", "address", "kbli", "kelurahan", "size"]
    fields += ["size_rank", "workers", "source", "status", "employer", "match_method"]
    fields += ["match_score", "status_note", "status_by"]
    insert_rows(Business, fields, _rows(rng, nibs, names, name_keys, homes, sizes, by_row))
    return services.match_summary(total, found)


def _rows(rng, nibs, names, name_keys, homes, sizes, by_row) -> list[tuple]:
    """The registry's rows, their addresses, KBLI and workers drawn for all at once."""
    total = len(nibs)
    streets = rng.integers(len(WORDS), size=total).tolist()
    numbers = rng.integers(1, 200, size=total).tolist()
    kbli = rng.integers(len(KBLI), size=total).tolist()
    low = np.array([WORKERS[s][0] for s in sizes])
    high = np.array([WORKERS[s][1] for s in sizes])
    workers = rng.integers(low, high).tolist()
    return [
        (
            nibs[i],
            "",
            names[i],
            name_keys[i],
            f"Jl. {WORDS[streets[i]]} No. {numbers[i]}",
            KBLI[kbli[i]],
            homes[i],
            str(sizes[i]),
            SIZE_RANK[sizes[i]],
            workers[i],
            "Demo: daftar NIB sintetis (OSS)",
            *services.match_columns(by_row.get(i)),
            "",
            "",
        )
        for i in range(total)
    ]
