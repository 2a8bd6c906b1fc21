"""Import batches (one per uploaded file) and saved column mappings per data source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet


class BatchQuerySet(ScopedQuerySet):
    region_field = "region_code"

    def visible_to(self, principal) -> BatchQuerySet:
        """Batches of the principal's region, and always their own uploads (a branch officer's
        batch is recorded at the common root of the kecamatan their branch serves)."""
        rows = super().visible_to(principal)
        pk = getattr(principal, "pk", None)
        return rows | self.filter(user_id=pk) if pk is not None else rows


class ImportBatch(models.Model):
    """One uploaded file: who, when, what it held, what happened to each of its rows."""

    class Status(models.TextChoices):
        # received → checking → held → applying → applied / failed / abandoned / reverted
        RECEIVED = "received", _("Berkas diterima, menunggu diperiksa")
        CHECKING = "checking", _("Sedang diperiksa")
        HELD = "held", _("Ditahan, menunggu konfirmasi")
        APPLYING = "applying", _("Sedang diterapkan")
        APPLIED = "applied", _("Diterapkan")
        FAILED = "failed", _("Gagal, tidak ada data yang diubah")
        ABANDONED = "abandoned", _("Terhenti di tengah jalan, tidak ada data yang diubah")
        REVERTED = "reverted", _("Dibatalkan penerapannya, data kembali seperti sebelumnya")
        DUPLICATE = "duplicate", _("Sama dengan impor sebelumnya")
        REPLACED = "replaced", _("Digantikan impor lebih baru")
        DISCARDED = "discarded", _("Dibatalkan")

    class Mode(models.TextChoices):
        REPLACE = "replace", _("Ganti data periode")
        APPEND = "append", _("Tambahan/perbaikan")

    kind = models.CharField(max_length=20)
    period = models.DateField(null=True, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.REPLACE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(max_length=150)
    region_code = models.CharField(max_length=32, help_text="Top of the uploader's scope.")
    scope = models.JSONField(
        default=list, help_text="Every scope root the rows were checked against."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    upload_path = models.CharField(max_length=400, blank=True, help_text="The file as uploaded.")
    source = models.SlugField(max_length=60, blank=True, help_text="Saved column mapping used.")
    lang = models.CharField(max_length=5, default="id")
    file_format = models.CharField(max_length=8, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64)
    content_digest = models.CharField(max_length=64, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_accepted = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_warned = models.PositiveIntegerField(default=0)
    error_report = models.CharField(max_length=400, blank=True)
    staged_path = models.CharField(max_length=400, blank=True)
    message = models.TextField(blank=True)
    first_problems = models.JSONField(default=list, blank=True)
    ignored_columns = models.JSONField(
        default=list, blank=True, help_text="Headers of the file that matched no column."
    )
    progress = models.PositiveSmallIntegerField(default=0)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced"
    )
    owner = models.CharField(
        max_length=120, blank=True, help_text="The process working on the batch (host:pid:token)."
    )
    lease_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The owner renews this while it works; once past, the batch is abandoned.",
    )
    preview = models.JSONField(
        default=dict, blank=True, help_text="What applying would add, change and remove."
    )
    decided_by = models.CharField(
        max_length=150, blank=True, help_text="Who confirmed, discarded or reverted the batch."
    )

    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "period", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.file_name} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        from semesta.imports import registry

        known = registry.known(self.kind)
        return gettext(registry.get(self.kind).label) if known else self.kind


# The labels of the import kinds (semesta/imports/kinds/), marked for makemessages: the kind
# modules keep them as plain Indonesian text, as the CLI and the API print them.
# tests/test_language.py keeps both in step.
KIND_LABELS = (
    gettext_noop("Ekstrak peserta BPJS Ketenagakerjaan (bulanan)"),
    gettext_noop("Penduduk bekerja per wilayah (penyebut cakupan)"),
    gettext_noop("Daftar pemberi kerja (badan usaha) terdaftar"),
    gettext_noop("Daftar pekerja rentan per kelurahan/RW/RT"),
    gettext_noop("Daftar pegawai non-ASN per instansi (PJLP, kontrak, mitra)"),
    gettext_noop("Manfaat yang dibayarkan BPJS Ketenagakerjaan (JKK, JKM, JHT, JP)"),
)


class BatchChange(models.Model):
    """One row an applied batch added, changed or removed, as it was before and after, so the
    batch can be reverted exactly. ``before`` is null for a row the batch added, ``after`` for
    one it removed. For participants the row is the month's snapshot registry entry."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    model = models.CharField(max_length=60)
    object_pk = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["model", "object_pk"])]

    def __str__(self) -> str:
        return f"#{self.batch_id} {self.model} {self.object_pk}"


class ColumnMapping(models.Model):
    """How a recurring source names its columns, e.g. a kota office's own extract layout."""

    source = models.SlugField(max_length=60)
    kind = models.CharField(max_length=20)
    columns = models.JSONField(help_text="File header → Semesta column key.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "kind"], name="mapping_unique")]

    def __str__(self) -> str:
        return f"{self.source} ({self.kind})"
