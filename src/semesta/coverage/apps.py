from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "semesta.coverage"
    verbose_name = "Cakupan kepesertaan"
