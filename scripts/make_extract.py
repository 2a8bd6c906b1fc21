"""Write a synthetic monthly participant extract (CSV) for benchmarks: valid NIKs, 0.5 % bad rows.

Usage: python scripts/make_extract.py OUT.csv [ROWS]
"""

from __future__ import annotations

import csv
import os
import sys

import django
import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
django.setup()  # the demo's generators sit in a Django app

from semesta.demo.geography import build_geography  # noqa: E402
from semesta.demo.population import make_niks  # noqa: E402

HEADER = [
    "NIK",
    "Nama",
    "Segmen",
    "Status",
    "NPP",
    "Kode Kelurahan",
    "RW",
    "Sponsor",
    "Tanggal Daftar",
]
SEGMENTS = np.array(["PU", "BPU", "JAKON", "PMI"])


def main(out: str, rows: int) -> None:
    import django

    django.setup()
    from semesta.regions.models import Region

    rng = np.random.default_rng(7)
    kelurahan = sorted(Region.objects.filter(level="kelurahan").values_list("code", flat=True))
    geo = build_geography(kelurahan, rng)
    kel = rng.integers(0, len(kelurahan), rows)
    niks = make_niks(geo, kel, rng)
    segment = SEGMENTS[rng.choice(4, rows, p=[0.76, 0.21, 0.02, 0.01])]
    status = np.where(rng.random(rows) < 0.8, "AKTIF", "TIDAK AKTIF")
    days = rng.integers(0, 5000, rows)
    dates = (np.datetime64("2010-01-01") + days).astype("datetime64[D]").astype(str)
    bad = rng.random(rows) < 0.005
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            nik = f"{niks[i]:016d}" if not bad[i] else f"{niks[i] / 1e15:.5f}E+15"
            y, m, d = dates[i].split("-")
            writer.writerow(
                [
                    nik,
                    f"Peserta {i}",
                    segment[i],
                    status[i],
                    f"{10_000_001 + i % 115_446}" if segment[i] == "PU" else "",
                    kelurahan[kel[i]],
                    f"{1 + i % 9:03d}",
                    "",
                    f"{d}/{m}/{y}",
                ]
            )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2_200_000)
