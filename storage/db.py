"""Connecting to the store and bringing its schema up to date.

Alembic runs the migrations: the schema will change (alerts, subscriptions) on databases that
already hold years of reports, and hand-written `CREATE TABLE IF NOT EXISTS` cannot alter one.
Alembic is imported only when a migration runs, so a plain query pays nothing for it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from storage import SCHEMA_HEAD, StoreUnavailable

MIGRATIONS = Path(__file__).with_name("migrations")
# Connections one process holds at most: each of the event loop's worker threads (`bot.run`
# gives its executor DB_THREADS) holds one at a time, so none waits for the pool; a little
# overflow for the odd extra reader. A web and a worker process stay within the 20 connections
# of Heroku's smallest PostgreSQL plan.
DB_THREADS = 8
POOL_OVERFLOW = 2


def describe_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs: in its place and as a query
    parameter (`?password=…`, which psycopg reads too)."""
    try:
        parsed = make_url(url)
        query = {k: "***" if "pass" in k.lower() else v for k, v in parsed.query.items()}
        shown = parsed.set(query=query).render_as_string(hide_password=True)
        return shown.replace("%2A%2A%2A", "***")
    except (ArgumentError, ValueError):
        return url.split("://")[0] + "://…"


def unavailable(url: str, error: BaseException) -> StoreUnavailable:
    """One line for an operator: which DATABASE_URL, and the driver's first line of why."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = reason[0] if reason else error.__class__.__name__
    for password in _passwords(url):
        first = first.replace(password, "***")
    if first == "unable to open database file":
        first += " (does its folder exist? A relative path is relative to the working directory)"
    return StoreUnavailable(f"DATABASE_URL ({describe_url(url)}): cannot use the database: {first}")


def _passwords(url: str) -> list[str]:
    """The URL's secrets: its password and any `…pass…` query parameter."""
    try:
        parsed = make_url(normalise_url(url))
    except (ArgumentError, ValueError):
        return []
    found = [str(parsed.password)] if parsed.password else []
    for key, value in parsed.query.items():
        if "pass" in key.lower():
            found.extend([value] if isinstance(value, str) else value)
    return [p for p in found if p]


def normalise_url(url: str) -> str:
    """Heroku's `postgres://` and a bare `postgresql://` both mean psycopg 3 here."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def exclusive(db: Connection, key: int, table: Any) -> None:
    """Hold `key` for the rest of the transaction, so a check and the write it allows (a cap:
    count, then insert) run one transaction at a time: on PostgreSQL an advisory lock; on
    SQLite a write that changes nothing, which takes the database's write lock (writers are
    serialised there, readers are not)."""
    if db.dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        db.execute(table.delete().where(text("1 = 0")))


def make_engine(url: str) -> Engine:
    given, url = url, normalise_url(url)
    try:
        pool = {"pool_size": DB_THREADS, "max_overflow": POOL_OVERFLOW, "pool_timeout": 10}
        if url.startswith("sqlite"):
            # `timeout`: SQLite's busy timeout. A writer waits up to 30 s for another to commit
            # (the poller, a second process) instead of failing at once with "locked".
            file_pool = pool if make_url(url).database not in (None, "", ":memory:") else {}
            engine = create_engine(url, connect_args={"timeout": 30}, **file_pool)
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True, **pool)
    except (ArgumentError, ImportError) as error:  # an unknown scheme, a driver not installed
        raise StoreUnavailable(
            f"DATABASE_URL ({describe_url(given)}): not a supported database "
            "(use sqlite:///FILE or postgresql://USER@HOST/DB)"
        ) from error


def sqlite_path(engine: Engine) -> Path | None:
    """The absolute path of an SQLite store (relative URLs are relative to the working
    directory), or None for another database."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database).resolve()


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
        decide_held_disputes(connection)


def decide_held_disputes(db: Connection) -> None:
    """Disputed figures a store from before migration 0018 holds, decided by evidence once
    (a revision that announces nothing). The order of preference is not known here: an
    undecided figure takes the alphabetically first transcription until a poll or an import
    publishes it again."""
    from storage.transcriptions import redecide

    left = db.execute(
        text("SELECT 1 FROM report_values WHERE disputed IS NOT NULL AND decided_by IS NULL")
    ).first()
    if left is not None:
        redecide(db, None, None, datetime.now(UTC), False, ())


def ensure_schema(engine: Engine) -> None:
    """Create the schema on an empty database, or bring an older one up to date; a database at
    the newest migration is left alone (one cheap query, no Alembic import)."""
    try:
        with engine.connect() as db:
            if inspect(db).has_table("alembic_version"):
                current = db.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if current == SCHEMA_HEAD:
                    return
        migrate(engine)
    except SQLAlchemyError as error:
        raise unavailable(engine.url.render_as_string(hide_password=False), error) from error
