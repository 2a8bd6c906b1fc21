from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "semesta.employers"
    verbose_name = "Pemberi kerja"
