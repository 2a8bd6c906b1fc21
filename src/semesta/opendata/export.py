"""Monthly open data per kota, kecamatan and kelurahan (never RW, never persons), suppressed."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from semesta.coverage.models import CoverageFact
from semesta.engine.coverage import ALL, UNKNOWN_LEVEL
from semesta.formats import safe_cell
from semesta.opendata.suppression import THRESHOLD, suppress
from semesta.regions.models import Level, Region

LEVELS = (Level.PROVINCE, Level.KOTA, Level.KECAMATAN, Level.KELURAHAN)
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
COUNTS = ["peserta_aktif", "peserta_terdaftar", "berhenti_aktif"] + [
    f"aktif_{s.lower()}" for s in SEGMENTS
]
COLUMNS = [
    "periode",
    "kode",
    "nama",
    "tingkat",
    "induk",
    *COUNTS,
    "penduduk_bekerja",
    "cakupan_pct",
]
HIDDEN = ""  # a suppressed cell is empty in CSV and null in JSON
DEFINITIONS = {
    "peserta_aktif": "Peserta BPJS Ketenagakerjaan yang iurannya terbayar pada bulan itu, "
    "menurut domisili NIK.",
    "peserta_terdaftar": "Peserta terdaftar (aktif dan tidak aktif).",
    "berhenti_aktif": "Aktif pada bulan sebelumnya, tidak aktif pada bulan ini.",
    "aktif_pu": "Peserta aktif penerima upah.",
    "aktif_bpu": "Peserta aktif bukan penerima upah.",
    "aktif_jakon": "Peserta aktif jasa konstruksi.",
    "aktif_pmi": "Peserta aktif pekerja migran Indonesia.",
    "penduduk_bekerja": "Penduduk bekerja (penyebut cakupan).",
    "cakupan_pct": "Peserta aktif dibagi penduduk bekerja, dalam persen (UCJ).",
}


def table(period: date) -> list[dict]:
    """One row per region down to kelurahan (and the unknown-domicile bucket), suppressed."""
    facts = CoverageFact.objects.filter(period=period)
    published = facts.filter(level__in=[*LEVELS, UNKNOWN_LEVEL]).exclude(
        level=UNKNOWN_LEVEL,
        parent_code__regex=r"^\d+(\.\d+){3}$",  # RW buckets of a kelurahan
    )
    rows: dict[str, dict] = {}
    for fact in published.order_by("region_code"):
        row = rows.setdefault(
            fact.region_code,
            {"kode": fact.region_code, "tingkat": fact.level, "induk": fact.parent_code},
        )
        if fact.segment == ALL:
            row.update(
                peserta_aktif=fact.active,
                peserta_terdaftar=fact.registered,
                berhenti_aktif=fact.lapsed or 0,
                penduduk_bekerja=fact.workforce,
                cakupan_pct=None if fact.coverage_pct is None else float(fact.coverage_pct),
            )
        elif fact.segment in SEGMENTS:
            row[f"aktif_{fact.segment.lower()}"] = fact.active
    names = dict(Region.objects.filter(code__in=rows).values_list("code", "name"))
    for row in rows.values():
        row["periode"] = f"{period:%Y-%m}"
        row["nama"] = names.get(row["kode"], "Domisili tidak diketahui")
        for column in COUNTS:
            row.setdefault(column, 0)
    hidden = suppress(*_cells_and_groups(rows))
    for code, column in hidden:
        rows[code][column] = None
        if column == "peserta_aktif":
            rows[code]["cakupan_pct"] = None  # it would give the count back
    return [{c: rows[code][c] for c in COLUMNS} for code in sorted(rows)]


def _cells_and_groups(rows: dict[str, dict]):
    cells = {(code, c): row[c] for code, row in rows.items() for c in COUNTS}
    groups = [
        ([(code, f"aktif_{s.lower()}") for s in SEGMENTS], (code, "peserta_aktif")) for code in rows
    ]
    children: dict[str, list[str]] = {}
    for code, row in rows.items():
        if row["induk"] in rows:
            children.setdefault(row["induk"], []).append(code)
    for parent, kids in children.items():
        groups += [([(kid, c) for kid in kids], (parent, c)) for c in COUNTS]
    return cells, groups


def write(period: date, folder: Path) -> list[Path]:
    """CSV, JSON and CKAN-ready metadata for a month, into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = table(period)
    stem = f"cakupan-jamsostek-dki-{period:%Y-%m}"
    csv_path, json_path = folder / f"{stem}.csv", folder / f"{stem}.json"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(
            {k: HIDDEN if v is None else safe_cell(v) for k, v in row.items()} for row in rows
        )
    json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    meta = folder / f"{stem}.metadata.json"
    meta.write_text(json.dumps(_metadata(period, stem), ensure_ascii=False, indent=1), "utf-8")
    return [csv_path, json_path, meta]


def _metadata(period: date, stem: str) -> dict:
    return {
        "title": f"Cakupan Universal Jamsostek DKI Jakarta {period:%Y-%m}",
        "notes": "Peserta BPJS Ketenagakerjaan dan cakupan per kota, kecamatan dan kelurahan "
        "menurut domisili NIK. Tanpa data RW dan tanpa data pribadi. Sel bernilai 1 sampai "
        f"{THRESHOLD - 1} dikosongkan, demikian pula sel pendamping agar tidak dapat dihitung "
        "kembali dari jumlah atau sel saudaranya. Nilai 0 tidak pernah dikosongkan.",
        "license_id": "cc-by-4.0",
        "period": f"{period:%Y-%m}",
        "organization": "Pemerintah Provinsi DKI Jakarta dan BPJS Ketenagakerjaan Kanwil DKI",
        "tags": ["jamsostek", "bpjs-ketenagakerjaan", "ucj", "cakupan"],
        "resources": [
            {"name": f"{stem}.csv", "format": "CSV"},
            {"name": f"{stem}.json", "format": "JSON"},
        ],
        "definitions": DEFINITIONS,
        "suppression": {"threshold": THRESHOLD, "complementary": True, "empty_means": "disamarkan"},
    }
