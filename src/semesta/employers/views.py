"""The employer registry of one's region: search, filters, and each employer with its participants,
partial-registration flags and responses to Surat Edaran."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.accounts.audit import record
from semesta.accounts.models import can_import, government_reader
from semesta.coverage.models import Snapshot
from semesta.employers import listing
from semesta.employers.forms import ResponseForm
from semesta.employers.models import Employer, SeResponse
from semesta.employers.sectors import SectorGroup, sector_group, sectors_in_group
from semesta.employers.services import participants_per_employer
from semesta.uploads import serve
from semesta.worklists import Pages, table_download

PAGE_SIZE = 50


def _visible(user):
    if not government_reader(user):
        raise PermissionDenied  # compliance flags of other companies are not for sponsors
    return Employer.objects.visible_to(user)


def _filtered(employers, params):
    text = params.get("q", "").strip()
    if text:
        employers = employers.filter(Q(npp=text) | Q(name__icontains=text))
    group = params.get("kelompok", "")
    if group in SectorGroup.values:
        sectors = list(employers.values_list("sector", flat=True).distinct().order_by())
        employers = employers.filter(sector__in=sectors_in_group(sectors, group))
    if params.get("ukuran", "") in Employer.Size.values:
        employers = employers.filter(size=params["ukuran"])
    if params.get("pds"):
        employers = employers.filter(
            Q(pds_workers=True) | Q(pds_wages=True) | Q(pds_programmes=True)
        )
    return employers


EXPORTS = ("csv", "xlsx")
EXPORT_HEADER = ("NPP", "Nama", "Sektor", "Skala", "Kode kelurahan", "Kelurahan", "Peserta aktif")
EXPORT_HEADER += ("Peserta terdaftar", "PDS tenaga kerja", "PDS upah", "PDS program")


def _export_row(e: Employer, participants: tuple[int, int]) -> tuple:
    where = (e.kelurahan_id, e.kelurahan.name)
    pds = (e.pds_workers, e.pds_wages, e.pds_programmes)
    return (e.npp, e.name, e.sector, e.get_size_display(), *where, *participants, *pds)


def _export(request, shown, fmt: str):
    """Every employer of the filtered list (not one page) as CSV or XLSX, audited."""
    rows = list(shown)
    snapshot = Snapshot.objects.order_by("-period").first()
    counts = listing.participants(snapshot, [e.npp for e in rows])
    table = [_export_row(e, counts.get(e.npp, (0, 0))) for e in rows]
    filters = {k: v for k, v in request.GET.items() if k not in ("format", "halaman")}
    record(
        request.user, "export", obj_type="employers", request=request,
        detail={"format": fmt, "rows": len(table), **filters},
    )  # fmt: skip
    return table_download(f"pemberi-kerja.{fmt}", EXPORT_HEADER, table)


@login_required
def employers(request):
    """Registered employers in the user's region, 50 a page, with their participants."""
    shown = _filtered(_visible(request.user), request.GET)
    # Page over the employers alone (the primary key's order, no join) and count responses
    # for the page's 50: an aggregate joined over every employer took a second per request.
    shown = shown.select_related("kelurahan__parent").order_by("npp")
    if request.GET.get("format") in EXPORTS:
        return _export(request, shown, request.GET["format"])
    pages = Pages(request.GET, shown, PAGE_SIZE)
    page = pages.page
    page.object_list = list(page.object_list)
    npps = [e.npp for e in page]
    responses = dict(
        SeResponse.objects.filter(employer__in=npps)
        .values_list("employer")
        .annotate(n=Count("id"))
        .order_by()
    )
    snapshot = Snapshot.objects.order_by("-period").first()
    counts = listing.participants(snapshot, npps)
    for employer in page:
        employer.group = sector_group(employer.sector)
        employer.responses = responses.get(employer.npp, 0)
        employer.active, employer.registered = counts.get(employer.npp, (0, 0))
    return render(
        request,
        "employers/list.html",
        {
            "page": page,
            "pages": pages,
            "snapshot": snapshot,
            "groups": SectorGroup.choices,
            "sizes": Employer.Size.choices,
            "params": request.GET,
        },
    )


@login_required
def employer(request, npp: str, form: ResponseForm | None = None):
    """One employer: registry data, participants in the latest month, responses to circulars."""
    found = get_object_or_404(
        _visible(request.user).select_related("kelurahan__parent", "branch"), npp=npp
    )
    if form is None and can_import(request.user):
        form = ResponseForm(employer=found)
    snapshot = Snapshot.objects.order_by("-period").first()
    active, registered = participants_per_employer(snapshot, [npp]).get(npp, (0, 0))
    responses = found.se_responses.select_related("circular").order_by("-responded_on")
    return render(
        request,
        "employers/detail.html",
        {
            "employer": found,
            "group": sector_group(found.sector),
            "snapshot": snapshot,
            "active": active,
            "registered": registered,
            "responses": responses,
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def respond(request, npp: str):
    """Record (or update) what the employer did on a circular; officers of its region only."""
    if not can_import(request.user):
        raise PermissionDenied
    found = get_object_or_404(_visible(request.user).select_related("kelurahan"), npp=npp)
    form = ResponseForm(request.POST, request.FILES, employer=found)
    if not form.is_valid():
        return employer(request, npp, form)
    data = form.cleaned_data
    values = {k: data[k] for k in ("responded_on", "action", "recognised_on")}
    if data["evidence"]:
        values["evidence"] = data["evidence"]
    SeResponse.objects.update_or_create(
        employer=found,
        circular=data["circular"],
        defaults={**values, "recorded_by": request.user.username},
    )
    messages.success(request, _("Tanggapan Surat Edaran disimpan."))
    return redirect("employers:detail", npp=npp)


@login_required
def evidence(request, npp: str, pk: int):
    """The evidence an employer gave for its response to a circular."""
    response = get_object_or_404(
        SeResponse.objects.visible_to(request.user).filter(employer__in=_visible(request.user)),
        pk=pk,
        employer_id=npp,
    )
    if not response.evidence:
        raise Http404
    region = response.employer.kelurahan_id or ""
    return serve(
        request, response.evidence, name="bukti-tanggapan", obj=response, region_code=region
    )
