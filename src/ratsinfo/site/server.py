"""`ratsinfo serve`: the Django application under gunicorn.

Django's runserver is for development only (single process, no timeouts, no graceful
restart); gunicorn is the WSGI server Django's own deployment docs name first.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def run(host: str, port: int, workers: int = 2) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "warning",
    }
    from .wsgi import application  # loads and freezes the app in the master, before forking

    _Server(application, options).run()
