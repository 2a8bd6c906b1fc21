"""Upload a file, watch its import, read its problems, download the error report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from semesta.imports.forms import UploadForm
from semesta.imports.models import ImportBatch
from semesta.imports.reading import FileProblem
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
    return render(
        request,
        "imports/batch.html",
        {
            "batch": found,
            "can_import": may_handle(request.user, found),
            "lang": request.LANGUAGE_CODE,
        },
    )


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
    """Confirm or discard a held import."""
    found = _visible(request, pk)
    if not may_handle(request.user, found):
        raise PermissionDenied
    if request.POST.get("decision") == "confirm":
        confirm(found, request.user)
    elif request.POST.get("decision") == "discard":
        discard(found, request.user)
    return redirect("imports:batch", pk=found.pk)
