"""Make the national province and kab/kota boundaries shipped in src/semesta/data/boundaries/.

``python scripts/national_boundaries.py REPO_DIR`` reads the SQL files of
cahyadsn/wilayah_boundaries (MIT; ``db/kab/*.sql`` of commit 3c5a796, e.g. a ``git archive``
export), swaps its (lat, lng) points to GeoJSON's (lon, lat), repairs invalid rings
(``make_valid``), simplifies for the web (Douglas-Peucker, keeping topology) and rounds, and
writes two GeoJSON files with the properties ``kode`` and ``nama``: the kab/kota, and the
provinces dissolved from them (so the levels nest; the source's province layer lacks one).
Needs shapely (the ``geo`` extra); Semesta itself only reads the GeoJSON.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# Degrees: a national map 720 px wide shows ~0.06° a pixel, a province map ~0.005°.
TOLERANCE = {"provinsi": 0.04, "kabkota": 0.01}
GRID = {"provinsi": 0.001, "kabkota": 0.0005}
# Islets smaller than this (square degrees; 0.0004 ≈ 5 km²) are left out of the drawing.
MIN_AREA = {"provinsi": 0.0004, "kabkota": 0.00002}
ROW = re.compile(r"\('([\d.]+)','((?:[^'\\]|\\.|'')*)',(-?[\d.]+),(-?[\d.]+),'(\[.*?\])'\)")


def rows(folder: Path):
    for path in sorted(folder.glob("*.sql")):
        text = path.read_text("utf-8")
        for match in ROW.finditer(text):
            code, name, _, _, polygons = match.groups()
            yield code, name.replace("''", "'").replace("\\'", "'"), json.loads(polygons)


def shape(code: str, name: str, polygons):
    """The source's nested (lat, lng) lists as a valid shapely geometry in (lon, lat)."""
    from shapely import make_valid
    from shapely.geometry import MultiPolygon, Polygon

    while polygons and not isinstance(polygons[0][0][0], list):  # a lone polygon or ring
        polygons = [polygons]
    shapes = []
    for polygon in polygons:
        rings = [[(lng, lat) for lat, lng in ring] for ring in polygon if len(ring) >= 4]
        if rings:
            shapes.append(Polygon(rings[0], rings[1:]))
    if not shapes:
        raise ValueError(f"{code} {name}: no polygon")
    return make_valid(MultiPolygon(shapes))


def feature(code: str, name: str, geometry, layer: str) -> dict:
    from shapely import set_precision
    from shapely.geometry import MultiPolygon, mapping

    geometry = set_precision(geometry.simplify(TOLERANCE[layer]), GRID[layer])
    parts = []
    for g in getattr(geometry, "geoms", [geometry]):
        parts += list(g.geoms) if g.geom_type == "MultiPolygon" else [g]
    polygons = [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
    largest = max(polygons, key=lambda p: p.area)  # never drop a region's last shape
    polygons = [p for p in polygons if p.area >= MIN_AREA[layer] or p is largest]
    return {
        "type": "Feature",
        "properties": {"kode": code, "nama": name},
        "geometry": mapping(MultiPolygon(polygons)),
    }


def main() -> None:
    from shapely import union_all

    repo = Path(sys.argv[1])
    out = Path(__file__).resolve().parent.parent / "src/semesta/data/boundaries"
    kab = [(c, n, shape(c, n, p)) for c, n, p in rows(repo / "db/kab") if c.count(".") == 1]
    names = dict(
        line.split(",", 1)
        for line in (out.parent / "wilayah/provinces.csv").read_text("utf-8").splitlines()[1:]
    )
    provinces = [
        (code, name, union_all([g for c, _, g in kab if c.startswith(f"{code}.")]))
        for code, name in names.items()
    ]
    for layer, shapes in (("kabkota", kab), ("provinsi", provinces)):
        features = sorted(
            (feature(code, name, geometry, layer) for code, name, geometry in shapes),
            key=lambda f: f["properties"]["kode"],
        )
        collection = {"type": "FeatureCollection", "features": features}
        target = out / f"indonesia_{layer}.cahyadsn.geojson"
        target.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
        print(f"{target.name}: {len(features)} features, {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
