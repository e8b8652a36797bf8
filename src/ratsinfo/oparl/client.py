"""HTTP for the importer: JSON and files, retried with exponential backoff."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from . import quirks

log = logging.getLogger(__name__)

RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
USER_AGENT = "ratsinfo-oparl-importer/1.1"


class FetchError(Exception):
    """A URL could not be fetched (after retries) or did not hold JSON."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.status = status


class Client:
    def __init__(
        self,
        *,
        retries: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 60.0,
    ) -> None:
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.http = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        self.requests = 0
        self.retried = 0

    def close(self) -> None:
        self.http.close()

    def _wait(self, attempt: int, response: httpx.Response | None) -> float:
        delay = min(self.max_backoff, self.backoff * (2**attempt))
        if response is not None and "Retry-After" in response.headers:
            raw = response.headers["Retry-After"]
            try:
                delay = float(raw)
            except ValueError:
                with contextlib.suppress(TypeError, ValueError):
                    delay = parsedate_to_datetime(raw).timestamp() - time.time()
            delay = max(0.0, min(self.max_backoff, delay))
        return delay

    def _get(self, url: str, *, stream_to: Path | None = None) -> httpx.Response:
        last = ""
        for attempt in range(self.retries + 1):
            response: httpx.Response | None = None
            try:
                self.requests += 1
                if stream_to is None:
                    response = self.http.get(url)
                else:
                    with self.http.stream("GET", url) as r:
                        response = r
                        if r.status_code == 200:
                            tmp = stream_to.with_name(stream_to.name + ".part")
                            with tmp.open("wb") as fh:
                                for chunk in r.iter_bytes(1 << 16):
                                    fh.write(chunk)
                            tmp.replace(stream_to)
                if response.status_code == 200:
                    return response
                last = f"HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUS:
                    raise FetchError(url, last, response.status_code)
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {exc}"
            if attempt < self.retries:
                self.retried += 1
                delay = self._wait(attempt, response)
                log.info("retrying %s in %.1fs (%s)", url, delay, last)
                time.sleep(delay)
        raise FetchError(url, f"gave up after {self.retries + 1} tries ({last})")

    def json(self, url: str) -> dict[str, Any]:
        response = self._get(url)
        try:
            data = response.json()
        except ValueError:
            raise FetchError(url, "not JSON") from None
        if not isinstance(data, dict):
            raise FetchError(url, "not a JSON object")
        return data

    def download(self, url: str, dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        self._get(url, stream_to=dest)
        return dest

    def pages(self, url: str, filters: dict[str, str]) -> Iterator[dict[str, Any]]:
        """Every page of an external list, following ``links.next``; stops on a loop."""
        seen: set[str] = set()
        nxt = quirks.with_params(url, filters)
        while nxt and nxt not in seen:
            seen.add(nxt)
            page = self.json(nxt)
            yield page
            nxt = quirks.next_page(page, filters)
