from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "semesta.collaboration"
    verbose_name = "Kolaborasi"
