from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "semesta.digests"
    verbose_name = "Ringkasan mingguan"
