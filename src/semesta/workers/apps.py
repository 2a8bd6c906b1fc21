from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "semesta.workers"
    verbose_name = "Pekerja rentan"
