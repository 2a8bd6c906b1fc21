"""'N per RW' programmes (e.g. Jakarta Timur's "1 RW, 100 pekerja rentan") and their Monev."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet
from semesta.regions.models import Level, Region


class Rhythm(models.TextChoices):
    QUARTER = "quarter", _("Triwulan")
    SEMESTER = "semester", _("Semester")
    YEAR = "year", _("Tahunan")


class ProgrammeQuerySet(ScopedQuerySet):
    """Programmes run in some kecamatan: seen above them and by the officers inside them."""

    region_field = "kecamatan__code"
    many = True
    reaches_down = True


class Programme(models.Model):
    """A target of N covered vulnerable workers in every RW of some kecamatan."""

    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", help_text="The kota that runs it."
    )
    kecamatan = models.ManyToManyField(
        Region, related_name="programmes", limit_choices_to={"level": Level.KECAMATAN}
    )
    target_per_rw = models.PositiveIntegerField()
    aim_pct = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="Share of RWs at target the programme aims for."
    )
    start = models.DateField()
    kecamatan_rhythm = models.CharField(max_length=8, choices=Rhythm.choices)
    kota_rhythm = models.CharField(max_length=8, choices=Rhythm.choices)
    source = models.CharField(max_length=300)

    objects = ProgrammeQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class Monev(models.Model):
    """A monitoring and evaluation meeting held for a programme, a region and a period."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="monev")
    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    period = models.CharField(max_length=7, help_text="2025-Q4, 2025-S2 or 2025.")
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "region", "period"], name="one_monev_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.region_id} {self.period}"
