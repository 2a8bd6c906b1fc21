"""Employers' free-text sectors mapped to the Paritrana Award's five sector groups."""

from __future__ import annotations

import pytest

from semesta.demo.employers import SECTORS
from semesta.employers.sectors import (
    LABOUR_INTENSIVE_INDUSTRIES,
    SectorGroup,
    labour_intensive_industry,
    sector_group,
    sectors_in_group,
)


@pytest.mark.parametrize(
    ("sector", "group"),
    [
        ("Keuangan", SectorGroup.FINANCE),
        ("Jasa keuangan dan asuransi", SectorGroup.FINANCE),
        ("Keuangan, perdagangan dan jasa", SectorGroup.FINANCE),
        ("Perdagangan dan jasa", SectorGroup.TRADE_SERVICES),
        ("Transportasi dan logistik", SectorGroup.TRADE_SERVICES),
        ("Akomodasi dan makanan", SectorGroup.TRADE_SERVICES),
        ("Jasa konstruksi", SectorGroup.INDUSTRY),
        ("Industri pengolahan makanan", SectorGroup.INDUSTRY),
        ("PERIKANAN", SectorGroup.AGRICULTURE),
        ("Jasa pendidikan", SectorGroup.EDUCATION),
    ],
)
def test_it_maps_a_sector_to_its_paritrana_group(sector, group):
    assert sector_group(sector) == group


def test_it_leaves_an_unknown_or_empty_sector_without_a_group():
    assert sector_group("") is None and sector_group("Lain-lain") is None


def test_it_maps_every_demo_sector_and_reaches_all_five_groups():
    groups = {sector_group(s) for s in SECTORS}
    assert None not in groups and groups == set(SectorGroup)
    assert sectors_in_group(SECTORS, SectorGroup.FINANCE) == ["Keuangan"]


@pytest.mark.parametrize(
    ("sector", "industry"),
    [
        ("Industri pengolahan makanan", "Industri makanan, minuman dan tembakau"),
        ("Industri rokok kretek", "Industri makanan, minuman dan tembakau"),
        ("Industri tekstil", "Industri tekstil dan pakaian jadi"),
        ("Manufaktur garmen", "Industri tekstil dan pakaian jadi"),
        ("Industri barang kulit", "Industri kulit dan barang kulit"),
        ("Industri alas kaki", "Industri alas kaki"),
        ("Pabrik mainan anak", "Industri mainan anak"),
        ("Industri mebel", "Industri furnitur"),
        ("Akomodasi dan makanan", None),
        ("Industri otomotif", None),
        ("Perdagangan pakaian jadi", None),
    ],
)
def test_it_finds_the_pp_7_2025_labour_intensive_industry_of_a_sector(sector, industry):
    assert labour_intensive_industry(sector) == industry


def test_it_lists_the_six_industries_of_pp_7_2025_as_the_rule_data_does():
    from semesta.contributions.rules import rule_book

    padat_karya = [r for r in rule_book()["relaxations"] if r["segment"] == "pu"]
    assert [r["id"] for r in padat_karya] == ["pp7-2025", "pp36-2025"]
    assert all(len(r["industries"]) == len(LABOUR_INTENSIVE_INDUSTRIES) == 6 for r in padat_karya)
    assert padat_karya[1]["to"] == "2026-01" and padat_karya[0]["to"] == "2025-07"
