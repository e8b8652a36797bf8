"""Keep the search index in step with the store."""

from __future__ import annotations

import sys

from django.db import transaction


def schedule_index(source_file_id: int) -> None:
    """Called by the ingest writer inside a file's transaction: (re)index what the file
    produced once the transaction commits (never index rows that may roll back)."""
    transaction.on_commit(lambda: index_source(source_file_id))


def index_source(source_file_id: int) -> None:
    """Index now; a failing index never fails the ingest (``ratsinfo reindex`` repairs it)."""
    from ratsinfo.search.engine import sync_source

    try:
        sync_source(source_file_id)
    except Exception as exc:  # the store is the truth; the index can be rebuilt
        print(f"warning: search index not updated for source file {source_file_id}: {exc} "
              "(run `ratsinfo reindex`)", file=sys.stderr)


def forget_source(source_file_id: int) -> None:
    """After a source file was deleted from the store: drop or rebuild what it supported."""
    transaction.on_commit(lambda: index_source(source_file_id))
