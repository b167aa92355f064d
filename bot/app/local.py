"""The store as the CLI reaches it: the engine, the history, the front door. Each import is
made where it is used: a cold `ask` reads the history with the driver alone (`storage.direct`,
no SQLAlchemy: about 60 ms of a cold CLI)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Engine

    from bot.app.importer import ImportResult
    from bot.app.newsdesk import Newsdesk
    from bot.app.poll import PollOutcome
    from bot.core.reports import History
    from bot.settings import Settings
    from storage.reports import StoreResult


def engine(settings: Settings) -> Engine:
    """The store, with its schema created if the database is empty."""
    from storage.db import ensure_schema, make_engine

    made = make_engine(settings.database_url)
    ensure_schema(made)
    return made


def history(settings: Settings) -> History:
    """The store's history: read with the driver alone where it can be, else through
    SQLAlchemy, which creates or migrates the schema."""
    from storage.direct import read_history_directly

    found = read_history_directly(settings.database_url)
    if found is not None:
        return found
    from storage.history import load_history

    with engine(settings).connect() as db:
        return load_history(db)


def migrate(settings: Settings) -> None:
    from storage.db import make_engine, migrate

    migrate(make_engine(settings.database_url))


def describe_url(url: str) -> str:
    """The database URL as it may be shown: never a password."""
    from storage.db import describe_url

    return describe_url(url)


def desk(settings: Settings) -> Newsdesk:
    """The front door over the store, for one CLI command (no Slack, no service); its schema
    is made or migrated where the store is first written (`import_`)."""
    from bot.app.history_cache import HistoryCache
    from bot.app.newsdesk import Newsdesk
    from bot.clock import kyiv_today, utc_now
    from storage.db import make_engine

    # Not connected yet: an import reads and checks its files before it reaches the store.
    store = make_engine(settings.database_url)
    return Newsdesk(store, HistoryCache(store), kyiv_today, utc_now, settings.stale_after)


def store_problem(settings: Settings, error: Exception) -> str | None:
    """What to tell a user whose command failed on the store (unreachable, refused), in one
    line without a password; None for any other error."""
    import sys

    from storage import StoreUnavailable

    if isinstance(error, StoreUnavailable):
        return str(error)
    # SQLAlchemy is loaded only if the command took the full path (`history`).
    errors = sys.modules.get("sqlalchemy.exc")
    if errors is None or not isinstance(error, errors.SQLAlchemyError):
        return None
    from storage.db import unavailable

    return unavailable(settings.database_url, error)


async def import_(
    settings: Settings, locations: Sequence[str], kind: str | None, show_progress: bool
) -> ImportResult:
    """`losses-bot import`: the files are read and checked before the store is opened, so a
    missing file is said as such, whatever the database."""
    from bot.app.importer import read_checked
    from bot.clock import kyiv_today

    parsed = await read_checked(locations, kyiv_today(), kind)
    return await desk(settings).store_import(parsed, show_progress)


async def poll(settings: Settings) -> tuple[list[tuple[str, PollOutcome]], StoreResult | None]:
    """`losses-bot poll`: one poll by the service, as `serve` polls (alerts are queued for a
    running bot to deliver); each source's outcome, and what the General Staff's posts gave."""
    from bot.app.service import LossesService
    from bot.clock import utc_now

    service = LossesService(settings, engine(settings), utc_now)
    await service.start()
    try:
        return await service.poll()
    finally:
        await service.close()
        service.engine.dispose()
