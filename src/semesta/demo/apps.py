from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "semesta.demo"
    verbose_name = "Data demo"
