from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "semesta.programmes"
    verbose_name = "Program RW"
