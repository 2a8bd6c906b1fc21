"""Synthetic employers: names, locations, sectors and sizes for the 115,446 registered in DKI."""

from __future__ import annotations

import numpy as np

PREFIXES = ["PT", "PT", "PT", "CV", "Koperasi", "Yayasan", "UD"]
WORDS = [
    "Abadi",
    "Bahari",
    "Cahaya",
    "Dharma",
    "Eka",
    "Fajar",
    "Gemilang",
    "Harapan",
    "Indah",
    "Jaya",
    "Karya",
    "Lestari",
    "Makmur",
    "Nusantara",
    "Oase",
    "Perkasa",
    "Raya",
    "Sentosa",
    "Tunggal",
    "Utama",
    "Wijaya",
    "Sejahtera",
    "Mandiri",
    "Sinar",
    "Bintang",
    "Mulia",
    "Prima",
    "Sakti",
    "Anugerah",
    "Berkah",
    "Citra",
    "Damai",
    "Global",
    "Kencana",
    "Mega",
    "Putra",
]
SECTORS = [
    "Keuangan",
    "Perdagangan dan jasa",
    "Pertambangan, manufaktur dan konstruksi",
    "Pertanian, peternakan, perkebunan dan perikanan",
    "Pendidikan",
    "Transportasi dan logistik",
    "Akomodasi dan makanan",
]
# Split of the former "Keuangan, perdagangan dan jasa" (0.46): the draw consumes the same
# randomness for any number of sectors, so every other demo figure is unchanged.
SECTOR_WEIGHTS = [0.06, 0.40, 0.18, 0.03, 0.07, 0.12, 0.14]


def employer_columns(count: int, kelurahan_weights: np.ndarray, rng) -> dict[str, np.ndarray]:
    """Column arrays for ``count`` employers; index 0 is the largest (see population draws)."""
    kelurahan = rng.choice(
        len(kelurahan_weights), size=count, p=kelurahan_weights / kelurahan_weights.sum()
    )
    sector = rng.choice(len(SECTORS), size=count, p=SECTOR_WEIGHTS)
    size = np.where(np.arange(count) < count * 0.02, "large", "micro_small").astype(object)
    size[(np.arange(count) >= count * 0.02) & (np.arange(count) < count * 0.12)] = "medium"
    start = np.datetime64("1995-01-01")
    registered = start + rng.integers(0, (np.datetime64("2024-01-01") - start).astype(int), count)
    names = [
        f"{PREFIXES[a]} {WORDS[b]} {WORDS[c]} {i + 1}"
        for i, (a, b, c) in enumerate(
            zip(
                rng.integers(0, len(PREFIXES), count),
                rng.integers(0, len(WORDS), count),
                rng.integers(0, len(WORDS), count),
                strict=True,
            )
        )
    ]
    return {
        "npp": np.array([f"{10_000_001 + i}" for i in range(count)]),
        "name": np.array(names),
        "kelurahan": kelurahan,
        "sector": sector,
        "size": size,
        "registered_on": registered,
    }


def form_last(name: str) -> str:
    """'PT Abadi Jaya 12' as a registry may write it: 'ABADI JAYA 12, PT'."""
    form, _, rest = name.partition(" ")
    return f"{rest.upper()}, {form.upper()}"


def typo(name: str, rng) -> str:
    """One letter of the name's first word dropped."""
    form, _, rest = name.partition(" ")
    word, _, tail = rest.partition(" ")
    if len(word) > 3:
        cut = int(rng.integers(1, len(word) - 1))
        word = word[:cut] + word[cut + 1 :]
    return f"{form} {word} {tail}".strip()
