"""Django settings for Semesta, read from environment variables (docs/configuration.md)."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from semesta.conf import (
    env_bool,
    env_cache,
    env_database,
    env_float,
    env_int,
    env_list,
    env_path,
    env_secret,
    env_str,
    env_url,
    nik_keys,
    token,
)
from semesta.security import private_data_dir

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("SEMESTA_DATA_DIR", "./var")
DATA_DIR.mkdir(parents=True, exist_ok=True)
private_data_dir(DATA_DIR)  # files 0600, folders 0700, the SQLite file included

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'semesta.sqlite3'}",
        conn_max_age=env_int("SEMESTA_DB_CONN_MAX_AGE", 60),
    )
}

SECRET_KEY = env_secret("SEMESTA_SECRET_KEY", DATA_DIR, token)
# Generated only for data without NIKs; Semesta refuses to start when the key that made the
# stored NIK hashes and encrypted NIKs is missing or differs (docs/configuration.md).
NIK_HASH_KEY, NIK_ENCRYPTION_KEY = nik_keys(
    DATA_DIR,
    DATABASES["default"],
    {
        "SEMESTA_NIK_HASH_KEY": lambda: secrets.token_hex(32),
        "SEMESTA_NIK_ENCRYPTION_KEY": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
    },
).values()
DEBUG = env_bool("SEMESTA_DEBUG", False)
ALLOWED_HOSTS = env_list("SEMESTA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("SEMESTA_CSRF_TRUSTED_ORIGINS", [])
SNAPSHOT_DIR = DATA_DIR / "snapshots"
# Snapshots in S3-compatible object storage instead (several machines): s3://bucket/prefix.
SNAPSHOT_URL = env_url("SEMESTA_SNAPSHOT_URL", ("s3",), "s3://semesta/snapshots")
SNAPSHOT_STORAGE = {
    "endpoint": env_url("SEMESTA_S3_ENDPOINT", ("http", "https"), "https://minio.example:9000"),
    "key_id": env_str("SEMESTA_S3_KEY_ID", ""),
    "secret": env_str("SEMESTA_S3_SECRET", ""),
    "region": env_str("SEMESTA_S3_REGION", ""),
}
IMPORT_DIR = DATA_DIR / "imports"
IMPORT_MAX_BYTES = env_int("SEMESTA_IMPORT_MAX_BYTES", 500 * 1024 * 1024)
IMPORT_MAX_UNZIPPED = env_int("SEMESTA_IMPORT_MAX_UNZIPPED", 2 * 1024 * 1024 * 1024)
IMPORT_HOLD_SHARE = env_float("SEMESTA_IMPORT_HOLD_SHARE", 0.05, 0, 1)
WEB_WORKERS = env_int("SEMESTA_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1)
# The import worker also builds the Monev reports the calendar calls for when a period closes.
SCHEDULED_REPORTS = env_bool("SEMESTA_SCHEDULED_REPORTS", True)
# Uploaded documents (legal products' PDFs), served only through Semesta's own views.
MEDIA_ROOT = DATA_DIR / "media"
UPLOAD_MAX_BYTES = env_int("SEMESTA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS, FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o600, 0o700
# Import files, error reports and event attachments older than this are removed by `cleanup`.
RETENTION_DAYS = env_int("SEMESTA_RETENTION_DAYS", 90)

# Cached region pages, API answers and the login throttle's counters, shared by all web
# processes: files in the data folder (one machine) or one Redis server (several machines).
CACHES = {"default": env_cache("SEMESTA_CACHE_URL", DATA_DIR)}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dashboard read while an import or recomputation writes. A page cache of up
    # to 64 MiB per connection (SQLite's default is 2 MiB): bulk writes into indexed tables go
    # faster (the demo's 234,000 businesses: 7.5 s instead of 13.3 s).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "semesta.regions",
    "semesta.accounts",
    "semesta.employers",
    "semesta.coverage",
    "semesta.imports",
    "semesta.workers",
    "semesta.contributions",
    "semesta.programmes",
    "semesta.sponsorship",
    "semesta.opendata",
    "semesta.legal",
    "semesta.reports",
    "semesta.awards",
    "semesta.collaboration",
    "semesta.digests",
    "semesta.businesses",
    "semesta.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "semesta.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "semesta.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "semesta.inputs.RefuseNulMiddleware",  # PostgreSQL refuses NUL in text: a clear 400 instead
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "semesta.files.DiskFullMiddleware",  # a full disk: a page saying so, not a server error
]

ROOT_URLCONF = "semesta.urls"
WSGI_APPLICATION = "semesta.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "semesta.menus.menu",  # the links the user's role may follow
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "coverage:overview"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SEMESTA_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Failed sign-ins per user name and address, and per address, before a growing delay.
LOGIN_ATTEMPTS = env_int("SEMESTA_LOGIN_ATTEMPTS", 5)
LOGIN_IP_ATTEMPTS = env_int("SEMESTA_LOGIN_IP_ATTEMPTS", 50)
AUTHENTICATION_BACKENDS = ["semesta.accounts.backends.ThrottledBackend"]  # passwords and tokens
API_TOKEN_DAYS = env_int("SEMESTA_API_TOKEN_DAYS", 90)
SESSION_COOKIE_SECURE = env_bool("SEMESTA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = env_str("SEMESTA_LANGUAGE", "id")
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# Compiled from BASE_DIR / "locale" at start-up (semesta.translations): no msgfmt needed.
LOCALE_PATHS = [DATA_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Figures are formatted where they are shown (the ``angka`` and ``persen`` filters,
# semesta.formats); everything else prints as it is: a worker's id in a form, a batch number, a
# year. With Django's thousand separator a row id of 1,000 or more went into forms as "1.000",
# which no view could read back (tests/test_template_numbers.py).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it; collectstatic fills it
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "semesta.uploads.UploadStorage"},  # MEDIA_ROOT, server-made names
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Weekly digests by e-mail (`semesta digest`): SMTP when SEMESTA_EMAIL_HOST is set; otherwise
# messages are printed to the console and nothing is sent or recorded (docs/configuration.md).
EMAIL_HOST = env_str("SEMESTA_EMAIL_HOST", "")
EMAIL_BACKEND = f"django.core.mail.backends.{'smtp' if EMAIL_HOST else 'console'}.EmailBackend"
EMAIL_PORT = env_int("SEMESTA_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("SEMESTA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("SEMESTA_EMAIL_PASSWORD", "")  # or SEMESTA_EMAIL_PASSWORD_FILE
EMAIL_USE_TLS = env_bool("SEMESTA_EMAIL_TLS", True)  # STARTTLS
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("SEMESTA_EMAIL_FROM", "Semesta <semesta@localhost>")
SITE_URL = env_str("SEMESTA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # links in e-mails

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SEMESTA_LOG_LEVEL", "WARNING")},
}
