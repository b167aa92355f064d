"""One poll of the configured source: fetch what is new (and re-read the last few days, which
sources restate), store it in one transaction, and report the outcome.

A failing source or store never raises out of `poll_once`, whatever it raises: the outcome says
what went wrong, the log has the reason, and the next poll simply tries again. Records the source
got wrong are skipped (`rejected`), and reports whose figures jump implausibly are held back
(`held_back`): neither is stored or alerted, both are counted on /healthz.
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

from bot.app.alerting import enqueue_alerts
from bot.app.history_cache import HistoryCache
from bot.clock import kyiv_today
from bot.core.confirmation import SINGLE_SOURCE, Confirmation
from bot.core.freshness import DEFAULT_MARGIN
from bot.core.plausibility import implausible
from bot.core.reports import Report
from bot.settings import Settings
from bot.sources.base import Source, SourceError
from bot.sources.http import HttpSource
from bot.sources.table import source
from storage.history import load_history, newest_report_date, store_version
from storage.reports import StoreResult
from storage.transcriptions import newest_transcribed, store_transcribed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollOutcome:
    at: datetime
    ok: bool
    message: str
    result: StoreResult | None = None
    queued: int = 0  # alert messages queued for Slack
    rejected: tuple[str, ...] = ()  # records skipped, with the reasons
    held_back: tuple[str, ...] = ()  # reports not stored: their figures jump implausibly
    failed: tuple[str, ...] = ()  # of several sources, those that could not be read, and why


def make_sources(
    settings: Settings, session: aiohttp.ClientSession, today: Callable[[], date] = kyiv_today
) -> list[HttpSource]:
    """The sources to poll, in order of preference (`LOSSES_SOURCES`)."""
    return [source(kind).load().CLIENT(session, url, today) for kind, url in settings.sources]


def store_batch(
    engine: Engine,
    reports: Sequence[Report],
    fetched_at: datetime,
    announce: bool,
    late_after: timedelta = DEFAULT_MARGIN,
    cache: HistoryCache | None = None,
    order: Sequence[str] = (),
    policy: Confirmation = SINGLE_SOURCE,
) -> tuple[StoreResult, int]:
    """Store reports and queue their alerts in one transaction: all of it or, on error, none.
    What changed is read back once, in that transaction: the alerts are composed from it and
    `cache` adopts it once committed, so a new report loads the history once, not twice."""
    with engine.begin() as db:
        result = store_transcribed(db, reports, fetched_at, announce, order)
        if not result.changed:
            return result, 0
        history, version = load_history(db), store_version(db)
        queued = enqueue_alerts(db, history, result.revision_ids, fetched_at, late_after, policy)
    if cache is not None:
        cache.adopt(history, version)
    return result, queued


def _newest(engine: Engine, name: str | None = None) -> date | None:
    """The newest stored report, or the newest `name` gave."""
    with engine.connect() as db:
        return newest_report_date(db) if name is None else newest_transcribed(db, name)


async def _since(
    name: str, engine: Engine, today: date, refetch_days: int
) -> tuple[date | None, date | None]:
    """The store's newest report, and the date a source is read from: its own newest report
    (one that lagged has every missed one read), less the days sources restate."""
    newest = await asyncio.to_thread(_newest, engine)
    own = await asyncio.to_thread(_newest, engine, name) if newest else None
    if newest is not None and newest > today:
        # A report dated in the future, stored before sources were checked for it: asking only
        # for reports after it would never fetch the real ones again.
        log.error("poll %s: the newest stored report is dated %s, in the future; "
                  "polling from today instead", name, newest)  # fmt: skip
        newest = today
    start = min(own or newest, newest) if newest is not None else None
    return newest, start - timedelta(days=refetch_days) if start is not None else None


async def poll_once(
    source: Source,
    engine: Engine,
    now: Callable[[], datetime],
    refetch_days: int,
    late_after: timedelta = DEFAULT_MARGIN,
    cache: HistoryCache | None = None,
    order: Sequence[str] = (),
    policy: Confirmation = SINGLE_SOURCE,
) -> PollOutcome:
    """One poll of one source. The history in `cache` (what the store holds, as far as the
    caller knows) is what a new report's figures are judged plausible against; it adopts what
    the poll stored. `order`: the transcriptions' order of preference, for a tie."""
    history = cache.current if cache is not None else None
    started = now()
    since: date | None = None
    held: dict[date, str] = {}
    try:
        newest, since = await _since(source.name, engine, kyiv_today(now()), refetch_days)
        fetched = await source.fetch(since)
        held = implausible(fetched, history) if history is not None and newest else {}
        for reason in held.values():
            log.error("poll %s: held back, not stored: %s", source.name, reason)
        reports = [r for r in fetched if r.date not in held]

        # An empty store is being backfilled: that history is not news and never alerts.
        def store() -> tuple[StoreResult, int]:
            announce = newest is not None
            return store_batch(engine, reports, now(), announce, late_after, cache, order, policy)

        try:
            result, queued = await asyncio.to_thread(store)
        except IntegrityError:
            # Another process stored the same report a moment earlier (and queued its alerts).
            # Storing again now finds it held and changes nothing.
            log.warning(
                "poll %s: another process stored these reports first; re-reading", source.name
            )
            result, queued = await asyncio.to_thread(store)
    except SourceError as error:
        log.warning("poll %s failed: %s", source.name, error)
        return PollOutcome(started, False, f"{source.name}: {error}")
    except SQLAlchemyError as error:
        log.error("poll %s: store failed: %s", source.name, error.__class__.__name__, exc_info=True)
        return PollOutcome(started, False, f"store: {error.__class__.__name__}")
    except Exception as error:  # whatever a source or a database does, the poller goes on
        log.exception("poll %s failed", source.name)
        return PollOutcome(started, False, f"poll: {error.__class__.__name__}")
    rejected = tuple(getattr(source, "rejected", ()))
    summary = f"{result.summary()}; {queued} alerts queued"
    if rejected:
        summary += f"; {len(rejected)} records skipped"
    if held:
        summary += f"; {len(held)} reports held back"
    log.info("poll %s since %s: %d reports, %s", source.name, since, len(reports), summary)
    return PollOutcome(started, True, summary, result, queued, rejected, tuple(held.values()))


def merge_outcomes(outcomes: Sequence[PollOutcome]) -> PollOutcome:
    """One poll of every source, as one outcome: ok only if every source was read."""
    if len(outcomes) == 1:
        return outcomes[0]
    result = StoreResult()
    for outcome in outcomes:
        if outcome.result is not None:
            result += outcome.result
    return PollOutcome(
        outcomes[0].at,
        any(o.ok for o in outcomes),  # one source read: the poll did its job
        "; ".join(o.message for o in outcomes),
        result if any(o.result is not None for o in outcomes) else None,
        sum(o.queued for o in outcomes),
        tuple(r for o in outcomes for r in o.rejected),
        tuple(h for o in outcomes for h in o.held_back),
        tuple(o.message for o in outcomes if not o.ok),
    )
