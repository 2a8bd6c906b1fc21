from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "semesta.opendata"
    verbose_name = "Data terbuka"
