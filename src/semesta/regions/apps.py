from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "semesta.regions"
    verbose_name = "Wilayah"
