from typing import Any

from django.apps import AppConfig


class ServeConfig(AppConfig):
    name = "ratsinfo.serve"
    label = "serve"

    def ready(self) -> None:
        from ratsinfo.store.signals import ingest_finished

        ingest_finished.connect(_warm_register_pages, dispatch_uid="serve.warm_register_pages")


def _warm_register_pages(sender: Any, summary: Any, **kwargs: Any) -> None:
    """An ingest that stored files may have changed the register: build its pages'
    drawings now (what is cached for the register as it is stays, and is only looked up)."""
    if summary.ingested:
        from .views.cooperations import warm_cache

        warm_cache()
