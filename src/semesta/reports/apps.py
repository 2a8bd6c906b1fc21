from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "semesta.reports"
    verbose_name = "Laporan Monev"
