"""Pages: MoUs and their commitments by party, outreach events and what followed them, the
government's non-ASN staff covered per agency, and benefits paid as evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.access import scope_roots
from semesta.accounts.audit import record
from semesta.accounts.models import IMPORTING_ROLES, AuditEvent, Role
from semesta.collaboration import benefits, outreach, progress, services, staff, staff_list
from semesta.collaboration.forms import (
    AgreementForm,
    BenefitForm,
    CommitmentForm,
    CommitmentUpdateForm,
    EventForm,
)
from semesta.collaboration.models import (
    Agreement,
    Benefit,
    Commitment,
    CommitmentUpdate,
    Event,
    Indicator,
    Party,
)
from semesta.coverage.lookup import may_look_up
from semesta.formats import number
from semesta.legal.models import LegalProduct
from semesta.regions.models import Region
from semesta.uploads import serve
from semesta.worklists import Choice, Column, DateRange, RegionFilter, Worklist

SHOWN = 500


def _root(user) -> str | None:
    roots = scope_roots(user)
    return roots[0] if len(roots) == 1 else None


def may_log_events(user) -> bool:
    """Officers and agency officers record outreach; sponsors and viewers only read."""
    return user.memberships.filter(role__in=[*IMPORTING_ROLES, Role.AGENCY_OFFICER]).exists()


@login_required
def index(request):
    """The MoUs with the status of the commitments one may see, and links to the rest."""
    rows = services.with_progress(Commitment.objects.visible_to(request.user))
    counts = {s: 0 for s in progress.STATUS_LABELS}
    by_agreement: dict[int, dict] = {}
    for c in rows:
        counts[c.progress.status] += 1
        entry = by_agreement.setdefault(c.agreement_id, {"agreement": c.agreement, "counts": {}})
        entry["counts"][c.progress.status] = entry["counts"].get(c.progress.status, 0) + 1
    for entry in by_agreement.values():
        found = entry["counts"]
        entry["total"] = sum(found.values())
        entry["counts"] = [(progress.STATUS_LABELS[s], s, found[s]) for s in counts if s in found]
    return render(
        request,
        "collaboration/index.html",
        {
            "agreements": list(by_agreement.values()),
            "counts": [(progress.STATUS_LABELS[s], s, n) for s, n in counts.items()],
            "total": len(rows),
        },
    )


@login_required
def agreement(request, pk: int, form: CommitmentForm | None = None):
    """One MoU: its parties and their commitments with status and progress."""
    found = get_object_or_404(Agreement.objects.select_related("product"), pk=pk)
    rows = services.with_progress(
        Commitment.objects.visible_to(request.user).filter(agreement=found)
    )
    if form is None and services.may_add_commitments(request.user):
        form = CommitmentForm(user=request.user, agreement=found)
    return render(
        request,
        "collaboration/agreement.html",
        {"agreement": found, "commitments": rows, "parties": found.parties.all(), "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
def new_agreement(request, product: int):
    """Record who signed a Nota Kesepakatan of the registry, so commitments can be added."""
    found = get_object_or_404(LegalProduct, pk=product, kind=LegalProduct.Kind.MOU)
    if not services.may_record_agreement(request.user, found):
        raise PermissionDenied
    existing = Agreement.objects.filter(product=found).first()
    if existing:
        return redirect("collaboration:agreement", pk=existing.pk)
    initial = {"title": found.subject[:300], "signed_on": found.issued_on}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = form.save(commit=False)
        created.product = found
        created.save()
        form.save_m2m()
        messages.success(request, _("Nota kesepakatan dicatat; tambahkan komitmennya."))
        return redirect("collaboration:agreement", pk=created.pk)
    return render(request, "collaboration/agreement_form.html", {"form": form, "product": found})


@login_required
@require_POST
def new_commitment(request, pk: int):
    """Add a party's commitment under an MoU, in a region of one's own scope."""
    found = get_object_or_404(Agreement, pk=pk)
    if not services.may_add_commitments(request.user):
        raise PermissionDenied
    form = CommitmentForm(request.POST, user=request.user, agreement=found)
    if not form.is_valid():
        return agreement(request, pk, form)
    created = form.save(commit=False)
    created.agreement = found
    baseline = services.add_commitment(created, timezone.localdate())
    if baseline is not None:
        message = _("Target adalah tingkat yang dicapai; capaian awal sudah %(baseline)s.")
        form.add_error("target", message % {"baseline": number(baseline)})
        return agreement(request, pk, form)
    messages.success(request, _("Komitmen ditambahkan."))
    return redirect("collaboration:commitment", pk=created.pk)


@login_required
def party(request, code: str):
    """A party's commitments (those one may see) and its non-ASN staff covered."""
    found = get_object_or_404(Party.objects.select_related("region"), code=code)
    rows = services.with_progress(Commitment.objects.visible_to(request.user).filter(party=found))
    shares = [s for s in staff.share_by_agency(request.user) if s["party"] == found.code]
    return render(
        request,
        "collaboration/party.html",
        {"party": found, "commitments": rows, "staff": shares[0] if shares else None},
    )


