"""Reading the history with the database driver alone, for one-shot commands (`losses-bot ask`,
`brief`, `export`): importing SQLAlchemy takes a quarter of a second, longer than the rest of an
`ask`, and newsroom scripts call `ask` in loops.

Only the plain cases take this path: an SQLite file that exists, or a PostgreSQL URL, whose
schema is at the newest migration. Anything else (another driver, URL options, a store to
create or migrate, any driver error) returns None, and the caller takes the full path through
SQLAlchemy, which migrates and explains errors (`storage.db`). Reads run in one read-only
transaction, so a poller storing a report meanwhile cannot split the history in two.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from bot.core.reports import History
from storage import SCHEMA_HEAD
from storage.history import read_history

SCHEMA_SQL = "SELECT version_num FROM alembic_version"
POSTGRES_PREFIXES = ("postgres://", "postgresql://", "postgresql+psycopg://")


def read_history_directly(url: str) -> History | None:
    """The store's history, read without SQLAlchemy; None where the full path must be taken."""
    try:
        if url.startswith("sqlite:///"):
            return _sqlite(url.removeprefix("sqlite:///"))
        for prefix in POSTGRES_PREFIXES:
            if url.startswith(prefix):
                return _postgres("postgresql://" + url.removeprefix(prefix))
    except Exception:  # any driver error: the full path says what is wrong, in words
        pass
    return None


def _sqlite(path: str) -> History | None:
    """`sqlite:///data.db` (relative to the working directory) or `sqlite:////abs/data.db`."""
    if not path or "?" in path or path == ":memory:" or not os.path.isfile(path):
        return None
    import sqlite3

    # Read-only: this path never creates or changes a file. Autocommit, so BEGIN is ours.
    db = sqlite3.connect(
        f"file:{quote(os.path.abspath(path))}?mode=ro",
        uri=True,
        timeout=30,
        isolation_level=None,
    )
    try:
        db.execute("BEGIN")
        return _read(db.execute)
    finally:
        db.close()


def _postgres(conninfo: str) -> History | None:
    import psycopg

    with psycopg.connect(conninfo) as db:
        db.read_only = True
        db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # one snapshot
        return _read(db.execute)


def _read(run: Callable[[str], Any]) -> History | None:
    (version,) = run(SCHEMA_SQL).fetchone() or (None,)
    return read_history(run) if version == SCHEMA_HEAD else None
