"""Collaboration behind coverage: MoU commitments per party, outreach events, the government's
own non-ASN staff, and benefits paid to covered workers as evidence."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from semesta.access import ScopedQuerySet
from semesta.legal.models import LegalProduct
from semesta.regions.models import Region
from semesta.sponsorship.models import Sponsor
from semesta.workers.models import Category, RosterWorker


class Party(models.Model):
    """A party to an MoU: the BPJS office, the province, a dinas, a city government."""

    class Kind(models.TextChoices):
        BPJS = "bpjs", _("BPJS Ketenagakerjaan")
        PROVINCE = "province", _("Pemerintah provinsi")
        DINAS = "dinas", _("Dinas/badan")
        KOTA = "kota", _("Pemerintah kota/kabupaten")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        OTHER = "other", _("Lainnya")

    code = models.SlugField(primary_key=True, max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, help_text="Where it works.")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="parties",
        help_text="Agency officers: they see and update this party's commitments only.",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A Nota Kesepakatan (MoU) from the legal-products registry with the parties that signed."""

    product = models.OneToOneField(
        LegalProduct,
        on_delete=models.PROTECT,
        related_name="agreement",
        limit_choices_to={"kind": LegalProduct.Kind.MOU},
    )
    title = models.CharField(max_length=300)
    signed_on = models.DateField()
    parties = models.ManyToManyField(Party, related_name="agreements")

    class Meta:
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.TextChoices):
    REPORTED = "reported", _("Dilaporkan pihak")
    SEGMENT = "segment", _("Peserta aktif segmen di wilayah")
    ROSTER = "roster", _("Pekerja rentan terlindungi di wilayah")
    STAFF = "staff", _("Pegawai non-ASN pihak yang terlindungi")


class CommitmentQuerySet(ScopedQuerySet):
    region_field = "region__code"
    party_field = "party"


class Commitment(models.Model):
    """What a party promised under an MoU, by when, and how progress is measured.

    With an indicator, progress is computed from the data (active participants of a segment,
    covered roster workers, covered non-ASN staff); otherwise the party reports it with evidence.
    ``target`` is the level to reach; ``baseline`` the level when the MoU was signed (computed
    from the data when left empty).
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="commitments")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, help_text="Where it applies.")
    text = models.TextField()
    indicator = models.CharField(max_length=10, choices=Indicator.choices)
    segment = models.CharField(max_length=6, blank=True, help_text="ALL, PU, BPU, JAKON or PMI.")
    category = models.CharField(
        max_length=20, blank=True, choices=Category.choices, help_text="Roster group, if any."
    )
    unit = models.CharField(max_length=40, default="pekerja")
    baseline = models.PositiveIntegerField(null=True, blank=True)
    target = models.PositiveIntegerField()
    deadline = models.DateField()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.party}: {self.text[:60]}"


class CommitmentUpdate(models.Model):
    """A party's report on a commitment (value reached, note, evidence), kept as history."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now)
    by = models.CharField(max_length=150)
    value = models.PositiveIntegerField(null=True, blank=True, help_text="Level reached.")
    note = models.TextField(blank=True)
    evidence = models.FileField(upload_to="kolaborasi/bukti/", blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.at:%Y-%m-%d}: {self.value}"


class Audience(models.TextChoices):
    RT_RW = "rt_rw", _("Pengurus RT/RW")
    CADRES = "cadres", _("Kader PKK/Dasawisma/Posyandu")
    OJOL = "ojol", _("Komunitas ojek/ojol")
    MARKET = "market", _("Pedagang pasar")
    FISHERS = "fishers", _("Nelayan")
    UMKM = "umkm", _("Pelaku dan pekerja UMKM")
    RELIGIOUS = "religious", _("Tokoh agama/guru ngaji")
    EMPLOYERS = "employers", _("Pemberi kerja dan pekerjanya")
    PUBLIC = "public", _("Warga umum")


# The participant segments an audience registers in: employers' workers as wage earners, the
# public in any segment, everyone else as informal workers (BPU).
AUDIENCE_SEGMENTS = {
    Audience.EMPLOYERS: ("PU",),
    Audience.PUBLIC: ("PU", "BPU", "JAKON", "PMI"),
}


def audience_segments(audience: str) -> tuple[str, ...]:
    """The segments whose new registrations count for an audience."""
    return AUDIENCE_SEGMENTS.get(audience, ("BPU",))


class EventQuerySet(ScopedQuerySet):
    region_field = "region__code"


