"""Serve a cached OParl dump over HTTP on loopback (tests, benchmarks, offline mirrors).

The dump's file names are the URL paths of the responses, ``?`` written as ``__``
(``body/1/paper__page=3.json`` is ``…/body/1/paper?page=3``). The server's own base URL
replaces the original one inside every response, so all links stay on loopback. Filter
parameters are ignored: a dump cannot filter, and a superset is still a correct answer.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit


class DumpServer:
    def __init__(
        self,
        root: Path,
        *,
        files: dict[str, bytes] | None = None,
        flaky: dict[str, int] | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.root = Path(root)
        self.files = dict(files or {})
        # path → how many times it answers 503 before it answers.
        self.flaky = dict(flaky or {})
        self.requests: list[str] = []
        system = json.loads((self.root / "system.json").read_text())
        self.original = system["id"].rsplit("system", 1)[0]
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                status, ctype, body, headers = server.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}/"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def rewrite(self, text: str) -> str:
        return text.replace(self.original, self.base)

    def answer(self, raw: str) -> tuple[int, str, bytes, dict[str, str]]:
        parts = urlsplit(raw)
        path = parts.path.lstrip("/")
        if self.flaky.get(path, 0) > 0:
            self.flaky[path] -= 1
            return 503, "text/plain", b"busy", {"Retry-After": "0"}
        if path in self.files:
            return 200, "application/octet-stream", self.files[path], {}
        page = dict(parse_qsl(parts.query)).get("page")
        candidates = []
        if page and page != "1":
            candidates.append(self.root / f"{path}__page={page}.json")
        candidates.append(self.root / f"{path}.json")
        for candidate in candidates:
            if candidate.is_file() and self.root in candidate.resolve().parents:
                body = self.rewrite(candidate.read_text(encoding="utf-8")).encode()
                return 200, "application/json; charset=utf-8", body, {}
        return 404, "application/json", b'{"error": "not found"}', {}

    def __enter__(self) -> DumpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
