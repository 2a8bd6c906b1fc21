"""People, what part of Jakarta each may see, and the audit trail of what they did."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet
from semesta.regions.models import BranchOffice, Level, Region


class User(AbstractUser):
    """A Semesta user; what they may see comes from their memberships only."""


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Admin provinsi")
    KOTA_OFFICER = "kota_officer", _("Petugas kota/kabupaten")
    KECAMATAN_OFFICER = "kecamatan_officer", _("Petugas kecamatan")
    KELURAHAN_OFFICER = "kelurahan_officer", _("Petugas kelurahan")
    BRANCH_OFFICER = "branch_officer", _("Petugas kantor cabang BPJS")
    CSR_SPONSOR = "csr_sponsor", _("Sponsor CSR")
    AGENCY_OFFICER = "agency_officer", _("Petugas dinas/instansi")
    VIEWER = "viewer", _("Pembaca")
    NATIONAL_ADMIN = "national_admin", _("Admin nasional (Kemendagri)")
    BPJS_HEAD_OFFICE = "bpjs_head_office", _("BPJS Ketenagakerjaan Kantor Pusat")


# The region level each role is anchored at; sponsors and viewers may hold any region.
ROLE_LEVEL = {
    Role.PROVINCE_ADMIN: Level.PROVINCE,
    Role.KOTA_OFFICER: Level.KOTA,
    Role.KECAMATAN_OFFICER: Level.KECAMATAN,
    Role.KELURAHAN_OFFICER: Level.KELURAHAN,
}


# Roles over the whole country (every province, read and export only): no region is held.
NATIONAL_ROLES = {Role.NATIONAL_ADMIN, Role.BPJS_HEAD_OFFICE}


# Roles that may upload data for their region; sponsors and viewers only read.
IMPORTING_ROLES = {
    Role.PROVINCE_ADMIN,
    Role.KOTA_OFFICER,
    Role.KECAMATAN_OFFICER,
    Role.KELURAHAN_OFFICER,
    Role.BRANCH_OFFICER,
}


def can_import(user) -> bool:
    """Whether the user holds a role that imports data."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.memberships.filter(role__in=IMPORTING_ROLES).exists()


def government_reader(user) -> bool:
    """Whether the user holds a government or BPJS role (sponsors only see their own pledges)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.memberships.exclude(role=Role.CSR_SPONSOR).exists()


class Membership(models.Model):
    """A role over a region subtree (or, for branch officers, over their branch's kecamatan)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    branch = models.ForeignKey(BranchOffice, null=True, blank=True, on_delete=models.PROTECT)

    def __str__(self) -> str:
        where = self.branch if self.role == Role.BRANCH_OFFICER else self.region
        return f"{self.get_role_display()} — {where}"

    def save(self, *args, **kwargs) -> None:
        self.full_clean(exclude=["user"])
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.role in NATIONAL_ROLES:
            if self.region_id is not None or self.branch_id is not None:
                raise ValidationError("Peran nasional mencakup semua provinsi, tanpa wilayah.")
            return
        if self.role == Role.BRANCH_OFFICER:
            if self.branch_id is None or self.region_id is not None:
                raise ValidationError("Petugas cabang memerlukan kantor cabang, bukan wilayah.")
            return
        if self.region_id is None or self.branch_id is not None:
            raise ValidationError("Peran ini memerlukan wilayah, bukan kantor cabang.")
        expected = ROLE_LEVEL.get(Role(self.role))
        if expected and self.region.level != expected:
            raise ValidationError(
                f"{self.get_role_display()} harus ditempatkan di tingkat {Level(expected).label}."
            )


class AuditQuerySet(ScopedQuerySet):
    region_field = "region_code"


class AuditEvent(models.Model):
    """Who did what, when, where and to what: logins, personal-data views, exports."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Masuk")
        LOGIN_FAILED = "login_failed", _("Gagal masuk")
        LOGOUT = "logout", _("Keluar")
        VIEW_PERSONAL = "view_personal", _("Melihat data pribadi")
        EXPORT = "export", _("Ekspor")
        IMPORT = "import", _("Impor")
        DOWNLOAD = "download", _("Unduh berkas")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    region_code = models.CharField(max_length=32, blank=True, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"


def token_expiry():
    """When a token issued now expires: ``SEMESTA_API_TOKEN_DAYS`` (90) days from now."""
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the token is shown once.

    It works until it expires or is revoked, whichever comes first.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.user} — {self.name}"

    @property
    def is_valid(self) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > timezone.now()
