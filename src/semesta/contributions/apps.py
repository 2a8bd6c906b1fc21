from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "semesta.contributions"
    verbose_name = "Iuran"
