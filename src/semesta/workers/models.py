"""Rosters of vulnerable workers (pekerja rentan) kept by kelurahan, RW and RT."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet
from semesta.nik import decrypt_nik, encrypt_nik
from semesta.regions.models import Region

PRIORITY_DESILS = frozenset(range(1, 5))  # desil 1–4: the poorest 40 %, served first


class Category(models.TextChoices):
    RT_RW_OFFICIAL = "rt_rw_official", "Pengurus RT/RW"
    CADRE = "cadre", "Kader PKK/Dasawisma/Posyandu"
    JUMANTIK = "jumantik", "Jumantik"
    RW_STAFF = "rw_staff", "Petugas keamanan/kebersihan RW"
    RELIGIOUS_TEACHER = "religious_teacher", "Guru ngaji"
    COMMUNITY_BODY = "community_body", "LMK/FKDM"
    UMKM = "umkm", "Pekerja UMKM"
    DRIVER = "driver", "Pengemudi ojek/ojol"
    TRADER = "trader", "Pedagang"
    FISHER = "fisher", "Nelayan"
    OTHER = "other", "Lainnya"


FERNET_PREFIX = "gAAAAA"  # every Fernet token starts with its version byte and timestamp


def _key() -> bytes:
    return settings.NIK_ENCRYPTION_KEY.encode("ascii")


def encrypt_phone(phone: str) -> str:
    """A phone number as stored: encrypted with the NIK key (an empty number stays empty)."""
    if not phone or phone.startswith(FERNET_PREFIX):
        return phone or ""
    return encrypt_nik(phone, _key())


def decrypt_phone(stored: str) -> str:
    """The phone number from what is stored (rows written before encryption read as they are)."""
    if not stored or not stored.startswith(FERNET_PREFIX):
        return stored or ""
    return decrypt_nik(stored, _key())


class EncryptedPhoneField(models.TextField):
    """A phone number encrypted at rest with the Fernet key that encrypts roster NIKs.

    Encrypted on every write through the ORM (``save``, ``bulk_create``, ``update``), decrypted
    when read, so imports and forms keep passing plain numbers.
    """

    def from_db_value(self, value, expression, connection):
        return decrypt_phone(value)

    def get_prep_value(self, value):
        return encrypt_phone(super().get_prep_value(value))


class RosterQuerySet(ScopedQuerySet):
    region_field = "region__code"


class RosterWorker(models.Model):
    """A vulnerable worker on a local roster. The NIK is stored encrypted (and as a keyed hash
    for matching against the participant snapshots); pages show it masked."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, help_text="RT, RW or kelurahan.")
    name = models.CharField(max_length=150)
    nik_encrypted = models.TextField()
    nik_hash = models.BinaryField(max_length=16, unique=True)
    nik_masked = models.CharField(max_length=16)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    extreme_poor = models.BooleanField(default=False)
    phone = EncryptedPhoneField(blank=True, help_text="Encrypted at rest.")
    desil = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="DTSEN decile (Inpres 4/2025): 1 is the poorest tenth; empty when not known.",
    )
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RosterQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(desil__isnull=True) | models.Q(desil__gte=1, desil__lte=10),
                name="desil_1_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nik_masked})"


class StatusQuerySet(ScopedQuerySet):
    region_field = "worker__region__code"


class RosterStatus(models.Model):
    """Whether a roster worker was covered in a month, matched against that month's snapshot."""

    class Status(models.TextChoices):
        COVERED = "covered", _("Terlindungi")
        NOT_COVERED = "not_covered", _("Belum terlindungi")
        LAPSED = "lapsed", _("Berhenti (pernah terlindungi)")

    worker = models.ForeignKey(RosterWorker, on_delete=models.CASCADE, related_name="statuses")
    period = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices)
    segment = models.CharField(max_length=6, blank=True)
    sponsor_code = models.CharField(max_length=40, blank=True)

    objects = StatusQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "period"], name="one_status_per_month")
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.period:%Y-%m}: {self.status}"
