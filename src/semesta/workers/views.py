"""A region's roster of vulnerable workers with this month's coverage: who still needs cover."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from semesta.access import EXPORT, VIEW_PERSONAL, restrict, subtree_q, within
from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent
from semesta.coverage.lookup import may_look_up
from semesta.coverage.targets import may_set_targets
from semesta.nik import encrypt_nik, mask_nik, nik_hash
from semesta.regions.models import Level, Region
from semesta.sponsorship.models import Allocation, Pledge
from semesta.workers.forms import RosterWorkerForm
from semesta.workers.matching import latest_matched, match_month
from semesta.workers.models import RosterStatus, RosterWorker
from semesta.workers.services import DESILS, PRIORITY_DESILS, coverage_by_desil
from semesta.worklists import Column, Filter, Worklist

PAGE_SIZE = 100
UNCOVERED = "uncovered"
UNKNOWN_DESIL = "kosong"
PRIORITY = "1-4"


class StatusFilter(Filter):
    """The month's status; by default who still needs cover (not covered or lapsed)."""

    def __init__(self):
        self.params, self.label = ("status",), _("Status")

    def clean(self, params, user) -> dict[str, str]:
        value = params.get("status", UNCOVERED)
        known = {UNCOVERED, "all", *RosterStatus.Status.values}
        return {"status": value if value in known else UNCOVERED}

    def apply(self, queryset, values):
        value = values["status"]
        if value == UNCOVERED:
            return queryset.exclude(status=RosterStatus.Status.COVERED)
        return queryset.filter(status=value) if value in RosterStatus.Status.values else queryset

    def options(self, user) -> list[tuple[str, str]]:
        return [
            (UNCOVERED, _("Belum terlindungi atau berhenti")),
            *RosterStatus.Status.choices,
            ("all", _("Semua status")),
        ]


class DesilFilter(Filter):
    """The DTSEN decile: one desil, desil 1–4 together, or not known."""

    def __init__(self):
        self.params, self.label = ("desil",), _("Desil DTSEN")

    def clean(self, params, user) -> dict[str, str]:
        value = params.get("desil", "")
        return {"desil": value if value in {c for c, _label in self.options(user)} else ""}

    def apply(self, queryset, values):
        value = values["desil"]
        if value == PRIORITY:
            return queryset.filter(worker__desil__in=sorted(PRIORITY_DESILS))
        if value == UNKNOWN_DESIL:
            return queryset.filter(worker__desil__isnull=True)
        return queryset.filter(worker__desil=int(value)) if value else queryset

    def options(self, user) -> list[tuple[str, str]]:
        return [
            (PRIORITY, _("Desil 1–4")),
            *((str(d), _("Desil %(n)s") % {"n": d}) for d in DESILS),
            (UNKNOWN_DESIL, _("Tidak diketahui")),
        ]


class RosterWorklist(Worklist):
    """The month's statuses of a region's roster workers; downloads need personal-data rights
    as well as export rights, and hold NIKs masked and no phone numbers."""

    def scoped(self, action: str):
        rows = restrict(self._base, self.user, action)
        return restrict(rows, self.user, VIEW_PERSONAL) if action == EXPORT else rows


def _yes(value: bool) -> str:
    return str(_("ya")) if value else ""


COLUMNS = [
    Column("worker.name", _("Nama")),
    Column("worker.nik_masked", "NIK"),
    Column("worker.region_id", _("Kode wilayah")),
    Column("worker.region.name", _("Wilayah")),
    Column("category", _("Kategori"), lambda s: s.worker.get_category_display()),
    Column("extreme_poor", _("Miskin ekstrem"), lambda s: _yes(s.worker.extreme_poor)),
    Column("worker.desil", _("Desil DTSEN")),
    Column("status", _("Status"), lambda s: s.get_status_display()),
    Column("segment", _("Segmen")),
    Column("sponsor_code", _("Sponsor")),
]


