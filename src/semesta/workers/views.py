"""A region's roster of vulnerable workers with this month's coverage: who still needs cover."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from semesta.access import within
from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent
from semesta.coverage.lookup import may_look_up
from semesta.coverage.targets import may_set_targets
from semesta.nik import encrypt_nik, mask_nik, nik_hash
from semesta.regions.models import Level, Region
from semesta.scoping import subtree_q
from semesta.sponsorship.models import Allocation, Pledge
from semesta.workers.forms import RosterWorkerForm
from semesta.workers.matching import latest_matched, match_month
from semesta.workers.models import RosterStatus, RosterWorker

PAGE_SIZE = 100


def _shown_count(counts: dict[str, int], status: str) -> int:
    """How many rows the status filter shows, from the counts per status."""
    if status == "uncovered":
        return sum(n for s, n in counts.items() if s != RosterStatus.Status.COVERED)
    if status in RosterStatus.Status.values:
        return counts.get(status, 0)
    return sum(counts.values())


@login_required
def roster(request, code: str):
    """Workers on the rosters in and below a region, by the latest matched month's status.

    Names and phone numbers are personal data: officers only, and every view is audited.
    """
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    if not may_look_up(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "uncovered")
    period = latest_matched()
    workers = (
        RosterWorker.objects.visible_to(request.user)
        .filter(subtree_q("region__code", [code]))
        .select_related("region")
    )
    statuses = RosterStatus.objects.visible_to(request.user).filter(
        period=period, worker__in=workers
    )
    counts = dict(statuses.values_list("status").annotate(n=Count("id")))
    shown = statuses.select_related("worker", "worker__region").order_by(
        "worker__region_id", "worker__name"
    )
    if status == "uncovered":
        shown = shown.exclude(status=RosterStatus.Status.COVERED)
    elif status in RosterStatus.Status.values:
        shown = shown.filter(status=status)
    paginator = Paginator(shown, PAGE_SIZE)
    paginator.count = _shown_count(counts, status)  # known already: no second count query
    page = paginator.get_page(request.GET.get("halaman"))
    rows = list(page.object_list)
    sponsored = dict(
        Allocation.objects.filter(
            worker__in=[r.worker_id for r in rows], ended__isnull=True
        ).values_list("worker_id", "pledge__sponsor__name")
    )
    for row in rows:
        row.sponsored_by = sponsored.get(row.worker_id)
    may_allocate = may_set_targets(request.user)
    query = request.GET.copy()
    query.pop("halaman", None)
    pledges = (
        [
            p
            for p in Pledge.objects.visible_to(request.user).select_related("sponsor")
            if within(code, p.region_id)
        ]
        if may_allocate
        else []
    )
    record(
        request.user,
        AuditEvent.Action.VIEW_PERSONAL,
        region_code=code,
        obj_type="roster",
        obj_id=f"{code}:{status}",
        detail={"rows": len(rows), "page": page.number},
        request=request,
    )
    return render(
        request,
        "workers/roster.html",
        {
            "region": region,
            "period": period,
            "status": status,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "total": sum(counts.values()),
            "counts": {s: counts.get(s, 0) for s in RosterStatus.Status.values},
            "choices": RosterStatus.Status.choices,
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
