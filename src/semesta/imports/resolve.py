"""Turning what people typed into canonical values, one distinct value at a time.

A 2-million-row extract has only a few thousand distinct kelurahan, segment or date values, so
each is resolved once here (in Python, with helpful messages) and joined back to the rows.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from semesta.access import within as in_subtree
from semesta.imports.kinds import normalise_header

EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Resolved:
    value: object = None
    error: str | None = None
    fields: dict | None = None


def choice(mapping: dict[str, str], label: str, shown: str | None = None):
    """A resolver for a closed list (segments, statuses), tolerant of case and spacing."""
    index = {normalise_header(k): v for k, v in mapping.items()}
    shown = shown or ", ".join(sorted(set(mapping.values())))

    def resolve(raw: str) -> Resolved:
        found = index.get(normalise_header(raw))
        if found is None:
            return Resolved(
                error="choice", fields={"column": label, "value": raw, "choices": shown}
            )
        return Resolved(found)

    return resolve


SEGMENTS = {
    "PU": "PU",
    "Penerima Upah": "PU",
    "Pekerja Penerima Upah": "PU",
    "PPU": "PU",
    "BPU": "BPU",
    "Bukan Penerima Upah": "BPU",
    "Pekerja Bukan Penerima Upah": "BPU",
    "Informal": "BPU",
    "Mandiri": "BPU",
    "JAKON": "JAKON",
    "Jasa Konstruksi": "JAKON",
    "Konstruksi": "JAKON",
    "PMI": "PMI",
    "Pekerja Migran Indonesia": "PMI",
    "Pekerja Migran": "PMI",
}
STATUSES = {
    "AKTIF": "ACTIVE",
    "ACTIVE": "ACTIVE",
    "A": "ACTIVE",
    "YA": "ACTIVE",
    "TIDAK AKTIF": "INACTIVE",
    "NONAKTIF": "INACTIVE",
    "NON AKTIF": "INACTIVE",
    "INACTIVE": "INACTIVE",
    "TA": "INACTIVE",
    "KEPESERTAAN BERAKHIR": "INACTIVE",
}
STATUS_CHOICES = "AKTIF, TIDAK AKTIF"
YES_NO = {
    "ya": "yes",
    "y": "yes",
    "yes": "yes",
    "1": "yes",
    "true": "yes",
    "benar": "yes",
    "tidak": "no",
    "t": "no",
    "no": "no",
    "0": "no",
    "false": "no",
    "bukan": "no",
}
CATEGORIES = {
    "Pengurus RT/RW": "rt_rw_official",
    "Ketua RT": "rt_rw_official",
    "Ketua RW": "rt_rw_official",
    "Pengurus RT": "rt_rw_official",
    "Pengurus RW": "rt_rw_official",
    "Kader PKK": "cadre",
    "PKK": "cadre",
    "Dasawisma": "cadre",
    "Posyandu": "cadre",
    "Kader Posyandu": "cadre",
    "Kader": "cadre",
    "Jumantik": "jumantik",
    "Petugas keamanan/kebersihan RW": "rw_staff",
    "Satpam RW": "rw_staff",
    "Hansip": "rw_staff",
    "Petugas Kebersihan": "rw_staff",
    "Guru Ngaji": "religious_teacher",
    "LMK": "community_body",
    "FKDM": "community_body",
    "LMK/FKDM": "community_body",
    "UMKM": "umkm",
    "Pekerja UMKM": "umkm",
    "Ojol": "driver",
    "Ojek": "driver",
    "Ojek Online": "driver",
    "Pengemudi": "driver",
    "Pengemudi ojek/ojol": "driver",
    "Kurir": "driver",
    "Pedagang": "trader",
    "Pedagang Kaki Lima": "trader",
    "PKL": "trader",
    "Nelayan": "fisher",
    "Lainnya": "other",
}
SIZE_CHOICES = "Mikro/kecil, Menengah, Besar"
WORKFORCE_KINDS = {
    "total": "total",
    "semua": "total",
    "jumlah": "total",
    "penduduk bekerja": "total",
    "formal": "formal",
    "pekerja formal": "formal",
    "informal": "informal",
    "pekerja informal": "informal",
}


SIZES = {
    "mikro": "micro_small",
    "kecil": "micro_small",
    "mikro/kecil": "micro_small",
    "ukm": "micro_small",
    "umk": "micro_small",
    "mikro kecil": "micro_small",
    "micro_small": "micro_small",
    "menengah": "medium",
    "medium": "medium",
    "besar": "large",
    "large": "large",
}


EMPLOYMENTS = {
    "PJLP": "pjlp",
    "Penyedia Jasa Lainnya Perorangan": "pjlp",
    "Kontrak kelurahan": "kelurahan",
    "Pegawai kontrak kelurahan": "kelurahan",
    "Staf kelurahan": "kelurahan",
    "Kelurahan": "kelurahan",
    "Kontrak kecamatan": "kecamatan",
    "Pegawai kontrak kecamatan": "kecamatan",
    "Staf kecamatan": "kecamatan",
    "Kecamatan": "kecamatan",
    "Mitra pemerintah": "partner",
    "Mitra": "partner",
    "Mitra kerja": "partner",
    "partner": "partner",
}
FUNDERS = {
    "APBD": "apbd",
    "APBN": "apbn",
    "BUMD": "bumd",
    "Baznas": "baznas",
    "CSR": "csr",
    "CSR perusahaan": "csr",
    "Mandiri": "self",
    "Sendiri": "self",
    "Peserta sendiri": "self",
    "self": "self",
}
FUNDER_CHOICES = "APBD, APBN, BUMD, Baznas, CSR, Mandiri"
PROGRAMMES = {
    "JKK": "JKK",
    "Jaminan Kecelakaan Kerja": "JKK",
    "JKM": "JKM",
    "Jaminan Kematian": "JKM",
    "JHT": "JHT",
    "Jaminan Hari Tua": "JHT",
    "JP": "JP",
    "Jaminan Pensiun": "JP",
}
BENEFIT_KINDS = {
    "Perawatan kecelakaan kerja": "accident",
    "Perawatan": "accident",
    "Pengobatan": "accident",
    "Kecelakaan kerja": "accident",
    "STMB": "accident",
    "accident": "accident",
    "Santunan cacat": "disability",
    "Cacat": "disability",
    "Cacat tetap": "disability",
    "disability": "disability",
    "Santunan kematian karena kecelakaan kerja": "death_work",
    "Kematian karena kecelakaan kerja": "death_work",
    "Meninggal karena kecelakaan kerja": "death_work",
    "death_work": "death_work",
    "Santunan kematian kepada ahli waris": "death",
    "Santunan kematian": "death",
    "Kematian": "death",
    "Meninggal dunia": "death",
    "death": "death",
    "Pencairan JHT": "old_age",
    "Klaim JHT": "old_age",
    "old_age": "old_age",
    "Manfaat pensiun": "pension",
    "Pensiun": "pension",
    "pension": "pension",
}
# Which benefits each programme pays (JP also pays disability and survivors' pensions).
PROGRAMME_KINDS = {
    "JKK": ("accident", "disability", "death_work"),
    "JKM": ("death",),
    "JHT": ("old_age",),
    "JP": ("pension", "disability", "death"),
}


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y")


def date_value(label: str, today: dt.date):
    """dd/mm/yyyy, yyyy-mm-dd (and a few cousins) or an Excel serial number; not in the future."""

    def resolve(raw: str) -> Resolved:
        text = raw.strip().split(" ")[0]
        parsed = _excel_serial(text) or _parse_date(text)
        if parsed is None:
            return Resolved(error="date", fields={"column": label, "value": raw})
        if parsed > today:
            return Resolved(
                error="date_future", fields={"column": label, "value": parsed.isoformat()}
            )
        return Resolved(parsed)

    return resolve


# The first of DATE_FORMATS as strptime reads it (one or two digits for day and month), read
# without strptime: an extract holds thousands of distinct dates, nearly all written so.
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def _parse_date(text: str) -> dt.date | None:
    found = _DAY_MONTH_YEAR.fullmatch(text)
    if found:
        day, month, year = map(int, found.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass  # no such day: the other formats are tried, as strptime's loop would
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _excel_serial(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{1,5}(\.0+)?", text):
        return None
    serial = int(float(text))
    if not 1 <= serial <= 80_000:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=serial)


def whole_number(label: str):
    """Whole numbers written the Indonesian way (1.234.567) or plainly; never negative."""

    def resolve(raw: str) -> Resolved:
        text = raw.strip().replace(" ", "")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        elif re.fullmatch(r"\d+[.,]0+", text):
            text = re.split(r"[.,]", text)[0]
        if not text.isdigit():
            return Resolved(error="number", fields={"column": label, "value": raw})
        return Resolved(int(text))

    return resolve


def rupiah(label: str, highest: int = 10**15):
    """Amounts of rupiah above 0 as people write them: 42.000.000, Rp 42.000.000,00,
    42000000, 42,000,000 (Excel in English) or Excel's own number."""
    whole = whole_number(label)

    def resolve(raw: str) -> Resolved:
        text = re.sub(r"^(rp\.?|idr)\s*", "", raw.strip(), flags=re.IGNORECASE)
        text = re.sub(r",(0{1,2}|-)$", "", text.replace(" ", ""))
        if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            text = text.replace(",", "")
        found = whole(text)
        if found.error or not 0 < found.value <= highest:
            return Resolved(error="money", fields={"column": label, "value": raw})
        return found

    return resolve


