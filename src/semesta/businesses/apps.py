from django.apps import AppConfig


class BusinessesConfig(AppConfig):
    name = "semesta.businesses"
    verbose_name = "Usaha belum terdaftar"
    default_auto_field = "django.db.models.BigAutoField"