@login_required
def commitment(request, pk: int):
    """A commitment's status, its record month by month or report by report, and the form."""
    found = get_object_or_404(
        Commitment.objects.visible_to(request.user).select_related("agreement", "party", "region"),
        pk=pk,
    )
    found.progress = progress.progress_of([found], timezone.localdate())[found.pk]
    allowed = services.may_update(request.user, found)
    form = CommitmentUpdateForm(reported=found.indicator == Indicator.REPORTED) if allowed else None
    return render(
        request,
        "collaboration/commitment.html",
        {
            "commitment": found,
            "history": progress.history(found),
            "updates": found.updates.all() if found.indicator != Indicator.REPORTED else [],
            "form": form,
        },
    )


@login_required
@require_POST
def update(request, pk: int):
    """A party reports on its commitment (its own agency officers or officers of the region)."""
    found = get_object_or_404(Commitment.objects.visible_to(request.user), pk=pk)
    if not services.may_update(request.user, found):
        raise PermissionDenied
    form = CommitmentUpdateForm(
        request.POST, request.FILES, reported=found.indicator == Indicator.REPORTED
    )
    if not form.is_valid():
        messages.error(request, _("Laporan tidak disimpan: periksa isiannya."))
        return redirect("collaboration:commitment", pk=pk)
    data = form.cleaned_data
    services.report_progress(
        request.user, found, data.get("value"), data["note"], data.get("evidence")
    )
    messages.success(request, _("Laporan kemajuan disimpan."))
    return redirect("collaboration:commitment", pk=pk)


@login_required
def evidence(request, pk: int):
    """A report's evidence file, for those who may see the commitment."""
    found = get_object_or_404(
        CommitmentUpdate.objects.filter(commitment__in=Commitment.objects.visible_to(request.user)),
        pk=pk,
    )
    if not found.evidence:
        raise Http404
    region = found.commitment.region_id
    return serve(request, found.evidence, name="bukti-komitmen", obj=found, region_code=region)


EVENT_SORTS = {"-tanggal": ("-held_on", "-pk"), "tanggal": ("held_on", "pk")}


def _event_worklist(request) -> Worklist:
    from semesta.collaboration.models import Audience

    return Worklist(
        request,
        Event.objects.select_related("region", "organiser", "region__parent"),
        columns=[
            Column("held_on", _("Tanggal")),
            Column("title", _("Kegiatan")),
            Column("region_id", _("Kode wilayah")),
            Column("region.name", _("Wilayah")),
            Column("organiser_label", _("Penyelenggara")),
            Column("audience", _("Sasaran"), lambda e: e.get_audience_display()),
            Column("attendance", _("Hadir")),
        ],
        filters=[
            RegionFilter(),
            Choice("sasaran", _("Sasaran"), "audience", Audience.choices),
            DateRange("held_on"),
        ],
        search=["title"],
        sorts=EVENT_SORTS,
        sort_labels={"-tanggal": _("Tanggal (terbaru)"), "tanggal": _("Tanggal (terlama)")},
        name="kegiatan-sosialisasi",
        region_code=_root(request.user) or "",
    )


@login_required
def events(request):
    """Outreach events in one's region, a page at a time, with what followed each; the totals
    and the tables per organiser and kecamatan are of the whole filtered set."""
    wl = _event_worklist(request)
    if wl.export_format:
        return wl.export()
    # The outcome of every filtered event (cached per event), as the summary needs them all.
    rows = {e.pk: outreach._summary_row(e, outreach.event_outcome(e)) for e in wl.filtered}
    listed = list(rows.values())
    summary = {
        "events": len(listed),
        "attendance": sum(r["attendance"] for r in listed),
        "registrations_90": sum(r["registrations_90"] for r in listed),
        "excess_90": sum(r["excess_90"] or 0 for r in listed),
        "rows": [rows[e.pk] for e in wl.rows],
        "by_organiser": outreach._group(listed, "organiser"),
        "by_kecamatan": outreach._group(listed, "kecamatan"),
    }
    code = wl.active_filters().get("wilayah") or _root(request.user)
    names = dict(Region.objects.filter(level="kecamatan").values_list("code", "name"))
    return render(
        request,
        "collaboration/events.html",
        {
            "wl": wl,
            "summary": summary,
            "region": code and Region.objects.filter(code=code).first(),
            "names": names,
            "may_log": may_log_events(request.user),
        },
    )


