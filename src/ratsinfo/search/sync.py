"""Keep the search index in step with the store.

Each stored file schedules its re-indexing for when its transaction commits (never index
rows that may roll back). Inside ``batch()`` those files are gathered and indexed together,
``flush_every`` files at a time: one pass, one index commit per batch instead of per file.

Between a file's commit and the index commit its id sits in a journal next to the data
(``RATSINFO_HOME/search-pending``). A crash or ``kill -9`` in between leaves the id there,
and the next ``recover()`` (run by every ingest) indexes it, so the index never stays
behind the store.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ratsinfo import config

FLUSH_EVERY = 50


@dataclass
class _Batch:
    flush_every: int
    pending: set[int] = field(default_factory=set)

    def add(self, source_file_id: int) -> None:
        self.pending.add(source_file_id)
        if len(self.pending) >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            ids = sorted(self.pending)
            self.pending.clear()
            index_sources(ids)


_batches: list[_Batch] = []


def _journal() -> Path:
    return config.home() / "search-pending"


def _journal_add(source_file_id: int) -> None:
    path = _journal()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="ascii") as fh:
        fh.write(f"{source_file_id}\n")


def _journal_read() -> set[int]:
    try:
        lines = _journal().read_text(encoding="ascii").split()
    except (FileNotFoundError, UnicodeDecodeError):
        return set()
    return {int(x) for x in lines if x.isdigit()}


def _journal_done(ids: Iterable[int]) -> None:
    done = set(ids)
    left = _journal_read() - done
    path = _journal()
    if not left:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(f"{i}\n" for i in sorted(left)), encoding="ascii")
    os.replace(tmp, path)


def _committed(source_file_id: int) -> None:
    _journal_add(source_file_id)
    if _batches:
        _batches[-1].add(source_file_id)
    else:
        index_sources([source_file_id])


def schedule_index(source_file_id: int) -> None:
    """Called by the ingest writer inside a file's transaction: (re)index what the file
    produced once the transaction commits."""
    transaction.on_commit(lambda: _committed(source_file_id))


@contextmanager
def batch(flush_every: int = FLUSH_EVERY) -> Iterator[set[int]]:
    """Index the files stored inside in batches of ``flush_every``, the rest when the block
    ends (even when it raises: what was committed gets indexed)."""
    if _batches:  # inside another batch: that one indexes (and flushes) for both
        yield _batches[-1].pending
        return
    current = _Batch(flush_every=max(1, flush_every))
    _batches.append(current)
    try:
        yield current.pending
    finally:
        _batches.pop()
        current.flush()


def recover() -> int:
    """Index the files a crashed run stored but did not index; returns how many."""
    ids = _journal_read()
    if ids:
        index_sources(sorted(ids))
    return len(ids)


def clear_journal() -> None:
    """After a full reindex nothing is pending."""
    _journal().unlink(missing_ok=True)


def index_sources(source_file_ids: Iterable[int]) -> None:
    """Index now; a failing index never fails the ingest (the ids stay in the journal, and
    the next ingest or ``ratsinfo reindex`` repairs it)."""
    from ratsinfo.search.engine import sync_sources

    ids = list(source_file_ids)
    try:
        sync_sources(ids)
    except Exception as exc:  # the store is the truth; the index can be rebuilt
        print(f"warning: search index not updated for source file(s) {', '.join(map(str, ids))}: {exc} "
              "(run `ratsinfo reindex`)", file=sys.stderr)
    else:
        _journal_done(ids)


def index_source(source_file_id: int) -> None:
    index_sources([source_file_id])


def forget_source(source_file_id: int) -> None:
    """After a source file was deleted from the store: drop or rebuild what it supported."""
    schedule_index(source_file_id)
