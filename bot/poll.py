"""One poll of the configured source: fetch what is new (and re-read the last few days, which
sources restate), store it in one transaction, and report the outcome.

A failing source or store never raises out of `poll_once`: the outcome says what went wrong,
the log has the reason, and the next poll simply tries again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import aiohttp
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.alerting import enqueue_alerts
from bot.freshness import DEFAULT_MARGIN
from bot.reports import Report
from bot.settings import Settings
from bot.sources.base import Source, SourceError
from bot.sources.dataset import DatasetSource
from bot.sources.russianwarship import RussianWarshipSource
from storage.history import newest_report_date
from storage.reports import StoreResult, store_reports

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollOutcome:
    at: datetime
    ok: bool
    message: str
    result: StoreResult | None = None
    queued: int = 0  # alert messages queued for Slack


def make_source(settings: Settings, session: aiohttp.ClientSession) -> Source:
    if settings.source == "dataset":
        return DatasetSource(session, settings.source_url)
    return RussianWarshipSource(session, settings.source_url)


def store_batch(
    engine: Engine,
    reports: Sequence[Report],
    fetched_at: datetime,
    announce: bool,
    late_after: timedelta = DEFAULT_MARGIN,
) -> tuple[StoreResult, int]:
    """Store reports and queue their alerts in one transaction: all of it or, on error, none."""
    with engine.begin() as db:
        result = store_reports(db, reports, fetched_at, announce)
        queued = enqueue_alerts(db, result.revision_ids, fetched_at, late_after) if announce else 0
    return result, queued


def _newest(engine: Engine) -> date | None:
    with engine.connect() as db:
        return newest_report_date(db)


async def poll_once(
    source: Source,
    engine: Engine,
    now: Callable[[], datetime],
    refetch_days: int,
    late_after: timedelta = DEFAULT_MARGIN,
) -> PollOutcome:
    started = now()
    try:
        newest = await asyncio.to_thread(_newest, engine)
        since = newest - timedelta(days=refetch_days) if newest is not None else None
        reports = await source.fetch(since)
        # An empty store is being backfilled: that history is not news and never alerts.
        try:
            result, queued = await asyncio.to_thread(
                store_batch, engine, reports, now(), newest is not None, late_after
            )
        except IntegrityError:
            # Another process stored the same report a moment earlier (and queued its alerts).
            # Storing again now finds it held and changes nothing.
            log.warning(
                "poll %s: another process stored these reports first; re-reading", source.name
            )
            result, queued = await asyncio.to_thread(
                store_batch, engine, reports, now(), newest is not None, late_after
            )
    except SourceError as error:
        log.warning("poll %s failed: %s", source.name, error)
        return PollOutcome(started, False, f"{source.name}: {error}")
    except SQLAlchemyError as error:
        log.error("poll %s: store failed: %s", source.name, error.__class__.__name__, exc_info=True)
        return PollOutcome(started, False, f"store: {error.__class__.__name__}")
    summary = f"{result.summary()}; {queued} alerts queued"
    log.info("poll %s since %s: %d reports, %s", source.name, since, len(reports), summary)
    return PollOutcome(started, True, summary, result, queued)
