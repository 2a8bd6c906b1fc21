"""Employers (pemberi kerja) registered with BPJS Ketenagakerjaan, identified by their NPP."""

from __future__ import annotations

from django.db import models

from semesta.regions.models import BranchOffice, Region
from semesta.scoping import ScopedQuerySet


class EmployerQuerySet(ScopedQuerySet):
    region_field = "kelurahan__code"


class Employer(models.Model):
    """A registered employer, located in a kelurahan and served by a branch office."""

    class Size(models.TextChoices):
        MICRO_SMALL = "micro_small", "Mikro/kecil"
        MEDIUM = "medium", "Menengah"
        LARGE = "large", "Besar"

    npp = models.CharField("NPP", primary_key=True, max_length=16)
    name = models.CharField(max_length=200)
    kelurahan = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="employers")
    branch = models.ForeignKey(BranchOffice, null=True, blank=True, on_delete=models.SET_NULL)
    sector = models.CharField(max_length=60, blank=True)
    size = models.CharField(max_length=12, choices=Size.choices, default=Size.MICRO_SMALL)
    registered_on = models.DateField()
    active = models.BooleanField(default=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["npp"]

    def __str__(self) -> str:
        return f"{self.name} ({self.npp})"