class Event(models.Model):
    """A socialisation activity in a kelurahan, RW or RT for an audience group."""

    held_on = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, help_text="Kelurahan, RW or RT.")
    title = models.CharField(max_length=200)
    organiser = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    organiser_name = models.CharField(max_length=200, blank=True, help_text="If not a party.")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    attendance = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)
    attachment = models.FileField(upload_to="kolaborasi/kegiatan/", blank=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    # What followed the event, kept with the data it was computed from (outreach.event_outcome),
    # so a list of events costs no engine work until a new month or a new event changes it.
    outcome = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    outcome_key = models.CharField(max_length=255, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.title}"

    @property
    def organiser_label(self) -> str:
        return self.organiser.name if self.organiser else self.organiser_name


class Employment(models.TextChoices):
    PJLP = "pjlp", _("PJLP")
    KELURAHAN = "kelurahan", _("Kontrak kelurahan")
    KECAMATAN = "kecamatan", _("Kontrak kecamatan")
    PARTNER = "partner", _("Mitra pemerintah")


class StaffQuerySet(ScopedQuerySet):
    region_field = "office__code"
    party_field = "party"


class AgencyWorker(models.Model):
    """A non-ASN worker of an agency or office (PJLP, contract staff, partners), APBD-funded.

    Matched monthly against the participant snapshots with the same engine as the rosters.
    """

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="staff")
    office = models.ForeignKey(Region, on_delete=models.PROTECT, help_text="Where they work.")
    name = models.CharField(max_length=150)
    nik_encrypted = models.TextField()
    nik_hash = models.BinaryField(max_length=16, unique=True)
    nik_masked = models.CharField(max_length=16)
    employment = models.CharField(max_length=10, choices=Employment.choices)
    funded_by = models.CharField(max_length=6, default="apbd", help_text="Who pays the cover.")
    declared_income = models.PositiveIntegerField(default=1_000_000)

    objects = StaffQuerySet.as_manager()

    class Meta:
        ordering = ["party_id", "office_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.nik_masked})"


class StaffStatusQuerySet(ScopedQuerySet):
    region_field = "worker__office__code"
    party_field = "worker__party"


class StaffStatus(models.Model):
    """Whether a non-ASN worker was covered in a month (covered, not covered, lapsed)."""

    worker = models.ForeignKey(AgencyWorker, on_delete=models.CASCADE, related_name="statuses")
    period = models.DateField()
    status = models.CharField(max_length=12)
    segment = models.CharField(max_length=6, blank=True)

    objects = StaffStatusQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "period"], name="one_staff_status_per_month")
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.period:%Y-%m}: {self.status}"


class Programme(models.TextChoices):
    JKK = "JKK", _("JKK (kecelakaan kerja)")
    JKM = "JKM", _("JKM (kematian)")
    JHT = "JHT", _("JHT (hari tua)")
    JP = "JP", _("JP (pensiun)")


class BenefitQuerySet(ScopedQuerySet):
    region_field = "region__code"


class Benefit(models.Model):
    """A benefit paid to a covered worker or their heirs, linked to the roster and the sponsor."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", _("Perawatan kecelakaan kerja")
        DISABILITY = "disability", _("Santunan cacat")
        DEATH_WORK = "death_work", _("Santunan kematian karena kecelakaan kerja")
        DEATH = "death", _("Santunan kematian kepada ahli waris")
        OLD_AGE = "old_age", _("Pencairan JHT")
        PENSION = "pension", _("Manfaat pensiun")

    programme = models.CharField(max_length=3, choices=Programme.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    paid_on = models.DateField()
    amount = models.PositiveBigIntegerField(help_text="Rupiah.")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, help_text="The worker's region.")
    worker = models.ForeignKey(
        RosterWorker, null=True, blank=True, on_delete=models.PROTECT, related_name="benefits"
    )
    staff = models.ForeignKey(
        AgencyWorker, null=True, blank=True, on_delete=models.PROTECT, related_name="benefits"
    )
    nik_masked = models.CharField(max_length=16)
    sponsor = models.ForeignKey(
        Sponsor, null=True, blank=True, on_delete=models.PROTECT, related_name="benefits"
    )
    source = models.CharField(max_length=20, default="manual", help_text="'import' or 'manual'.")
    evidence = models.FileField(upload_to="kolaborasi/manfaat/", blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = BenefitQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme} {self.paid_on}: Rp {self.amount}"