def rw_number(raw: str) -> Resolved:
    """``5``, ``005``, ``RW 05`` or ``RW.005`` → 5."""
    text = re.sub(r"^rw[\s.:]*", "", raw.strip().lower())
    if not text.isdigit() or not 1 <= int(text) <= 999:
        return Resolved(error="rw_number", fields={"value": raw})
    return Resolved(int(text))


# Spellings people use that the Kemendagri names do not (normalised form → normalised name).
NAME_VARIANTS = {
    "tanjungpriuk": "tanjungpriok",
    "tgpriok": "tanjungpriok",
    "tjpriok": "tanjungpriok",
    "jakpus": "jakartapusat",
    "jakut": "jakartautara",
    "jakbar": "jakartabarat",
    "jaksel": "jakartaselatan",
    "jaktim": "jakartatimur",
    "kepseribu": "kepulauanseribu",
}
LEVEL_PREFIXES = {
    "kotaadministrasi": "kota",
    "kabupatenadministrasi": "kota",
    "kabupaten": "kota",
    "kota": "kota",
    "kab": "kota",
    "kecamatan": "kecamatan",
    "kec": "kecamatan",
    "kelurahan": "kelurahan",
    "kel": "kelurahan",
    "desa": "kelurahan",
}


def normalise_name(text: str) -> tuple[str, str | None]:
    """``Kel. Kali Deres`` → (``kalideres``, ``kelurahan``): the name key and any level prefix."""
    key = normalise_header(text)
    level = None
    for prefix in sorted(LEVEL_PREFIXES, key=len, reverse=True):
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            key, level = key[len(prefix) :], LEVEL_PREFIXES[prefix]
            break
    return NAME_VARIANTS.get(key, key), level


