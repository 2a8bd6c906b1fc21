"""Text a request brings in must be text: NUL characters are refused before any view sees them.

PostgreSQL refuses a NUL (``\\x00``) in a text value, so one typed or pasted into a form field, a
query parameter or a JSON body would otherwise end in a server error on save or search, and on
SQLite it would be stored invisibly. Files uploaded in a form are not looked at: they may be
binary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.html import escape
from django.utils.translation import gettext as _

JSON_NUL = re.compile(rb"\\u0000", re.IGNORECASE)


def has_nul(request: HttpRequest) -> bool:
    """Whether a query parameter, a form field or a JSON body holds a NUL character."""
    if any("\x00" in key or "\x00" in value for key, value in _pairs(request.GET)):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if request.content_type == "application/json":
        return b"\x00" in request.body or JSON_NUL.search(request.body) is not None
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any("\x00" in key or "\x00" in value for key, value in _pairs(request.POST))
    return False


def _pairs(query: QueryDict) -> Iterator[tuple[str, str]]:
    for key, values in query.lists():
        for value in values:
            yield key, value if isinstance(value, str) else ""


class RefuseNulMiddleware:
    """Answer 400 with a clear message to a request whose text holds a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            message = _(
                "Masukan berisi karakter NUL (\\x00) yang tidak diizinkan. Hapus karakter itu "
                "(biasanya terbawa saat menyalin dari berkas lain) lalu kirim lagi."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponse(
                f"<!doctype html><title>400</title><h1>400</h1><p>{escape(message)}</p>",
                status=400,
            )
        return self.get_response(request)
