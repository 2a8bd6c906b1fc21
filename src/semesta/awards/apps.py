from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "semesta.awards"
    verbose_name = "Paritrana Award"
