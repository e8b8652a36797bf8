from django.apps import AppConfig


class ServeConfig(AppConfig):
    name = "ratsinfo.serve"
    label = "serve"
