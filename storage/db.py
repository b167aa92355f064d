"""Connecting to the store and bringing its schema up to date.

Alembic runs the migrations: the schema will change (alerts, subscriptions) on databases that
already hold years of reports, and hand-written `CREATE TABLE IF NOT EXISTS` cannot alter one.
Alembic is imported only when a migration runs, so a plain query pays nothing for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect

MIGRATIONS = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> str:
    """Heroku's `postgres://` and a bare `postgresql://` both mean psycopg 3 here."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the web process read while the poller writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Apply every migration not yet applied (`losses-bot migrate`, Heroku's release phase)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_schema(engine: Engine) -> None:
    """Create the schema on an empty database; a database with a schema is left alone."""
    if not inspect(engine).has_table("alembic_version"):
        migrate(engine)
