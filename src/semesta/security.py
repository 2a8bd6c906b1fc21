"""Response headers that keep the browser strict (a Content-Security-Policy without inline code),
and a data directory only Semesta's own user can read.
"""

import os
import stat
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The API's interactive docs page loads its own bundled assets with inline bootstrapping.
        if not request.path.startswith("/api/v1/docs"):
            response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if settings.SESSION_COOKIE_SECURE:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def private_data_dir(path: Path) -> None:
    """Keep the data directory to Semesta's own user: files 0600, folders 0700.

    Everything written from now on by this process (the SQLite file and its journal, snapshots,
    uploads, reports, the cache) is created private by the umask; the folder itself and what
    lies directly in it are closed now, in case an older version left them open. ``semesta
    cleanup`` closes the whole tree.
    """
    os.umask(0o077)
    if _shared(path):
        return
    for item in [path, *path.iterdir()]:
        _close(item)


def close_tree(path: Path) -> int:
    """Close every file (0600) and folder (0700) under ``path``; returns how many changed."""
    if _shared(path):
        return 0
    changed = 0
    for item in [path, *path.rglob("*")]:
        changed += _close(item)
    return changed


def _shared(path: Path) -> bool:
    """A shared folder (sticky bit, like /tmp) given as the data directory by mistake: its
    permissions and other people's files in it are not Semesta's to change."""
    try:
        return bool(path.stat().st_mode & stat.S_ISVTX)
    except OSError:
        return True


def _close(item: Path) -> bool:
    try:
        if item.is_symlink():
            return False
        mode = 0o700 if item.is_dir() else 0o600
        if item.stat().st_mode & 0o777 == mode:
            return False
        item.chmod(mode)
    except OSError:  # not ours (e.g. a mounted read-only folder): leave it
        return False
    return True
