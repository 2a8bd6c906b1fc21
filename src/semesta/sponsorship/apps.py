from django.apps import AppConfig


class SponsorshipConfig(AppConfig):
    name = "semesta.sponsorship"
    verbose_name = "Sponsor iuran"
