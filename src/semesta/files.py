"""Writing files so that a full disk (or any failure) never leaves one half-written.

``atomic_path`` gives a temporary name beside the target and renames it over the target only once
the writer finished; on any error the temporary file is removed. A full disk (ENOSPC, EDQUOT)
becomes ``DiskFull``, whose message says so in Indonesian; ``DiskFullMiddleware`` turns one that
reaches a web request into a clear page (507) instead of a server error.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)
FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class DiskFull(OSError):
    """The disk filled up while writing; nothing half-written was kept."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.ENOSPC, "ruang disk penuh", str(path))

    def __str__(self) -> str:
        return (
            f"Ruang disk penuh saat menulis {Path(self.filename).name}; "
            "tidak ada berkas setengah jadi yang disimpan."
        )


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error is the disk (or the user's quota) being full."""
    return isinstance(exc, OSError) and exc.errno in FULL


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write ``target`` at; renamed over it only if the block succeeds."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        yield partial
        os.replace(partial, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if is_disk_full(exc) and not isinstance(exc, DiskFull):
            raise DiskFull(target) from exc
        raise


class DiskFullMiddleware:
    """A full disk during a request: a page saying so (HTTP 507), not a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_disk_full(exception):
            return None
        log.error("disk full while serving %s: %s", request.path, exception)
        message = _(
            "Ruang disk server penuh, sehingga berkas tidak dapat disimpan. Tidak ada yang "
            "tersimpan setengah jadi; coba lagi setelah administrator mengosongkan ruang."
        )
        return HttpResponse(
            f"<!doctype html><title>507</title><h1>507</h1><p>{escape(message)}</p>",
            status=507,
        )
