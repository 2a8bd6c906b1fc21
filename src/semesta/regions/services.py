"""Loading and reading the region tree."""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from django.db import transaction
from django.db.models import Count

from semesta.regions.models import LEVEL_ORDER, Level, Region

PROVINCE_CODE = "31"
UNKNOWN_SUFFIX = "X"


def _data_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("semesta.data").joinpath(f"wilayah/{name}").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def kemendagri_rows(province: str = PROVINCE_CODE) -> list[tuple[str, str, str, str | None]]:
    """(code, name, level, parent) of a province's Kemendagri regions, parents first."""
    rows: list[tuple[str, str, str, str | None]] = [
        (r["code"], r["name"], Level.PROVINCE, None) for r in _data_csv("provinces.csv")
    ]
    rows += [
        (r["code"], r["name"], Level.KOTA, r["province_code"]) for r in _data_csv("regencies.csv")
    ]
    rows += [
        (r["code"], r["name"], Level.KECAMATAN, r["regency_code"])
        for r in _data_csv("districts.csv")
    ]
    rows += [
        (r["code"], r["name"], Level.KELURAHAN, r["district_code"])
        for r in _data_csv("villages_dki.csv")
    ]
    return [row for row in rows if row[0] == province or row[0].startswith(f"{province}.")]


@transaction.atomic
def load_kemendagri_regions(region_model: Any = Region) -> int:
    """Create or rename DKI Jakarta's province, kota, kecamatan and kelurahan from package data."""
    existing = set(region_model.objects.values_list("code", flat=True))
    created = 0
    for code, name, level, parent in kemendagri_rows():
        if code in existing:
            region_model.objects.filter(code=code).update(name=name, level=level, parent_id=parent)
        else:
            region_model.objects.create(code=code, name=name, level=level, parent_id=parent)
            created += 1
    return created


def ancestor_code(code: str, level: str) -> str:
    """The code of the region at ``level`` above (or at) the region with this code."""
    return ".".join(code.split(".")[: LEVEL_ORDER.index(level) + 1])


def rw_code(kelurahan_code: str, number: int) -> str:
    """The code of RW ``number`` in a kelurahan (``31.75.01.1001.005``)."""
    return f"{kelurahan_code}.{number:03d}"


@transaction.atomic
def set_rw_layer(kelurahan_code: str, rt_per_rw: list[int]) -> None:
    """Replace the RW and RT layer of a kelurahan: one entry per RW giving its RT count."""
    below = Region.objects.filter(code__startswith=f"{kelurahan_code}.")
    below.filter(level=Level.RT).delete()  # children first: parents are protected
    below.delete()
    rws, rts = [], []
    for number, rt_count in enumerate(rt_per_rw, start=1):
        code = rw_code(kelurahan_code, number)
        rws.append(
            Region(code=code, name=f"RW {number:03d}", level=Level.RW, parent_id=kelurahan_code)
        )
        rts += [
            Region(code=f"{code}.{rt:03d}", name=f"RT {rt:03d}", level=Level.RT, parent_id=code)
            for rt in range(1, rt_count + 1)
        ]
    Region.objects.bulk_create(rws, batch_size=2000)
    Region.objects.bulk_create(rts, batch_size=2000)


def descendant_counts(code: str) -> dict[str, int]:
    """How many regions of each level lie below a region."""
    rows = (
        Region.objects.filter(code__startswith=f"{code}.").values("level").annotate(n=Count("code"))
    )
    counts = {row["level"]: row["n"] for row in rows}
    return {level: counts[level] for level in LEVEL_ORDER if level in counts}


def children_with_counts(principal: Any, code: str | None) -> dict[str, Any]:
    """A region (or the visible top) with its children, each with counts of what lies below."""
    visible = Region.objects.visible_to(principal)
    if code is None:
        children = list(visible.filter(parent=None))
        region = None
    else:
        region = visible.get(code=code)
        children = list(visible.filter(parent=region))
    return {
        "region": _describe(region) if region else None,
        "counts": descendant_counts(region.code) if region else {},
        "children": [{**_describe(c), "counts": descendant_counts(c.code)} for c in children],
    }


def _describe(region: Region) -> dict[str, str]:
    return {"code": region.code, "name": region.name, "level": region.level}


@lru_cache(maxsize=4)
def boundaries(level: str) -> dict[str, Any]:
    """The shipped GeoJSON boundaries of DKI's kota, kecamatan or kelurahan (WGS84)."""
    files = {
        Level.KOTA: "dki_jakarta_kabkota_dissolved",
        Level.KECAMATAN: "dki_jakarta_kecamatan_dissolved",
        Level.KELURAHAN: "dki_jakarta_kelurahan",
    }
    name = f"boundaries/{files[Level(level)]}.cahyadsn.geojson"
    geojson: dict[str, Any] = json.loads(
        resources.files("semesta.data").joinpath(name).read_text("utf-8")
    )
    return geojson
