"""All of Indonesia's Kemendagri regions: 38 provinces, 514 kab/kota, 7,285 kecamatan and
83,762 desa/kelurahan from the shipped idn-area-data files (ODbL 1.0).

Not a migration: every test database would carry 91,000 more rows. ``semesta regions
--national`` (and ``semesta demo``) load them; unit tests keep DKI Jakarta only. Loading adds
the regions that are missing and never touches rows that exist (DKI's, with its RW/RT layer,
memberships and facts pointing at them), so it is safe to repeat.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib import resources

# The level (regions.models.Level's values) and the column naming the parent, per shipped file,
# parents first. Plain strings, so the engine's benchmark reads the tree without Django.
FILES = (
    ("provinces.csv", "province", None),
    ("regencies.csv", "kota", "province_code"),
    ("districts.csv", "kecamatan", "regency_code"),
    ("villages.csv", "kelurahan", "district_code"),
)


def national_rows() -> list[tuple[str, str, str, str | None]]:
    """(code, name, level, parent) of every Kemendagri region in Indonesia, parents first."""
    rows: list[tuple[str, str, str, str | None]] = []
    folder = resources.files("semesta.data").joinpath("wilayah")
    for name, level, parent_column in FILES:
        text = folder.joinpath(name).read_text("utf-8")
        rows += [
            (r["code"], r["name"], level, r[parent_column] if parent_column else None)
            for r in csv.DictReader(io.StringIO(text))
        ]
    return rows


def load_national() -> dict[str, int]:
    """Add every region of Indonesia that is missing; existing rows are left as they are.

    Returns how many regions of each level were added (zeros when already loaded).
    """
    from django.db import transaction

    from semesta.bulk import insert_rows
    from semesta.regions.models import Region

    with transaction.atomic():
        existing = set(Region.objects.values_list("code", flat=True))
        missing = [row for row in national_rows() if row[0] not in existing]
        insert_rows(Region, ["code", "name", "level", "parent"], missing)
    added = {level: 0 for _, level, _ in FILES}
    for _, _, level, _ in missing:
        added[level] += 1
    return added


def is_loaded() -> bool:
    """Whether the regions outside DKI Jakarta are present (more than one province)."""
    from semesta.regions.models import Region

    return Region.objects.filter(parent=None).count() > 1


NATIONAL_BOUNDARIES = {"province": "indonesia_provinsi", "kota": "indonesia_kabkota"}


@lru_cache(maxsize=2)
def national_boundaries(level: str) -> dict:
    """The shipped GeoJSON of every province or kab/kota of Indonesia (simplified for the web
    from cahyadsn/wilayah_boundaries, MIT; see scripts/national_boundaries.py)."""
    name = f"boundaries/{NATIONAL_BOUNDARIES[level]}.cahyadsn.geojson"
    return json.loads(resources.files("semesta.data").joinpath(name).read_text("utf-8"))


def layer_features(level: str) -> list[dict]:
    """Boundary features of one level: DKI Jakarta's own finer layers where they exist, every
    other province's from the national files (provinces and kab/kota only)."""
    from semesta.regions.services import PROVINCE_CODE, boundaries

    if level == "province":
        return national_boundaries(level)["features"]
    own = boundaries(level)["features"]
    if level not in NATIONAL_BOUNDARIES:
        return own
    others = [
        f
        for f in national_boundaries(level)["features"]
        if not f["properties"]["kode"].startswith(f"{PROVINCE_CODE}.")
    ]
    return own + others
