"""WSGI entry point used by `semesta serve` and any production WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
application = get_wsgi_application()

# What the first request of each process would otherwise pay for (importing every view,
# compiling templates, summaries not yet stored) is done now, before it takes connections.
from semesta.warmup import warm_up  # noqa: E402 - needs the application set up first

warm_up()
