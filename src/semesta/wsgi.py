"""WSGI entry point used by `semesta serve` and any production WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Do at start what the first request of each process would otherwise pay for: import every
    view (the URLconf) and compile the templates, before the process takes connections."""
    from semesta.warmup import warm_up

    warm_up()


if os.environ.get("SEMESTA_WARM_UP", "true").lower() not in ("0", "false", "no"):
    _warm_up()
