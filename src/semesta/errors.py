"""Errors users read, carrying their message in Indonesian and in English."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


class UserError(ValueError):
    """A problem with what the user asked for; ``message(lang)`` gives it in their language."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_id)
        self.message_id, self.message_en = message_id, message_en

    def message(self, lang: str = "id") -> str:
        return self.message_en if lang == "en" else self.message_id


# The site's own error pages (handler403/404/500 in semesta.urls, and Django's CSRF failure page
# through the 403_csrf.html template): they say why in plain Indonesian and where to go next.


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the page or action lies outside what the person's role may do."""
    from django.shortcuts import render

    from semesta.menus import home_links, roles_of

    reason = str(exception) if exception and str(exception) else ""
    context = {"reason": reason, "roles": roles_of(request.user), "links": home_links(request.user)}
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: a wrong address, or something in a region the person does not look after."""
    from django.shortcuts import render

    from semesta.menus import home_links

    context = {"links": home_links(request.user), "path": request.path}
    return render(request, "404.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without the request's context, so it needs neither the database nor a
    session (either may be what failed)."""
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({}))
