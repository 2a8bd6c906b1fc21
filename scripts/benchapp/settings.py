"""Semesta's settings plus django-import-export and benchapp, on a throwaway SQLite file.

The database path comes from BENCH_DJIE_DB (scripts/bench_import.py sets it to a temp file).
"""

import os

from semesta.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "import_export", "benchapp"]  # noqa: F405
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["BENCH_DJIE_DB"],
    }
}
