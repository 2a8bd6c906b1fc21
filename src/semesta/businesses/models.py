"""Businesses from a business registry (OSS/NIB), matched against the registered employers.

About 234 thousand businesses operate in Jakarta against 115,446 employers registered with BPJS
Ketenagakerjaan. A business with no registered employer behind it is a lead for the inspectors:
"diduga belum terdaftar" until someone visits it and finds it registered, or not liable.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from semesta.access import AGENCY_OFFICER, CSR_SPONSOR, ScopedQuerySet
from semesta.employers.models import Employer
from semesta.regions.models import Region


class BusinessQuerySet(ScopedQuerySet):
    region_field = "kelurahan__code"
    # Inspection leads are for government and BPJS officers, not for sponsors or dinas staff.
    hidden_from = frozenset({CSR_SPONSOR, AGENCY_OFFICER})


class Size(models.TextChoices):
    MICRO = "micro", _("Mikro")
    SMALL = "small", _("Kecil")
    MEDIUM = "medium", _("Menengah")
    LARGE = "large", _("Besar")


SIZE_RANK = {Size.LARGE: 4, Size.MEDIUM: 3, Size.SMALL: 2, Size.MICRO: 1}


class Status(models.TextChoices):
    REGISTERED = "registered", _("Terdaftar (cocok dengan pemberi kerja)")
    PROBABLE = "probable", _("Diduga belum terdaftar")
    VISITED = "visited", _("Sudah dikunjungi")
    NEWLY_REGISTERED = "newly_registered", _("Sudah mendaftar")
    NOT_LIABLE = "not_liable", _("Tidak wajib mendaftar")


# Statuses an officer sets after a visit; re-matching a registry never overwrites them.
WORKED = {Status.VISITED, Status.NEWLY_REGISTERED, Status.NOT_LIABLE}


class Business(models.Model):
    """One business of the registry, its best match among employers and its inspection status."""

    nib = models.CharField("NIB", max_length=13, unique=True)
    npwp = models.CharField("NPWP", max_length=20, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, help_text="Normalised name.")
    address = models.CharField(max_length=300, blank=True)
    kbli = models.CharField("KBLI", max_length=5, blank=True)
    kelurahan = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    size = models.CharField(max_length=8, choices=Size.choices)
    size_rank = models.PositiveSmallIntegerField(default=1, db_index=True)
    workers = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=200)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match_method = models.CharField(max_length=12, blank=True)  # nib, npwp, name, fuzzy
    match_score = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True)
    status_note = models.CharField(max_length=300, blank=True)
    status_by = models.CharField(max_length=150, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)

    objects = BusinessQuerySet.as_manager()

    class Meta:
        ordering = ["-size_rank", "-workers", "nib"]
        indexes = [models.Index(fields=["kelurahan", "status", "size_rank"])]

    def __str__(self) -> str:
        return f"{self.name} (NIB {self.nib})"


class EmployerKey(models.Model):
    """Identifiers of a registered employer known to BPJS (NIB, NPWP), used for matching."""

    employer = models.OneToOneField(
        Employer, primary_key=True, on_delete=models.CASCADE, related_name="keys"
    )
    nib = models.CharField("NIB", max_length=13, blank=True, db_index=True)
    npwp = models.CharField("NPWP", max_length=20, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.employer_id}: NIB {self.nib or '-'}, NPWP {self.npwp or '-'}"
