"""Employers (pemberi kerja) registered with BPJS Ketenagakerjaan, identified by their NPP."""

from __future__ import annotations

from django.db import models

from semesta.access import CSR_SPONSOR, ScopedQuerySet
from semesta.regions.models import BranchOffice, Region


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
    # Perusahaan Daftar Sebagian: registered only part of its workers, wages or programmes.
    pds_workers = models.BooleanField("PDS tenaga kerja", default=False)
    pds_wages = models.BooleanField("PDS upah", default=False)
    pds_programmes = models.BooleanField("PDS program", default=False)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["npp"]

    def __str__(self) -> str:
        return f"{self.name} ({self.npp})"


class ResponseQuerySet(ScopedQuerySet):
    region_field = "employer__kelurahan__code"
    # An employer's compliance is for government and BPJS officers, not for CSR sponsors.
    hidden_from = frozenset({CSR_SPONSOR})


class SeResponse(models.Model):
    """What an employer did on a Surat Edaran (e.g. funded informal workers' cover via CSR)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="se_responses")
    circular = models.ForeignKey(
        "legal.LegalProduct", on_delete=models.PROTECT, related_name="responses"
    )
    responded_on = models.DateField()
    action = models.TextField()
    evidence = models.FileField(upload_to="tanggapan-se/", blank=True)
    recognised_on = models.DateField(
        null=True, blank=True, help_text="When the employer received a certificate (piagam)."
    )
    recorded_by = models.CharField(max_length=150, blank=True)  # who recorded it in Semesta

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["circular_id", "employer_id"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "circular"], name="one_response_per_se")
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} → {self.circular}"
