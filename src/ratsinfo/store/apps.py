from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "ratsinfo.store"
    label = "store"
    verbose_name = "ratsinfo store"
