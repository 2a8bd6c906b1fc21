from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "semesta.accounts"
    verbose_name = "Akun dan audit"

    def ready(self) -> None:
        from semesta.accounts import signals  # noqa: F401  (connects login auditing)
