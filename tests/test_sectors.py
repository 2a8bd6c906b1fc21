"""Employers' free-text sectors mapped to the Paritrana Award's five sector groups."""

from __future__ import annotations

import pytest

from semesta.demo.employers import SECTORS
from semesta.employers.sectors import SectorGroup, sector_group, sectors_in_group


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
