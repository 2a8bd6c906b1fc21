"""Legal products behind the coverage push: Inpres, Pergub, Surat Edaran, Keputusan, MoU."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from semesta.regions.models import Region


class LegalProductQuerySet(models.QuerySet):
    def in_force_for(self, region: Region) -> LegalProductQuerySet:
        """Products issued for the region, for a region above it, or nationally."""
        return self.filter(
            Q(region__isnull=True) | Q(region_id__in=[*region.ancestor_codes, region.code])
        )


class LegalProduct(models.Model):
    class Kind(models.TextChoices):
        INPRES = "inpres", _("Instruksi Presiden")
        SE_MINISTER = "se_menteri", _("Surat Edaran Menteri")
        PERGUB = "pergub", _("Peraturan Gubernur")
        PERWALI = "perwali", _("Peraturan Wali Kota")
        SE = "se", _("Surat Edaran")
        KEPWAL = "kepwal", _("Keputusan Wali Kota")
        MOU = "nota", _("Nota Kesepakatan")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    number = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    issued_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=200)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="The issuing region; empty for national products.",
    )
    subject = models.TextField()
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by"
    )
    document = models.FileField(upload_to="produk-hukum/", blank=True)
    recorded_by = models.CharField(max_length=150, blank=True)  # who registered it in Semesta

    objects = LegalProductQuerySet.as_manager()

    class Meta:
        ordering = ["year", "issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
