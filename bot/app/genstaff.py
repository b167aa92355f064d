"""Reading the General Staff's own post where a dispute stays open, politely.

Only a date whose transcriptions disagree with no evidence deciding (`undecided`) is read, newest
first, at most `PER_POLL` dates a poll, each once per process: one request, with the bot's
User-Agent (`bot.sources.http`), never retried; a post that does not parse stores nothing and is
logged once. A post that is read is stored as a transcription (`genstaff`) through the poll's own
path (`store_batch`), so the decision it makes (`primary`) corrects an alert like any other.
Imports never read posts: `serve`, `worker` and `poll` do, where `LOSSES_GENSTAFF_URL` is set.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import aiohttp
from sqlalchemy import Engine

from bot.app.history_cache import HistoryCache
from bot.app.poll import store_batch
from bot.core.confirmation import Confirmation, undecided_figures
from bot.core.reports import History, Report
from bot.sources import genstaff
from bot.sources.base import SourceError
from bot.sources.http import get_bytes, redact_url
from storage.reports import StoreResult

log = logging.getLogger(__name__)
PER_POLL = 3  # dates read a poll at most: a dispute waits minutes, the General Staff no storm


class PostReader:
    """The posts of undecided dates, read once each (`tried` is kept for the process)."""

    def __init__(self, template: str, per_poll: int = PER_POLL) -> None:
        self.template = template
        self.per_poll = per_poll
        self.tried: set[date] = set()

    def due(self, history: History) -> list[Report]:
        """The reports whose disputes no evidence decided and whose post was not read yet."""
        found = [
            report
            for report in reversed(history.reports)
            if undecided_figures(report)
            and genstaff.NAME not in report.transcriptions
            and report.date not in self.tried
        ]
        return found[: self.per_poll]

    async def read(self, session: aiohttp.ClientSession, report: Report) -> Report | None:
        """The post of `report`'s date, or None (logged once: the date is not tried again)."""
        self.tried.add(report.date)
        url = genstaff.post_url(self.template, report.date, report.url)
        if url is None:
            log.info("no link to read the General Staff's post of %s from", report.date)
            return None
        try:
            page = (await get_bytes(session, url)).decode("utf-8", errors="replace")
            return genstaff.parse_post(page, report.date, redact_url(url), url)
        except SourceError as error:
            log.warning("the General Staff's post of %s was not read: %s", report.date, error)
            return None

    async def settle(
        self,
        session: aiohttp.ClientSession,
        engine: Engine,
        cache: HistoryCache,
        now: datetime,
        late_after: timedelta,
        order: Sequence[str],
        policy: Confirmation,
    ) -> StoreResult | None:
        """Read the posts due and store what they give; None when nothing was read."""
        posts = [p for p in [await self.read(session, r) for r in self.due(cache.current)] if p]
        if not posts:
            return None
        result, _queued = await asyncio.to_thread(
            store_batch, engine, posts, now, True, late_after, cache, order, policy
        )
        log.info("the General Staff's posts of %s: %s", [p.date.isoformat() for p in posts],
                 result.summary())  # fmt: skip
        return result
