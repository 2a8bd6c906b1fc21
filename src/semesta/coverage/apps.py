from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "semesta.coverage"
    verbose_name = "Cakupan kepesertaan"

    def ready(self) -> None:
        configure_object_storage()


def configure_object_storage() -> None:
    """Hand the object-store settings to the engine (only when snapshots live there)."""
    from django.conf import settings

    from semesta.engine import objects

    storage = objects.ObjectStorage(**settings.SNAPSHOT_STORAGE)
    objects.configure(storage if settings.SNAPSHOT_URL else None)
