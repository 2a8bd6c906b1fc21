"""Paritrana Award cycles, their categories and candidates, with the indicators frozen at close.

A cycle is one provincial round (e.g. DKI 2025, assessing calendar year 2024). When it closes,
every candidate's indicator values are computed once from Semesta's data and stored with what
they came from; scores and rankings are always computed from those frozen values
(``semesta.awards.scoring``), so the same cycle always gives the same ranking.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet
from semesta.employers.models import Employer
from semesta.employers.sectors import SectorGroup
from semesta.regions.models import Region


class Cycle(models.Model):
    """One award round of a region (the province): its year, weights and frozen basis."""

    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        CLOSED = "closed", _("Ditutup")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The award year, e.g. 2025.")
    assessed_year = models.PositiveSmallIntegerField(help_text="The calendar year assessed.")
    name = models.CharField(max_length=200)
    held_on = models.DateField(null=True, blank=True, help_text="Award ceremony.")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    weights = models.JSONField(
        default=dict,
        blank=True,
        help_text='Overrides of the default weights: {"kota": {"coverage": 40}, ...}.',
    )
    criteria = models.JSONField(
        default=dict, blank=True, help_text="The default criteria file as it was at close."
    )
    basis = models.JSONField(
        default=dict, blank=True, help_text="Periods, snapshots and data version frozen from."
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_award_cycle_per_year")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Kind(models.TextChoices):
    KOTA = "kota", _("Pemerintah kota/kabupaten terbaik")
    KELURAHAN = "kelurahan", _("Pemerintah desa/kelurahan terbaik")
    SECTOR = "sector", _("Usaha terbaik per sektor (besar dan menengah)")
    UKM = "ukm", _("Usaha Kecil dan Mikro (UKM) terbaik")


GOVERNMENT_KINDS = {Kind.KOTA, Kind.KELURAHAN}


class Category(models.Model):
    """A category of a cycle; employers of the sector kind compete within one sector group."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(max_length=40)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sector_group = models.CharField(
        max_length=20, choices=SectorGroup.choices, blank=True, help_text="Sector kind only."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cycle_id", "order", "code"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="one_award_category_code")
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.title}"

    @property
    def title(self) -> str:
        if self.kind == Kind.SECTOR and self.sector_group:
            return _("Usaha terbaik sektor %(sector)s") % {
                "sector": SectorGroup(self.sector_group).label
            }
        return str(Kind(self.kind).label)


class CandidateQuerySet(ScopedQuerySet):
    region_field = "region__code"


class Candidate(models.Model):
    """A nominee of a category: a kota, a kelurahan or an employer, with its frozen indicators."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="candidates")
    code = models.CharField(max_length=32, help_text="Region code or NPP.")
    name = models.CharField(max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The region itself, or the employer's kelurahan: who may see the candidate.",
    )
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominated_by = models.CharField(max_length=150, blank=True)
    indicators = models.JSONField(default=dict, blank=True, help_text="Frozen raw values.")
    evidence = models.JSONField(default=dict, blank=True, help_text="What each value counts.")
    frozen_at = models.DateTimeField(null=True, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["category_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="one_candidacy_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
