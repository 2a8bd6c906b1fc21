from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class AccountsConfig(AppConfig):
    name = "semesta.accounts"
    verbose_name = "Akun dan audit"

    def ready(self) -> None:
        from semesta.accounts import signals  # noqa: F401  (connects login auditing)
        from semesta.translations import SOURCE_DIR, compile_catalogues

        # Before the first request reads them: the interface language is chosen per user.
        compile_catalogues(SOURCE_DIR, Path(settings.LOCALE_PATHS[0]))
