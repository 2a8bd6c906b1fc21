"""WSGI entry point used by `semesta serve` and any production WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
application = get_wsgi_application()
