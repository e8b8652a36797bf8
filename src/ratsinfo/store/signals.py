"""What the store tells the layers above it. They subscribe; the store imports none of them."""

from django.dispatch import Signal

# Sent by ``ingest()`` once its files are stored and indexed, with ``summary`` (its
# IngestSummary). The web layer builds the register pages' drawings on it, so that no
# visitor waits for them.
ingest_finished = Signal()
