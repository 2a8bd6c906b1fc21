"""Denominators, targets, the snapshot registry and the coverage facts the dashboards read."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet
from semesta.regions.models import Region


class RegionBound(ScopedQuerySet):
    region_field = "region__code"


class Workforce(models.Model):
    """Working residents (penduduk bekerja) of a region, in force from a month until replaced.

    Each figure is one version: the month it applies from, its source, the year of the data it
    rests on and the method that produced it, so pages can say how an estimate was made.
    """

    class Kind(models.TextChoices):
        TOTAL = "total", "Penduduk bekerja"
        FORMAL = "formal", "Pekerja formal"
        INFORMAL = "informal", "Pekerja informal"

    class Method(models.TextChoices):
        SURVEY = "survey", _("survei angkatan kerja BPS (Sakernas)")
        POPULATION_RATE = (
            "population_rate",
            _("penduduk usia kerja Dukcapil × tingkat kesempatan kerja kota"),
        )
        SHARE = "share", _("bagian angka wilayah di atasnya menurut proporsi penduduk")
        IMPLIED = "implied", _("tersirat dari cakupan UCJ yang diumumkan")
        UNSTATED = "", _("metode tidak dicatat")

    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    period = models.DateField(help_text="First month the figure applies to.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TOTAL)
    value = models.PositiveIntegerField()
    source = models.CharField(max_length=300)
    method = models.CharField(max_length=20, choices=Method.choices, default="", blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of the data the figure rests on."
    )
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = RegionBound.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "period", "kind"], name="workforce_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period:%Y-%m} {self.kind}: {self.value}"


class TargetQuerySet(RegionBound):
    def current(self) -> TargetQuerySet:
        """Targets in force (not replaced by a later decision for the same deadline)."""
        return self.filter(replaced_at__isnull=True)


class Target(models.Model):
    """A coverage target for a region: a percentage of its workforce or an absolute count.

    A target is either set (by Kemendagri, or by an officer for their region or a region below
    it) or allocated by Semesta from the target of the region above (see ``allocation.py``).
    Replaced versions are kept as history, each with its source and author.
    """

    class Kind(models.TextChoices):
        PCT = "pct", _("Persentase")
        COUNT = "count", _("Jumlah peserta")

    class Origin(models.TextChoices):
        SET = "set", _("ditetapkan")
        ALLOCATED = "allocated", _("dialokasikan dari wilayah di atasnya")

    class Allocation(models.TextChoices):
        WORKFORCE = "workforce", _("menurut penduduk bekerja")
        GAP = "gap", _("menurut selisih terhadap target")

    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    declared_pct = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The percentage announced with an absolute target, for display.",
    )
    deadline = models.DateField()
    source = models.CharField(max_length=300, help_text="The document that sets it.")
    set_by = models.CharField(max_length=150, blank=True)
    set_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True, help_text="Kept as history.")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.SET)
    allocation = models.CharField(
        max_length=10,
        choices=Allocation.choices,
        default=Allocation.WORKFORCE,
        help_text="How the target is divided among the regions below (and how this one was).",
    )
    allocated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations"
    )
    basis_period = models.DateField(
        null=True, blank=True, help_text="Month whose working residents (and gap) it rests on."
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "deadline", "-set_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "deadline"],
                condition=models.Q(replaced_at__isnull=True),
                name="target_unique_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.kind} {self.value} s.d. {self.deadline}"


class Snapshot(models.Model):
    """One month's participant snapshot in the Parquet store (immutable once written)."""

    period = models.DateField(unique=True)
    path = models.CharField(max_length=400)
    rows = models.PositiveIntegerField()
    active = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=300)
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}: {self.rows} baris"


class FactQuerySet(ScopedQuerySet):
    region_field = "region_code"


class CoverageFact(models.Model):
    """Participants and coverage of one region, segment and month, as the engine computed them.

    ``region_code`` also holds the "unknown domicile" buckets (``<parent>.X``) that are not
    regions, so it is a plain code rather than a foreign key.
    """

    period = models.DateField()
    region_code = models.CharField(max_length=32)
    parent_code = models.CharField(max_length=32, blank=True)
    level = models.CharField(max_length=10)
    segment = models.CharField(max_length=6)
    registered = models.PositiveIntegerField()
    active = models.PositiveIntegerField()
    lapsed = models.PositiveIntegerField(
        default=0, help_text="Active the month before, not active in this month."
    )
    workforce = models.PositiveIntegerField(null=True)
    coverage_pct = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    target_count = models.PositiveIntegerField(null=True)
    gap = models.IntegerField(null=True)

    objects = FactQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "region_code", "segment"], name="coverage_fact_unique"
            )
        ]
        indexes = [
            models.Index(fields=["parent_code", "period", "segment"]),
            models.Index(fields=["region_code", "segment", "period"]),  # a region's series
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.segment} {self.period:%Y-%m}"