def roster_list(request, code: str, period) -> RosterWorklist:
    """The roster of a region as a worklist: filters status and desil, CSV/XLSX exports."""
    base = RosterStatus.objects.filter(
        subtree_q("worker__region__code", [code]), period=period
    ).select_related("worker", "worker__region")
    return RosterWorklist(
        request,
        base,
        columns=COLUMNS,
        filters=[StatusFilter(), DesilFilter()],
        sorts={
            "wilayah": ("worker__region_id", "worker__name", "pk"),
            "desil": (F("worker__desil").asc(nulls_last=True), "worker__region_id", "pk"),
        },
        sort_labels={"wilayah": _("Wilayah, nama"), "desil": _("Desil (termiskin dulu)")},
        per_page=PAGE_SIZE,
        name="pekerja-rentan",
        region_code=code,
    )


@login_required
def roster(request, code: str):
    """Workers on the rosters in and below a region, by the latest matched month's status,
    filtered by status and desil, with coverage per desil and the filtered set as CSV/XLSX.

    Names and phone numbers are personal data: officers only, and every view and download is
    audited (downloads hold NIKs masked and no phone numbers).
    """
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    if not may_look_up(request.user):
        raise PermissionDenied
    period = latest_matched()
    wl = roster_list(request, code, period)
    if wl.export_format:
        return wl.export()
    statuses = RosterStatus.objects.visible_to(request.user).filter(
        subtree_q("worker__region__code", [code])
    )
    by_desil = coverage_by_desil(statuses, period)
    counts = {s: sum(r[s] for r in by_desil) for s in RosterStatus.Status.values}
    rows = wl.rows
    sponsored = dict(
        Allocation.objects.filter(
            worker__in=[r.worker_id for r in rows], ended__isnull=True
        ).values_list("worker_id", "pledge__sponsor__name")
    )
    for row in rows:
        row.sponsored_by = sponsored.get(row.worker_id)
    may_allocate = may_set_targets(request.user)
    pledges = (
        [
            p
            for p in Pledge.objects.visible_to(request.user).select_related("sponsor")
            if within(code, p.region_id)
        ]
        if may_allocate
        else []
    )
    status = wl.filters[0].value
    record(
        request.user,
        AuditEvent.Action.VIEW_PERSONAL,
        region_code=code,
        obj_type="roster",
        obj_id=f"{code}:{status}",
        detail={"rows": len(rows), "page": wl.page.number, **wl.active_filters()},
        request=request,
    )
    return render(
        request,
        "workers/roster.html",
        {
            "region": region,
            "period": period,
            "status": status,
            "wl": wl,
            "rows": rows,
            "total": sum(counts.values()),
            "counts": counts,
            "by_desil": by_desil,
            "pledges": pledges,
            "may_add": may_allocate,
        },
    )


@login_required
def add_worker(request, code: str):
    """Add a worker to the roster of an RW or RT in the region, matched with the latest month."""
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    if not may_set_targets(request.user):
        raise PermissionDenied
    places = [
        (r.code, f"{r.code} {r.name}")
        for r in Region.objects.visible_to(request.user)
        .filter(subtree_q("code", [code]), level__in=[Level.RW, Level.RT])
        .order_by("code")
    ]
    form = RosterWorkerForm(request.POST or None, regions=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = RosterWorker.objects.create(
            region_id=data["region"],
            name=data["name"],
            nik_encrypted=encrypt_nik(data["nik"], settings.NIK_ENCRYPTION_KEY.encode("ascii")),
            nik_hash=nik_hash(data["nik"], bytes.fromhex(settings.NIK_HASH_KEY)),
            nik_masked=mask_nik(data["nik"]),
            category=data["category"],
            extreme_poor=data["extreme_poor"],
            phone=data["phone"],
        )
        latest = latest_matched()
        if latest:
            match_month(latest, [worker.pk])
        record(
            request.user,
            AuditEvent.Action.VIEW_PERSONAL,
            region_code=worker.region_id,
            obj_type="roster_worker_added",
            obj_id=worker.pk,
            detail={"nik": worker.nik_masked},
            request=request,
        )
        messages.success(request, _("%(name)s ditambahkan ke daftar.") % {"name": worker.name})
        return redirect("coverage:roster", code=code)
    return render(request, "workers/add.html", {"region": region, "form": form})
