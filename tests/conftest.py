"""Shared fixtures.

Store tests (marker ``store``) run once per backend: ``make test`` runs the suite on
SQLite, then the store tests again with ``RATSINFO_DATABASE_URL`` pointing at
PostgreSQL. If that server does not answer they are skipped — unless
``RATSINFO_REQUIRE_POSTGRES=1`` (set by CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RATSINFO_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


def database_url() -> str:
    return os.environ.get("RATSINFO_DATABASE_URL", "")


def on_postgres() -> bool:
    return database_url().startswith(("postgres://", "postgresql://"))


def _postgres_answers(url: str) -> str | None:
    """None when the server answers, else the reason."""
    import psycopg

    try:
        with psycopg.connect(_admin_url(url), connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception as exc:
        return str(exc).strip().splitlines()[0]
    return None


def _admin_url(url: str) -> str:
    """The same server, maintenance database (to create and drop test databases)."""
    import dj_database_url

    cfg = dj_database_url.parse(url)
    user = cfg.get("USER") or "postgres"
    host = cfg.get("HOST") or "127.0.0.1"
    port = cfg.get("PORT") or 5432
    password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
    return f"postgresql://{user}{password}@{host}:{port}/postgres"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not on_postgres():
        return
    reason = _postgres_answers(database_url())
    # On the PostgreSQL pass only the store tests matter; the rest ran on SQLite.
    if reason is None:
        return
    if os.environ.get("RATSINFO_REQUIRE_POSTGRES") == "1":
        raise pytest.UsageError(f"PostgreSQL required but not reachable: {reason}")
    skip = pytest.mark.skip(reason=f"PostgreSQL not reachable: {reason}")
    for item in items:
        item.add_marker(skip)


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for running the `ratsinfo` command against a fresh, empty store.

    On the PostgreSQL pass each test gets its own new database on the real server.
    """
    env = dict(os.environ)
    env["RATSINFO_HOME"] = str(tmp_path / "home")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if not on_postgres():
        env.pop("RATSINFO_DATABASE_URL", None)
        yield env
        return
    import dj_database_url
    import psycopg

    name = f"ratsinfo_cli_{uuid.uuid4().hex[:12]}"
    admin = _admin_url(database_url())
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    cfg = dj_database_url.parse(database_url())
    env["RATSINFO_DATABASE_URL"] = admin.rsplit("/", 1)[0] + f"/{name}"
    assert cfg["ENGINE"].endswith("postgresql")
    try:
        yield env
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_cli(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `ratsinfo` exactly as a user would (the console script of the venv)."""
    exe = Path(sys.executable).with_name("ratsinfo")
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
