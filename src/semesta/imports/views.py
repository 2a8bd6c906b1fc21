"""Upload a file, watch its import, read its problems, download the error report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
    open_error_report,
    queue_import,
    save_upload,
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
    listing = ImportBatch.objects.visible_to(request.user)[:50]
    return render(
        request,
        "imports/batches.html",
        {"form": form, "batches": listing, "can_import": bool(kinds)},
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
        handle, name = open_error_report(_visible(request, pk), request.user, request)
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name)


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
