"""German full-text search: one analyzer for indexing and queries, two backends."""