class RegionIndex:
    """Regions by code (dotted or not) and by normalised name, for the levels a column accepts."""

    def __init__(self, regions: list[tuple[str, str, str, str | None]]) -> None:
        self.by_code: dict[str, tuple[str, str, str, str | None]] = {}
        self.by_name: dict[str, list[tuple[str, str, str, str | None]]] = {}
        for region in regions:
            code, name, _level, _parent = region
            self.by_code[code] = region
            self.by_code[code.replace(".", "")] = region
            self.by_name.setdefault(normalise_name(name)[0], []).append(region)
        self.names = {normalise_name(r[1])[0]: r[1] for r in regions}

    def resolve(
        self, raw: str, label: str, levels: set[str], within: str | None = None
    ) -> Resolved:
        text = raw.strip()
        region = self.by_code.get(text) or self.by_code.get(text.replace(" ", ""))
        if region is not None:
            if region[2] not in levels:
                return Resolved(
                    error="region_level", fields=_level_fields(label, raw, levels, region[2])
                )
            return Resolved(region[0])
        key, level = normalise_name(text)
        found = [
            r
            for r in self.by_name.get(key, [])
            if r[2] in levels and (level is None or r[2] == level)
        ]
        if within:
            inside = [r for r in found if in_subtree(r[0], within) and r[0] != within]
            found = inside or found
        if len(found) == 1:
            return Resolved(found[0][0])
        if len(found) > 1:
            candidates = ", ".join(f"{r[1]} ({r[0]})" for r in found[:6])
            return Resolved(
                error="region_ambiguous",
                fields={"column": label, "value": raw, "candidates": candidates},
            )
        if self.by_name.get(key):  # a real region, of another level (a kecamatan for a kelurahan)
            found_level = self.by_name[key][0][2]
            return Resolved(
                error="region_level", fields=_level_fields(label, raw, levels, found_level)
            )
        return Resolved(error="region_unknown", fields=self._suggest(label, raw, key, levels))

    def _suggest(self, label: str, raw: str, key: str, levels: set[str]) -> dict:
        keys = [k for k, rs in self.by_name.items() if any(r[2] in levels for r in rs)]
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.75)
        names = [self.names[k] for k in close]
        fields = {"column": label, "value": raw}
        if names:
            fields["suggestions"] = "; mungkin maksud Anda: " + ", ".join(names)
            fields["suggestions_en"] = "; did you mean: " + ", ".join(names)
        return fields


def _level_fields(label: str, raw: str, levels: set[str], found: str) -> dict:
    return {"column": label, "value": raw, "level": "/".join(sorted(levels)), "found": found}
