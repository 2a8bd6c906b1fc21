"""The region tree from the shipped Kemendagri data, the RW/RT layer and the boundaries."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

from django.core.management import call_command

from semesta.regions.models import Level, Region
from semesta.regions.services import boundaries, set_rw_layer


def test_it_loads_all_of_dki_jakarta_from_the_kemendagri_data(db):
    counts = {level: Region.objects.filter(level=level).count() for level in Level.values}
    assert counts == {"province": 1, "kota": 6, "kecamatan": 44, "kelurahan": 267, "rw": 0, "rt": 0}


def test_it_keeps_names_and_codes_exactly_as_in_the_data(db):
    text = resources.files("semesta.data").joinpath("wilayah/villages_dki.csv").read_text("utf-8")
    expected = {
        r["code"]: (r["name"], r["district_code"]) for r in csv.DictReader(io.StringIO(text))
    }
    loaded = {r.code: (r.name, r.parent_id) for r in Region.objects.filter(level=Level.KELURAHAN)}
    assert loaded == expected
    assert Region.objects.get(code="31.75.01").name == "Matraman"
    assert Region.objects.get(code="31.71").name == "Kota Administrasi Jakarta Pusat"


def test_it_lists_a_regions_children_with_counts_as_json(db, capsys):
    set_rw_layer("31.75.01.1001", [3, 2])
    call_command("regions", "31", "--json")
    listing = json.loads(capsys.readouterr().out)
    assert listing["region"]["code"] == "31"
    assert len(listing["children"]) == 6
    assert listing["counts"] == {"kota": 6, "kecamatan": 44, "kelurahan": 267, "rw": 2, "rt": 5}
    timur = next(c for c in listing["children"] if c["code"] == "31.75")
    assert timur["counts"]["kecamatan"] == 10


def test_it_replaces_a_kelurahans_rw_layer(db):
    set_rw_layer("31.75.01.1001", [3, 2])
    set_rw_layer("31.75.01.1001", [1])
    assert list(Region.objects.subtree("31.75.01.1001").values_list("code", flat=True)) == [
        "31.75.01.1001",
        "31.75.01.1001.001",
        "31.75.01.1001.001.001",
    ]


def test_it_ships_boundaries_that_match_the_region_codes(db):
    for level, count in (("kota", 6), ("kecamatan", 44), ("kelurahan", 267)):
        features = boundaries(level)["features"]
        assert len(features) == count
        codes = {f["properties"]["kode"] for f in features}
        assert codes == set(Region.objects.filter(level=level).values_list("code", flat=True))