@login_required
def event(request, pk: int):
    """One event and the registrations that followed it, against comparable areas."""
    found = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("region", "organiser"), pk=pk
    )
    outcome = services.event_outcome(found)
    peers = Region.objects.filter(code__in=outcome["peers"]).order_by("code")
    return render(
        request, "collaboration/event.html", {"event": found, "outcome": outcome, "peers": peers}
    )


@login_required
def new_event(request):
    """Log an outreach event in a kelurahan, RW or RT of one's region."""
    if not may_log_events(request.user):
        raise PermissionDenied
    initial = {"region": request.GET.get("wilayah", "")}
    form = EventForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = Event.objects.create(
            held_on=data["held_on"],
            region=data["region"],
            title=data["title"],
            organiser=data["organiser"],
            organiser_name=data["organiser_name"],
            audience=data["audience"],
            attendance=data["attendance"],
            notes=data["notes"],
            attachment=data.get("attachment") or "",
            created_by=request.user.username,
        )
        messages.success(request, _("Kegiatan dicatat."))
        return redirect("collaboration:event", pk=created.pk)
    return render(request, "collaboration/event_form.html", {"form": form})


@login_required
def attachment(request, pk: int):
    found = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    if not found.attachment:
        raise Http404
    return serve(
        request, found.attachment, name="lampiran-kegiatan", obj=found, region_code=found.region_id
    )


@login_required
def staff_page(request):
    """Non-ASN staff covered per agency (counts), and for officers and dinas officers the
    worklist of the staff themselves (NIKs masked; names for officers only, audited), a page at
    a time, filtered, searched, sorted and exported whole."""
    period = staff.latest_matched()
    wl = staff_list.staff_worklist(request, period) if staff_list.may_list(request.user) else None
    if wl is not None and wl.export_format:
        return wl.export()
    names = wl is not None and any(c.key == "name" for c in wl.columns)
    if names:
        record(
            request.user,
            AuditEvent.Action.VIEW_PERSONAL,
            region_code=wl.active_filters().get("wilayah") or _root(request.user) or "",
            obj_type="non_asn_staff",
            detail={**wl.state(), "rows": len(wl.rows), "page": wl.page.number},
            request=request,
        )
    return render(
        request,
        "collaboration/staff.html",
        {
            "rows": staff.share_by_agency(request.user, period),
            "period": period,
            "wl": wl,
            "names": names,
        },
    )


@login_required
def benefits_page(request):
    """Benefits in one's region per programme and sponsor; officers also see the list (NIKs
    masked, audited); officers record new ones."""
    code = _root(request.user)
    rollup = benefits.benefits_rollup(code, request.user) if code else None
    people = may_look_up(request.user)
    rows = []
    if people:
        rows = list(
            Benefit.objects.visible_to(request.user).select_related("region", "sponsor")[:SHOWN]
        )
        record(
            request.user,
            AuditEvent.Action.VIEW_PERSONAL,
            region_code=code or "",
            obj_type="benefits",
            obj_id=code or "",
            detail={"rows": len(rows)},
            request=request,
        )
    form = BenefitForm(user=request.user) if people else None
    return render(
        request,
        "collaboration/benefits.html",
        {
            "rollup": rollup,
            "sponsors": benefits.by_sponsor(request.user, code),
            "rows": rows,
            "form": form,
        },
    )


@login_required
@require_POST
def record_benefit(request):
    """Record a benefit paid to a worker on a roster of one's region (officers)."""
    if not may_look_up(request.user):
        raise PermissionDenied
    form = BenefitForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("collaboration:benefits")
    data = form.cleaned_data
    worker, member = data["nik"]
    benefits.record_benefit(
        programme=data["programme"],
        kind=data["kind"],
        paid_on=data["paid_on"],
        amount=data["amount"],
        by=request.user.username,
        worker=worker,
        staff=None if worker else member,
        evidence=data.get("evidence"),
    )
    messages.success(request, _("Manfaat dicatat."))
    return redirect("collaboration:benefits")
