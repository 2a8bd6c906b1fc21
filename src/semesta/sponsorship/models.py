"""Sponsors who pay vulnerable workers' BPU contributions, their pledges and who they cover."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from semesta.access import AGENCY_OFFICER, NATIONAL_ROLES, VIEWER, ScopedQuerySet
from semesta.regions.models import Region
from semesta.workers.models import RosterWorker


class Sponsor(models.Model):
    """A company (CSR), Baznas, a BUMD or a government budget paying contributions."""

    class Kind(models.TextChoices):
        CSR = "csr", _("CSR perusahaan")
        BAZNAS = "baznas", _("Baznas")
        BUMD = "bumd", _("BUMD")
        APBD = "apbd", _("APBD")
        APBN = "apbn", _("APBN")

    code = models.SlugField(primary_key=True, max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="sponsors",
        help_text="Sponsor logins: they see this sponsor's pledges and nothing else.",
    )

    def __str__(self) -> str:
        return self.name


class PledgeQuerySet(ScopedQuerySet):
    """A sponsor's logins see its own pledges; officers the pledges for their region.

    Pledges list the sponsored workers (personal data): viewers, dinas (agency) officers and the
    national readers see none. Documents built for a region (``Within``) and the operator see the
    region's.
    """

    region_field = "region__code"
    sponsor_field = "sponsor__members"
    hidden_from = frozenset({VIEWER, AGENCY_OFFICER}) | NATIONAL_ROLES


class Pledge(models.Model):
    """A promise to pay BPU contributions: a budget over some months, for workers of a region."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="pledges")
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, help_text="Whose workers.")
    start = models.DateField(help_text="First month paid (first day of the month).")
    months = models.PositiveSmallIntegerField()
    budget = models.PositiveBigIntegerField(help_text="Rupiah for the whole period.")
    declared_income = models.PositiveIntegerField(
        default=1_000_000, help_text="The BPU income the contributions are priced on."
    )
    created_by = models.CharField(max_length=150)
    ledger_summary = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The ledger as last worked out (services.stored_ledger); cleared when the "
        "pledge, its allocations or the monthly matches change.",
    )

    objects = PledgeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.sponsor.name}: {self.name}"


class Allocation(models.Model):
    """A roster worker covered under a pledge from a month; ended when taken off it."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(RosterWorker, on_delete=models.PROTECT, related_name="+")
    start = models.DateField()
    ended = models.DateField(null=True, blank=True, help_text="Last month paid, if taken off.")
    ended_by = models.CharField(max_length=150, blank=True)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was ended: an officer may undo it that month."
    )
    by = models.CharField(max_length=150)
    rule = models.CharField(max_length=40, help_text="'rule' (allocated by the rule) or 'manual'.")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["worker"], condition=Q(ended__isnull=True), name="one_open_sponsorship"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.worker_id}"
