from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "mobility"

    def ready(self) -> None:
        # §12's jobs live beside transfers' code; Celery's autodiscovery reads only ``tasks.py``.
        from mobility import tasks_transfers  # noqa: F401
