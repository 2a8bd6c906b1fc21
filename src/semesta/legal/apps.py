from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "semesta.legal"
    verbose_name = "Produk hukum"
