"""A synthetic business registry: every registered employer plus the businesses that are not.

About 234 thousand businesses operate in Jakarta (the figure issue 18 gives) against 115,446
employers registered with BPJS Ketenagakerjaan. The registry lists each employer once, as a
registry would write it: with its NIB where BPJS knows it (matched by NIB), otherwise with its
legal form moved or its name slightly misspelt (matched by name or fuzzily); the rest are
mostly micro businesses that never registered, the inspectors' leads.
"""

from __future__ import annotations

from semesta.bulk import insert_rows
from semesta.businesses import matching, services
from semesta.businesses.models import SIZE_RANK, Business, EmployerKey, Size, Status
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


def create_businesses(rng, total: int = BUSINESSES) -> dict:
    """Write the registry and the employers' known NIBs, then match them as an import would."""
    employers = list(Employer.objects.values_list("npp", "name", "kelurahan_id", "size"))
    nib = 9_120_000_000_000
    keys, rows = [], []
    known = rng.random(len(employers)) < KNOWN_NIB
    misspelt = rng.random(len(employers)) < MISSPELT
    for i, (npp, name, kelurahan, size) in enumerate(employers):
        nib += 1
        if known[i]:
            keys.append((npp, str(nib), ""))
            shown = name
        else:
            shown = typo(name, rng) if misspelt[i] else form_last(name)
        size = EMPLOYER_SIZE.get(size, Size.SMALL)
        rows.append(_row(str(nib), shown, kelurahan, size, rng))
    kelurahan = [e[2] for e in employers]
    sizes = rng.choice(list(SIZE_SHARE), total - len(employers), p=list(SIZE_SHARE.values()))
    for j, size in enumerate(sizes):
        nib += 1
        name = f"{KINDS[j % len(KINDS)]} {_word(rng)} {_word(rng)} {j + 1}"
        rows.append(_row(str(nib), name, kelurahan[rng.integers(len(kelurahan))], size, rng))
    insert_rows(EmployerKey, ["employer", "nib", "npwp"], keys)
    fields = ["nib", "npwp", "name", "name_key", "address", "kbli", "kelurahan", "size"]
    fields += ["size_rank", "workers", "source", "match_method", "status", "status_note"]
    fields += ["status_by"]
    insert_rows(Business, fields, rows)
    return services.rematch(["31"])


def _row(nib: str, name: str, kelurahan: str, size: str, rng) -> tuple:
    low, high = WORKERS[size]
    return (
        nib,
        "",
        name,
        matching.name_key(name),
        f"Jl. {_word(rng)} No. {rng.integers(1, 200)}",
        KBLI[rng.integers(len(KBLI))],
        kelurahan,
        str(size),
        SIZE_RANK[size],
        int(rng.integers(low, high)),
        "Demo: daftar NIB sintetis (OSS)",
        "",
        Status.PROBABLE.value,
        "",
        "",
    )


def _word(rng) -> str:
    return WORDS[rng.integers(len(WORDS))]
