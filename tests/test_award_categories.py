"""Paritrana categories per award year, from dated configuration (issue 18 part 7)."""

from __future__ import annotations

import pytest

from semesta.awards import services
from semesta.awards.criteria import categories_for, category_versions
from semesta.awards.models import Kind
from semesta.employers.sectors import SectorGroup

# The 2025 categories as Semesta created them before they were configuration.
CATEGORIES_2025 = [
    ("kota", Kind.KOTA, ""),
    ("kelurahan", Kind.KELURAHAN, ""),
    *((f"sektor-{g.value}", Kind.SECTOR, g.value) for g in SectorGroup),
    ("ukm", Kind.UKM, ""),
]
# A later round with other categories: no kelurahan, two sector groups, a new one from 2027.
LATER = {
    "versions": [
        *category_versions()["versions"],
        {
            "from_year": 2026,
            "categories": [
                {"code": "kota", "kind": "kota"},
                {"code": "sektor-keuangan", "kind": "sector", "sector_group": "keuangan"},
                {"code": "sektor-pendidikan", "kind": "sector", "sector_group": "pendidikan"},
                {"code": "ukm", "kind": "ukm"},
            ],
        },
        {"from_year": 2028, "categories": [{"code": "ukm", "kind": "ukm"}]},
    ]
}


def _shape(cycle) -> list[tuple[str, str, str]]:
    return list(cycle.categories.order_by("order").values_list("code", "kind", "sector_group"))


def test_the_2025_cycle_keeps_exactly_its_categories(db):
    cycle = services.create_cycle("31", 2025)
    assert _shape(cycle) == [(c, str(k), g) for c, k, g in CATEGORIES_2025]


def test_a_cycle_of_another_year_takes_that_years_categories(db):
    later = services.create_cycle("31", 2026, config=LATER)
    assert _shape(later) == [
        ("kota", "kota", ""),
        ("sektor-keuangan", "sector", "keuangan"),
        ("sektor-pendidikan", "sector", "pendidikan"),
        ("ukm", "ukm", ""),
    ]
    this_year = services.create_cycle("31", 2025, config=LATER)
    assert len(_shape(this_year)) == 8  # a later version never changes an earlier round


def test_a_version_holds_until_the_next_one(db):
    assert [c["code"] for c in categories_for(2027, LATER)] == [
        "kota", "sektor-keuangan", "sektor-pendidikan", "ukm",
    ]  # fmt: skip
    assert [c["code"] for c in categories_for(2030, LATER)] == ["ukm"]
    assert len(categories_for(2031)) == 8  # the shipped file: 2025's until a new version


@pytest.mark.parametrize(
    "categories",
    [
        [{"code": "x", "kind": "provinsi"}],
        [{"code": "kota", "kind": "kota"}, {"code": "kota", "kind": "kota"}],
        [{"code": "s", "kind": "sector"}],
        [{"code": "s", "kind": "sector", "sector_group": "pariwisata"}],
        [{"code": "u", "kind": "ukm", "sector_group": "keuangan"}],
    ],
)
def test_it_refuses_malformed_or_missing_configuration(db, categories):
    with pytest.raises(ValueError, match="Kategori Paritrana"):
        categories_for(2026, {"versions": [{"from_year": 2026, "categories": categories}]})
    with pytest.raises(ValueError, match="tahun 2024"):
        services.create_cycle("31", 2024)
