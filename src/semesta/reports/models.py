"""Monev reports as built: the files, the data batches they came from and a digest of the data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet
from semesta.regions.models import Region


class ReportQuerySet(ScopedQuerySet):
    region_field = "region__code"


class Report(models.Model):
    """One Monev report of a region and period, as PDF and XLSX, kept so it can be rebuilt."""

    class Trigger(models.TextChoices):
        DEMAND = "demand", _("Atas permintaan")
        SCHEDULE = "schedule", _("Terjadwal")
        CLI = "cli", _("Baris perintah")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7, help_text="2025-Q4, 2025-S2 or 2025.")
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    built_by = models.CharField(max_length=150)
    built_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(max_length=5, default="id")
    sources = models.JSONField(help_text="Snapshots, import batches and data version used.")
    data_digest = models.CharField(
        max_length=64, help_text="SHA-256 of the figures; a rebuild must give the same."
    )
    pdf = models.FileField(upload_to="laporan/", blank=True)
    pdf_pages = models.PositiveSmallIntegerField(default=0)
    xlsx = models.FileField(upload_to="laporan/", blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-built_at", "-pk"]
        indexes = [models.Index(fields=["region", "period"])]

    def __str__(self) -> str:
        return f"Monev {self.region_id} {self.period}"
