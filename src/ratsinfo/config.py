"""Configuration from the environment.

RATSINFO_HOME            data directory (default ./.ratsinfo)
RATSINFO_DATABASE_URL    database URL (default: SQLite file in RATSINFO_HOME;
                         postgresql://… for the server backend)
RATSINFO_MAX_FILE_MB     size limit per ingested file in MB (default 100)
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MAX_FILE_MB = 100


def home() -> Path:
    return Path(os.environ.get("RATSINFO_HOME", ".ratsinfo")).resolve()


def database_url() -> str:
    url = os.environ.get("RATSINFO_DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{home() / 'ratsinfo.sqlite3'}"


def max_file_bytes() -> int:
    raw = os.environ.get("RATSINFO_MAX_FILE_MB", "").strip()
    mb = float(raw) if raw else DEFAULT_MAX_FILE_MB
    return int(mb * 1024 * 1024)
