"""Jakarta's region tree, addressed by Kemendagri codes, and the BPJS branch offices."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet


class Level(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    KOTA = "kota", _("Kota/Kabupaten")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


LEVEL_ORDER = [choice.value for choice in Level]


class RegionQuerySet(ScopedQuerySet):
    region_field = "code"

    def subtree(self, code: str) -> RegionQuerySet:
        """The region and everything below it."""
        return self.filter(models.Q(code=code) | models.Q(code__startswith=f"{code}."))


class Region(models.Model):
    """A province, kota/kabupaten, kecamatan, kelurahan, RW or RT.

    Codes are dotted Kemendagri codes (``31.75.01.1001``); RW and RT extend the kelurahan code
    with three digits each (``31.75.01.1001.005.012``), so a subtree is a code prefix.
    """

    code = models.CharField(primary_key=True, max_length=32)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes of the regions above this one, from the province down."""
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]


class BranchOffice(models.Model):
    """A BPJS Ketenagakerjaan branch (kantor cabang) and the kecamatan it serves.

    No complete branch-to-kecamatan map is public, so it is data that officers edit.
    """

    code = models.SlugField(primary_key=True, max_length=40)
    name = models.CharField(max_length=120)
    kecamatan = models.ManyToManyField(
        Region, related_name="branches", limit_choices_to={"level": Level.KECAMATAN}
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
