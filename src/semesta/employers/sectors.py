"""The Paritrana Award's five sector groups and how an employer's free-text sector maps to them.

The award ranks large and medium employers within a sector group (seed 001: "5 sektor"); micro
and small employers compete together as UKM instead. ``Employer.sector`` is free text from the
BPJS extract or an import, so it is mapped by keywords.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SectorGroup(models.TextChoices):
    FINANCE = "keuangan", _("Keuangan")
    TRADE_SERVICES = "perdagangan_jasa", _("Perdagangan dan jasa")
    INDUSTRY = "industri", _("Pertambangan, manufaktur dan konstruksi")
    AGRICULTURE = "pertanian", _("Pertanian, peternakan, perkebunan dan perikanan")
    EDUCATION = "pendidikan", _("Pendidikan")


# Checked in order: the first group with a keyword in the (lower-cased) sector text wins, so
# finance words come before the broad "jasa" (jasa keuangan is finance).
KEYWORDS: list[tuple[SectorGroup, tuple[str, ...]]] = [
    (SectorGroup.FINANCE, ("keuangan", "bank", "asuransi", "finance", "pembiayaan")),
    (SectorGroup.EDUCATION, ("pendidikan", "sekolah", "universitas", "kursus", "education")),
    (
        SectorGroup.AGRICULTURE,
        ("pertanian", "peternakan", "perkebunan", "perikanan", "kehutanan", "nelayan"),
    ),
    (
        SectorGroup.INDUSTRY,
        ("pertambangan", "tambang", "manufaktur", "industri", "pengolahan", "konstruksi"),
    ),
    (
        SectorGroup.TRADE_SERVICES,
        (
            "perdagangan",
            "jasa",
            "transportasi",
            "logistik",
            "akomodasi",
            "makanan",
            "hotel",
            "restoran",
            "ritel",
            "informasi",
            "kesehatan",
        ),
    ),
]


def sector_group(sector: str) -> SectorGroup | None:
    """The sector group of a free-text sector, or None when no keyword matches.

    A combined label such as "Keuangan, perdagangan dan jasa" falls in the first group named.
    """
    text = sector.strip().lower()
    for group, words in KEYWORDS:
        if any(word in text for word in words):
            return group
    return None


def sectors_in_group(sectors: list[str], group: str) -> list[str]:
    """The sector texts (e.g. an employer table's distinct values) that map to a group."""
    return [s for s in sectors if sector_group(s) == group]


# PP 7/2025 (extended by PP 36/2025) lists the labour-intensive industries whose employers with
# at least 50 active participants pay half the JKK: exactly these six, in its words.
LABOUR_INTENSIVE_INDUSTRIES: dict[str, tuple[str, ...]] = {
    "Industri makanan, minuman dan tembakau": ("makanan", "minuman", "tembakau", "rokok"),
    "Industri tekstil dan pakaian jadi": ("tekstil", "pakaian jadi", "garmen", "konveksi"),
    "Industri kulit dan barang kulit": ("kulit",),
    "Industri alas kaki": ("alas kaki", "sepatu", "sandal"),
    "Industri mainan anak": ("mainan",),
    "Industri furnitur": ("furnitur", "furniture", "mebel"),
}


def labour_intensive_industry(sector: str) -> str | None:
    """The PP 7/2025 industry a free-text sector names, or None.

    Only manufacturing counts: "Akomodasi dan makanan" (restaurants) is not an industry of the
    list, "Industri pengolahan makanan" is.
    """
    text = sector.strip().lower()
    if not any(word in text for word in ("industri", "pengolahan", "manufaktur", "pabrik")):
        return None
    for industry, words in LABOUR_INTENSIVE_INDUSTRIES.items():
        if any(word in text for word in words):
            return industry
    return None
