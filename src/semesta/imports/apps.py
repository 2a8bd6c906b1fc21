from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "semesta.imports"
    verbose_name = "Impor data"
