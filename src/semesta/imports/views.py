"""Upload a file, watch its import, read its problems, download the error report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semesta.access import restrict
from semesta.imports import registry
from semesta.imports.downloads import error_report as serve_error_report
from semesta.imports.forms import UploadForm
from semesta.imports.models import ImportBatch
from semesta.imports.reading import FileProblem
from semesta.imports.revert import RevertRefused, check_revertible, revert
from semesta.imports.services import (
    batch_json,
    confirm,
    discard,
    importable_kinds,
    may_handle,
    queue_import,
    save_upload,
)
from semesta.worklists import Choice, Column, Filter, RegionFilter, Worklist

BATCH_SORTS = {"-tanggal": ("-created_at", "-pk"), "tanggal": ("created_at", "pk")}


class MonthFilter(Filter):
    """One month (``periode=2025-07``) of a monthly date field; anything else is ignored."""

    template = "imports/filter_month.html"

    def __init__(self, param: str, label: str, field: str):
        self.params, self.label, self.field = (param,), label, field

    def clean(self, params, user) -> dict[str, str]:
        value = params.get(self.params[0], "").strip()[:7]
        try:
            dt.date.fromisoformat(f"{value}-01")
        except ValueError:
            value = ""
        return {self.params[0]: value}

    def apply(self, queryset, values):
        value = values[self.params[0]]
        return queryset.filter(**{self.field: f"{value}-01"}) if value else queryset


class BatchWorklist(Worklist):
    """Batches of one's region and always one's own uploads (as ``visible_to`` has it)."""

    def scoped(self, action: str):
        rows = restrict(self._base, self.user, action)
        return rows | self._base.filter(user_id=self.user.pk)


def _kind_choices(request) -> list[tuple[str, str]]:
    """The kinds a person imports, and those of batches they already see (never all kinds)."""
    visible = restrict(ImportBatch.objects.order_by(), request.user)
    seen = set(visible.values_list("kind", flat=True).distinct())
    mine = set(importable_kinds(request.user)) | seen
    return [(k.key, _(k.label)) for k in registry.all() if k.key in mine]


def _batch_worklist(request) -> Worklist:
    return BatchWorklist(
        request,
        ImportBatch.objects.all(),
        columns=[
            Column("pk", "#"),
            Column(
                "created_at",
                _("Waktu"),
                lambda b: f"{timezone.localtime(b.created_at):%Y-%m-%d %H:%M}",
            ),
            Column("kind", _("Jenis"), lambda b: b.kind_label),
            Column("period", _("Periode"), lambda b: f"{b.period:%Y-%m}" if b.period else ""),
            Column("region_code", _("Kode wilayah")),
            Column("file_name", _("Berkas")),
            Column("username", _("Oleh")),
            Column("mode", _("Cara"), lambda b: b.get_mode_display()),
            Column("rows_total", _("Total")),
            Column("rows_accepted", _("Diterima")),
            Column("rows_rejected", _("Ditolak")),
            Column("status", _("Status"), lambda b: b.get_status_display()),
        ],
        filters=[
            Choice("jenis", _("Jenis"), "kind", _kind_choices(request)),
            Choice("status", _("Status"), "status", ImportBatch.Status.choices),
            MonthFilter("periode", _("Periode"), "period"),
            RegionFilter(field="region_code"),
        ],
        search=["file_name"],
        sorts=BATCH_SORTS,
        sort_labels={"-tanggal": _("Waktu (terbaru)"), "tanggal": _("Waktu (terlama)")},
        name="riwayat-impor",
    )


@login_required
def batches(request):
    """The user's region's imports, newest first, and the upload form."""
    kinds = importable_kinds(request.user)
    form = UploadForm(kinds=kinds)
    if request.method == "POST":
        if not kinds:
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES, kinds=kinds)
        if form.is_valid():
            try:
                batch = _queue(request, form.cleaned_data)
            except FileProblem as problem:
                form.add_error(None, problem.message(request.LANGUAGE_CODE))
            else:
                return redirect("imports:batch", pk=batch.pk)
    wl = _batch_worklist(request)
    if wl.export_format:
        return wl.export()
    return render(
        request,
        "imports/batches.html",
        {"form": form, "wl": wl, "can_import": bool(kinds)},
    )


def _queue(request, data) -> ImportBatch:
    upload = data["file"]
    return queue_import(
        request.user,
        data["kind"],
        save_upload(upload),
        period=data["period"],
        mode=data["mode"],
        file_name=upload.name,
        lang=request.LANGUAGE_CODE,
    )


def _visible(request, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=pk)


@login_required
def batch(request, pk: int):
    """One import: status and progress (also as JSON for the page's polling), counts, problems."""
    found = _visible(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                **batch_json(found),
                "progress": found.progress,
                "error_report": bool(found.error_report),
            }
        )
    handles = may_handle(request.user, found)
    return render(
        request,
        "imports/batch.html",
        {
            "batch": found,
            "can_import": handles,
            "lang": request.LANGUAGE_CODE,
            "preview": found.preview or None,
            "revert_refused": _revert_refused(found) if handles else None,
        },
    )


def _revert_refused(batch: ImportBatch) -> str | None:
    """Why the batch cannot be reverted now ('' when it can; None when the question is moot)."""
    if batch.status != ImportBatch.Status.APPLIED:
        return None
    try:
        check_revertible(batch)
    except RevertRefused as refused:
        return str(refused)
    return ""


@login_required
def error_report(request, pk: int):
    """Download the rejected rows; an export of personal data, so it is audited."""
    try:
        return serve_error_report(request, _visible(request, pk))
    except FileNotFoundError as exc:
        raise Http404 from exc


@login_required
@require_POST
def decide(request, pk: int):
    """Confirm or discard a held import, or revert an applied one. Confirming and reverting
    are a second step: the form's box saying the preview was read must be ticked."""
    found = _visible(request, pk)
    if not may_handle(request.user, found):
        raise PermissionDenied
    decision = request.POST.get("decision")
    if decision in ("confirm", "revert") and request.POST.get("reviewed") != "yes":
        messages.error(request, _("Centang kotak bahwa Anda sudah memeriksa pratinjau."))
    elif decision == "confirm":
        confirm(found, request.user)
    elif decision == "discard":
        discard(found, request.user)
    elif decision == "revert":
        try:
            revert(found, request.user, request)
        except RevertRefused as refused:
            messages.error(request, str(refused))
    return redirect("imports:batch", pk=found.pk)
