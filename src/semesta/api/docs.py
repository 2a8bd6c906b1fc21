"""The API's interactive docs, served entirely by Semesta: Swagger UI from the npm package
``swagger-ui-dist`` installed by ``make`` (``npm ci``), never from a CDN, so the page works on an
intranet with no way out. Without ``node_modules`` (a server installed from the wheel alone) the
copy of the same files django-ninja ships is served instead."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path

import ninja
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from ninja.openapi.docs import Swagger, _csrf_needed

REPO_ROOT = Path(__file__).resolve().parents[3]
SWAGGER_DIRS = (
    REPO_ROOT / "node_modules/swagger-ui-dist",
    Path(ninja.__file__).parent / "static/ninja",  # the fallback bundled with django-ninja
)
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js")


def asset_path(name: str) -> Path:
    """The file of one of Swagger UI's assets, from the npm package if it is installed."""
    if name not in ASSETS:
        raise Http404
    for folder in SWAGGER_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise Http404


@cache_control(public=True, max_age=86400)
def asset(request, name: str):
    """Serve one Swagger UI asset (a fixed list of file names: nothing else can be read)."""
    path = asset_path(name)
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), content_type=kind)


class OfflineSwagger(Swagger):
    """django-ninja's Swagger page with our template: assets from this server only."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings),
            "api": api,
            "add_csrf": _csrf_needed(api),
            "css": reverse("api_docs_asset", args=["swagger-ui.css"]),
            "bundle": reverse("api_docs_asset", args=["swagger-ui-bundle.js"]),
        }
        return render(request, "api/docs.html", context)
