"""Sample import files (CSV and XLSX) written by the demo for users to try the importer."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import xlsxwriter

from semesta.demo.population import SEGMENTS, SPONSORS

FIRST = [
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gilang",
    "Hana",
    "Indra",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putri",
    "Rizky",
    "Siti",
    "Taufik",
    "Wulan",
    "Yusuf",
]
LAST = [
    "Saputra",
    "Wijaya",
    "Hidayat",
    "Lubis",
    "Siregar",
    "Nasution",
    "Pratama",
    "Santoso",
    "Kusuma",
    "Rahman",
    "Harahap",
    "Setiawan",
    "Simanjuntak",
    "Permana",
    "Gunawan",
]
PARTICIPANT_HEADER = [
    "NIK",
    "Nama",
    "Segmen",
    "Status",
    "NPP",
    "Kode Kelurahan",
    "Kelurahan",
    "RW",
    "Sponsor",
    "Tanggal Daftar",
]
ROWS = 3000


def participant_rows(people, geo, npps, active, names_by_code, rng) -> list[list[str]]:
    """A few thousand rows of a monthly extract, as BPJS Ketenagakerjaan sends them."""
    chosen = np.sort(rng.choice(len(people.nik), size=ROWS, replace=False))
    rows = []
    for i in chosen.tolist():
        kel = int(people.kelurahan[i])
        code = geo.kelurahan[kel] if kel >= 0 else ""
        registered = np.datetime64("1970-01-01") + int(people.registered_on[i])
        rows.append(
            [
                f"{int(people.nik[i]):016d}",
                f"{FIRST[i % len(FIRST)]} {LAST[(i // 7) % len(LAST)]}",
                SEGMENTS[people.segment[i]],
                "AKTIF" if active[i] else "TIDAK AKTIF",
                npps[people.employer[i]] if people.employer[i] >= 0 else "",
                code,
                names_by_code.get(code, ""),
                f"{int(people.rw[i]):03d}" if people.rw[i] else "",
                SPONSORS[people.sponsor[i]] if people.sponsor[i] >= 0 else "",
                registered.astype("datetime64[D]").item().strftime("%d/%m/%Y"),
            ]
        )
    return rows


def write_samples(rows: list[list[str]], folder: Path) -> list[str]:
    """Write the sample extract as CSV (semicolon, as Indonesian Excel saves it) and XLSX."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "contoh-peserta.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(PARTICIPANT_HEADER)
        writer.writerows(rows)
    xlsx_path = folder / "contoh-peserta.xlsx"
    workbook = xlsxwriter.Workbook(
        xlsx_path, {"strings_to_formulas": False, "strings_to_numbers": False}
    )
    sheet = workbook.add_worksheet("Peserta")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, PARTICIPANT_HEADER, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 24)
    sheet.set_column(5, 6, 18)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return [str(csv_path), str(xlsx_path)]
