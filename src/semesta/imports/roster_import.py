"""Checking a roster of vulnerable workers (name, NIK, where they live, what they do)."""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa

from semesta.access import covers
from semesta.imports import resolve
from semesta.imports.checks import Checked, Mapping, Problem, canonical_table
from semesta.imports.reading import Sheet
from semesta.nik import NikError, mask_nik, parse_nik
from semesta.regions.models import Level, Region
from semesta.workers.models import Category

SCHEMA = pa.schema(
    [
        ("_row", pa.int64()),
        ("nik", pa.string()),
        ("name", pa.string()),
        ("region", pa.string()),
        ("category", pa.string()),
        ("extreme_poor", pa.bool_()),
        ("phone", pa.string()),
        ("desil", pa.int8()),
    ]
)
DESIL_RANGE = range(1, 11)  # DTSEN deciles: 1 is the poorest tenth
CATEGORY_CHOICES = ", ".join(str(c.label) for c in Category)


def check_roster(sheet: Sheet, mapping: Mapping, principal, today: dt.date) -> Checked:
    """Each row: a valid NIK (once in the file), a name, an RW (and RT) that exists in scope,
    and, when given, a phone number and a DTSEN decile (1–10).

    Messages never echo a phone number or a full NIK (duplicates name the NIK masked)."""
    table = canonical_table(sheet, mapping)
    label = mapping.headers.get
    below = Region.objects.filter(level__in=[Level.KECAMATAN, Level.KELURAHAN])
    index = resolve.RegionIndex(list(below.values_list("code", "name", "level", "parent_id")))
    known = set(
        Region.objects.filter(level__in=[Level.RW, Level.RT]).values_list("code", flat=True)
    )
    categories = resolve.choice(
        resolve.CATEGORIES, label("category") or "Kategori", CATEGORY_CHOICES
    )
    yes_no = resolve.choice(resolve.YES_NO, label("extreme_poor") or "Miskin Ekstrem", "Ya, Tidak")
    seen: dict[str, int] = {}
    accepted, problems = [], []
    for record in table.to_pylist():
        row = record["_row"]
        found: list[Problem] = []

        def add(key, code, fields=None, row=row, found=found):
            found.append(
                Problem(row, label(key), code, {"column": label(key) or key, **(fields or {})})
            )

        for key in ("nik", "name", "kelurahan", "rw"):
            if not record.get(key):
                add(key, "required")
        nik = _nik(record.get("nik"), seen, add)
        region = _region(record, index, known, principal, label, add)
        category = (
            categories(record["category"]) if record.get("category") else resolve.Resolved("other")
        )
        poor = (
            yes_no(record["extreme_poor"]) if record.get("extreme_poor") else resolve.Resolved("no")
        )
        for key, result in (("category", category), ("extreme_poor", poor)):
            if result.error:
                add(key, result.error, result.fields)
        phone = _phone(record.get("phone"), add)
        desil = _desil(record.get("desil"), add)
        if found:
            problems += found
            continue
        seen[nik] = row
        accepted.append(
            {
                "_row": row,
                "nik": nik,
                "name": record["name"][:150],
                "region": region,
                "category": category.value,
                "extreme_poor": poor.value == "yes",
                "phone": phone,
                "desil": desil,
            }
        )
    return Checked(table.num_rows, pa.Table.from_pylist(accepted, SCHEMA), problems)


def _nik(raw: str | None, seen: dict[str, int], add) -> str | None:
    if not raw:
        return None
    try:
        nik = parse_nik(raw).value
    except NikError as error:
        add(
            "nik",
            "nik_invalid",
            {"message": error.message("id"), "message_en": error.message("en")},
        )
        return None
    if nik in seen:
        add("nik", "nik_duplicate", {"first_row": seen[nik], "value": mask_nik(nik)})
    return nik


def _region(record, index, known, principal, label, add) -> str | None:
    if not record.get("kelurahan"):
        return None
    within = None
    if record.get("kecamatan"):
        within = index.resolve(record["kecamatan"], "Kecamatan", {Level.KECAMATAN}).value
    kelurahan = index.resolve(record["kelurahan"], label("kelurahan"), {Level.KELURAHAN}, within)
    if kelurahan.error:
        add("kelurahan", kelurahan.error, kelurahan.fields)
        return None
    if not covers(principal, kelurahan.value):
        add("kelurahan", "out_of_scope", {"value": f"{record['kelurahan']} ({kelurahan.value})"})
        return None
    code = kelurahan.value
    for key, code_name in (("rw", "rw_missing"), ("rt", "rt_missing")):
        if not record.get(key):
            continue
        number = resolve.rw_number(record[key].lower().removeprefix("rt").strip(" .:"))
        child = f"{code}.{number.value:03d}" if number.error is None else None
        if child not in known:
            add(key, code_name, {"value": record[key], "kelurahan": record["kelurahan"]})
            return None
        code = child
    return code


def _phone(raw: str | None, add) -> str:
    if not raw:
        return ""
    digits = re.sub(r"[\s().-]", "", raw)
    digits = "0" + digits[3:] if digits.startswith("+62") else digits
    digits = "0" + digits[2:] if digits.startswith("62") else digits
    if not re.fullmatch(r"08\d{7,11}", digits):
        add("phone", "phone")  # the number itself is personal data: never echoed
        return ""
    return digits


def _desil(raw: str | None, add) -> int | None:
    """The DTSEN decile, 1–10, or None when the cell is empty (not known)."""
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip().lower().removeprefix("desil").strip()
    text = text[:-2] if text.endswith(".0") else text  # 3.0 from a spreadsheet number cell
    if text.isdigit() and int(text) in DESIL_RANGE:
        return int(text)
    add("desil", "desil", {"value": str(raw).strip()[:20]})
    return None
