"""Keep the search index in step with the store."""

from __future__ import annotations


def schedule_index(source_file_id: int) -> None:
    """Called by the ingest writer inside a file's transaction: (re)index what the file
    produced once the transaction commits (never index rows that may roll back)."""
    return None
