"""Analysis in worker processes, for rebuilds and other large batches.

Indexing is bound by Python: analysing an entry and making its backend document costs
more CPU than the backend's own work. For a large batch, forked workers (they inherit the
entries and the analyzer, nothing is pickled on the way in) analyse contiguous chunks and
send back what the backend prepared (for tantivy one JSON string per entry); the parent only
feeds the single index writer. Results come back in order, so the index is the same as with
one process. Small batches (a file's sync) stay in-process: a fork costs more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ratsinfo.search.analysis import Analyzer
from ratsinfo.search.entries import Entry
from ratsinfo.search.indexdoc import IndexDoc, index_doc

MIN_PARALLEL = 2000  # entries; below this one process is faster
CHUNK = 500  # entries per task: large enough to amortise the pipe, small enough to balance

Prepare = Callable[[Entry, IndexDoc], Any]

# What the forked workers inherit (set just before the pool starts).
_job: tuple[Sequence[Entry], Analyzer, Prepare] | None = None


def _work(bounds: tuple[int, int]) -> list[Any]:
    assert _job is not None
    entries, analyzer, prepare = _job
    return [prepare(e, index_doc(e, analyzer)) for e in entries[bounds[0] : bounds[1]]]


def _quiet_gc() -> None:
    # A worker lives for one batch and makes no reference cycles worth collecting: its
    # collector would only walk (and so copy) the pages it inherited, and the new objects.
    gc.freeze()
    gc.disable()


def default_workers() -> int:
    """One worker per core (the parent mostly waits on them or on the index writer);
    ``RATSINFO_INDEX_WORKERS=0`` keeps indexing in one process."""
    env = os.environ.get("RATSINFO_INDEX_WORKERS")
    if env is not None:
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def prepared(
    entries: Sequence[Entry], analyzer: Analyzer, prepare: Prepare, workers: int | None = None
) -> Iterator[tuple[Entry, Any]]:
    """(entry, prepare(entry, index_doc(entry, analyzer))) for every entry, in order."""
    workers = default_workers() if workers is None else workers
    n = len(entries)
    if workers < 1 or n < MIN_PARALLEL or "fork" not in mp.get_all_start_methods():
        for e in entries:
            yield e, prepare(e, index_doc(e, analyzer))
        return
    global _job
    _job = (entries, analyzer, prepare)
    pool = mp.get_context("fork").Pool(workers, initializer=_quiet_gc)
    try:
        tasks = [(lo, min(lo + CHUNK, n)) for lo in range(0, n, CHUNK)]
        for (lo, hi), batch in zip(tasks, pool.imap(_work, tasks), strict=True):
            yield from zip(entries[lo:hi], batch, strict=True)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _job = None
