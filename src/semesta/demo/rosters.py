"""Demo rosters of vulnerable workers, drawn from the same synthetic people as the snapshots.

Jakarta Timur's "1 RW 100 pekerja rentan" RWs (Matraman, Pulogadung, Jatinegara) and every RW
of Jakarta Pusat keep a roster: informal (BPU) participants who live there (some covered, some
lapsed) and neighbours who were never registered, so each roster has all three statuses.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from django.conf import settings
from django.utils import timezone

from semesta.bulk import insert_rows
from semesta.demo.population import SEGMENTS, People
from semesta.demo.samples import FIRST, LAST
from semesta.nik import encrypt_niks, mask_nik
from semesta.workers.models import Category, RosterWorker

PROGRAMME_KECAMATAN = ("31.75.01", "31.75.02", "31.75.03")  # Matraman, Pulogadung, Jatinegara
PER_RW = {"programme": (110, 150), "pusat": (80, 110)}
# Share of a roster already in the extracts (covered or lapsed): in the programme's RWs it varies
# from RW to RW as their outreach did, so some RWs reach 100 covered and most do not yet.
REGISTERED_SHARE = {"programme": (0.45, 0.98), "pusat": (0.5, 0.6)}
EXTREME_POOR = 0.2
# DTSEN deciles: drawn from their own random stream so that adding them changed no other figure.
# Vulnerable workers are mostly in desil 1–4 (about 80 % of those known); ~15 % are not matched
# to DTSEN (unknown); the extreme poor who are known are desil 1, as P3KE defines them.
DESIL_SEED = 20250401  # Inpres 4/2025
DESIL_UNKNOWN = 0.15
DESIL_WEIGHTS = np.array([24, 22, 19, 15, 7, 5, 3.5, 2, 1.5, 1]) / 100


def create_rosters(people: People, hashes: pa.ChunkedArray, geo, new_hashes, rng) -> int:
    """Roster workers for the programme's RWs and Jakarta Pusat; returns how many."""
    bpu = np.flatnonzero(people.segment == SEGMENTS.index("BPU"))
    key = people.kelurahan[bpu].astype(np.int64) * 1000 + people.rw[bpu]
    order = np.argsort(key, kind="stable")
    bpu, key = bpu[order], key[order]
    chosen, fresh_rw = [], []
    for r in range(len(geo.rw_kelurahan)):
        kel = int(geo.rw_kelurahan[r])
        code = geo.kelurahan[kel]
        kind = "programme" if code.startswith(PROGRAMME_KECAMATAN) else None
        kind = kind or ("pusat" if code.startswith("31.71.") else None)
        if kind is None:
            continue
        size = int(rng.integers(*PER_RW[kind]))
        first = kel * 1000 + int(geo.rw_number[r])
        lo, hi = np.searchsorted(key, [first, first + 1])
        here = bpu[lo:hi]
        take = min(len(here), int(size * rng.uniform(*REGISTERED_SHARE[kind])))
        rw_code = f"{code}.{int(geo.rw_number[r]):03d}"
        chosen += [(int(i), rw_code) for i in rng.choice(here, take, replace=False)]
        fresh_rw += [rw_code] * (size - take)
    registered = [(f"{int(people.nik[i]):016d}", hashes[i].as_py(), rw) for i, rw in chosen]
    niks = _fresh_niks(len(fresh_rw), people.nik, rng)
    digests = new_hashes(np.array([int(n) for n in niks], dtype=np.int64)).to_pylist()
    fresh = list(zip(niks, digests, fresh_rw, strict=True))
    everyone = registered + fresh
    tokens = encrypt_niks([nik for nik, _, _ in everyone], settings.NIK_ENCRYPTION_KEY.encode())
    categories = rng.choice(Category.values, len(everyone))
    poor = rng.random(len(everyone)) < EXTREME_POOR
    phones = encrypt_niks(  # stored encrypted, as the roster model's phone field does
        [f"08{int(n)}" for n in rng.integers(10**9, 10**10, len(everyone))],
        settings.NIK_ENCRYPTION_KEY.encode(),
    )
    desil = demo_desil(poor)
    now = timezone.now()
    insert_rows(
        RosterWorker,
        [
            *("region", "name", "nik_encrypted", "nik_hash", "nik_masked"),
            *("category", "extreme_poor", "phone", "desil", "updated_at"),
        ],
        (
            (
                rw,
                f"{FIRST[n % len(FIRST)]} {LAST[(n * 7 + 3) % len(LAST)]}",
                token,
                digest,
                mask_nik(nik),
                str(categories[n]),
                bool(poor[n]),
                phones[n],
                desil[n],
                now,
            )
            for n, ((nik, digest, rw), token) in enumerate(zip(everyone, tokens, strict=True))
        ),
    )
    return len(everyone)


def demo_desil(poor: np.ndarray) -> list[int | None]:
    """Each roster worker's DTSEN desil (None: unknown), from the desil stream only."""
    rng = np.random.default_rng(DESIL_SEED)
    drawn = rng.choice(np.arange(1, 11), len(poor), p=DESIL_WEIGHTS / DESIL_WEIGHTS.sum())
    unknown = rng.random(len(poor)) < DESIL_UNKNOWN
    return [None if unknown[n] else 1 if poor[n] else int(drawn[n]) for n in range(len(poor))]


def _fresh_niks(count: int, existing: np.ndarray, rng) -> list[str]:
    """NIKs of Jakarta Timur/Pusat residents who were never registered (not in the extracts)."""
    taken = set(existing.tolist())
    out: list[str] = []
    while len(out) < count:
        district = rng.choice(["317501", "317502", "317503", "317101", "317102"])
        day, month, year = rng.integers(1, 29), rng.integers(1, 13), rng.integers(60, 100)
        nik = f"{district}{day:02d}{month:02d}{year:02d}{int(rng.integers(1, 9999)):04d}"
        if int(nik) not in taken:
            taken.add(int(nik))
            out.append(nik)
    return out
