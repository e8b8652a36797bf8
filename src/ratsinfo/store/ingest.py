"""Ingest: files → store, one transaction per file, nothing lost.

Workers parse (read → split → classify → extract) in parallel; this process is the
only writer. Every file is stored inside its own transaction: a failure rolls back
that file alone, and a killed process leaves either the old or the new state of a
file, never half of it. A file whose sha256 is already stored is skipped.
"""

from __future__ import annotations

import fnmatch
import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ratsinfo import config
from ratsinfo.pipeline import FailedFile, ParsedFile, fingerprint
from ratsinfo.pipeline import parse_task as _parse
from ratsinfo.read.base import ReadError
from ratsinfo.search import sync
from ratsinfo.store import signals, writer
from ratsinfo.store.models import SourceFile

log = logging.getLogger(__name__)

# Files in a document folder that are not council documents: notes about the folder
# itself. They are skipped when a directory is walked, never when named explicitly.
DEFAULT_IGNORE = (
    ".*",
    "README*",
    "LICENSE*",
    "LICENCE*",
    "COPYING*",
    "NOTICE*",
    "CHANGELOG*",
    "SOURCES*",
    "*~",
)


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        return f"{len(self.ingested)} ingested, {len(self.unchanged)} unchanged, {len(self.failed)} failed"


def collect(paths: Iterable[str | Path], ignore: tuple[str, ...] = DEFAULT_IGNORE) -> tuple[list[Path], list[Path]]:
    """Files to ingest (sorted, recursive) and files skipped by the ignore patterns."""
    files: list[Path] = []
    skipped: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    target = Path(root) / name
                    if any(fnmatch.fnmatch(name, pat) for pat in ignore):
                        skipped.append(target)
                    else:
                        files.append(target)
        else:
            files.append(p)  # named explicitly: ingest it, or report why not
    return files, skipped


def _stored_unchanged(path: Path) -> bool:
    """True when this path's current bytes are what the store already holds."""
    abspath = str(path.resolve())
    stored = SourceFile.objects.filter(path=abspath).values_list("sha256", "size").first()
    if stored is None:
        return False
    try:
        size = path.stat().st_size
        if size != stored[1]:
            return False
        sha, _ = fingerprint(path)
    except OSError:
        return False
    return sha == stored[0]


def ingest(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    max_bytes: int | None = None,
    ignore: tuple[str, ...] = DEFAULT_IGNORE,
    on_event: Callable[[str, str, str], None] | None = None,
) -> IngestSummary:
    """Ingest files and directories; ``on_event(status, path, detail)`` reports progress."""
    max_bytes = max_bytes or config.max_file_bytes()
    files, skipped = collect(paths, ignore)
    summary = IngestSummary(skipped=[str(s) for s in skipped])

    def emit(status: str, path: str, detail: str = "") -> None:
        if on_event:
            on_event(status, path, detail)

    todo: list[Path] = []
    for f in files:
        if _stored_unchanged(f):
            summary.unchanged.append(str(f))
            emit("unchanged", str(f))
        else:
            todo.append(f)

    # Files a crashed run stored but did not index are indexed first; this run's files are
    # indexed in batches (search/sync.py journals them until the index has them).
    sync.recover()
    with sync.batch():
        _store_all(_parsed(todo, jobs, max_bytes), summary, emit)
    signals.ingest_finished.send(sender=IngestSummary, summary=summary)
    return summary


def _store_all(
    results: Iterable[ParsedFile | FailedFile],
    summary: IngestSummary,
    emit: Callable[[str, str, str], None],
) -> None:
    for result in results:
        if isinstance(result, FailedFile):
            summary.failed.append((result.path, result.reason))
            emit("failed", result.path, result.reason)
            continue
        try:
            with transaction.atomic():
                writer.store(result)
        except ReadError as exc:
            summary.failed.append((result.path, str(exc)))
            emit("failed", result.path, str(exc))
        except Exception as exc:
            log.exception("storing %s failed", result.path)
            reason = f"could not store: {type(exc).__name__}: {exc}"
            summary.failed.append((result.path, reason))
            emit("failed", result.path, reason)
        else:
            summary.ingested.append(result.path)
            emit("ingested", result.path, f"{len(result.extraction.documents)} documents")


def _parsed(files: list[Path], jobs: int, max_bytes: int) -> Iterator[ParsedFile | FailedFile]:
    """Parse results in input order; with jobs > 1, in worker processes.

    At most ``4 * jobs`` parses are in flight, so memory stays bounded when the writer is
    slower than the parsers. A worker that dies (out of memory, a crash in a native
    library) fails the file it was parsing; the rest are parsed on in this process.
    """
    args = [(str(f), max_bytes) for f in files]
    if jobs <= 1 or len(args) <= 1:
        yield from map(_parse, args)
        return
    # spawn: a fresh interpreter per worker keeps Django's DB connection out of them.
    ctx = multiprocessing.get_context("spawn")
    window: deque[tuple[str, Future[ParsedFile | FailedFile]]] = deque()
    pending = iter(args)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        broken = False
        for arg in itertools.islice(pending, 4 * jobs):
            window.append((arg[0], pool.submit(_parse, arg)))
        while window:
            path, future = window.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                broken = True
                yield FailedFile(path, "parser process died (out of memory or a crash)")
            if broken:
                break
            for arg in itertools.islice(pending, 1):
                window.append((arg[0], pool.submit(_parse, arg)))
    if broken:
        # The pool is gone; what it had not finished is parsed here, one by one.
        for path, _ in window:
            yield _parse((path, max_bytes))
        yield from map(_parse, pending)
