"""The long-running bot: polls the source, queues and delivers alerts, keeps the history that
answers are made from, and says how it is doing (/healthz).

It knows nothing of Slack: `bot.slack.wiring` gives it the sender of queued messages and the
answers to rebuild when the history changes. Without a sender it is a dry run and prints the
alerts it would post. Everything else (settings, database, clock, where dry-run alerts are
printed) is passed in.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

import aiohttp
from sqlalchemy import Engine

from bot.app.alerting import enqueue_digests, enqueue_due_alerts
from bot.app.artifacts import Artifact, chart_artifact, draw_chart
from bot.app.data_tokens import DataTokens
from bot.app.estimates import refresh_fits
from bot.app.file_workers import FileJob, FileWorkers
from bot.app.genstaff import PostReader
from bot.app.history_cache import HistoryCache
from bot.app.poll import PollOutcome, make_sources, merge_outcomes, poll_once
from bot.clock import kyiv_today, utc_now
from bot.core.freshness import Freshness
from bot.core.reports import History
from bot.core.sources import sources_status
from bot.render.alerts import compose_alert
from bot.render.blocks import plain_text
from bot.render.flags import flag_text
from bot.render.wording import EN
from bot.settings import Settings
from bot.sources.http import new_session
from bot.sources.table import BY_KIND
from storage.reports import StoreResult, revision_details

log = logging.getLogger(__name__)
FIRST_RETRY = 10  # seconds: the first retry of a failed poll while the store is empty


class Sender(Protocol):
    """Posts the queued messages that are due (`bot.slack.delivery.Deliverer`)."""

    async def deliver_due(self) -> int: ...


NewHistory = Callable[[History], Awaitable[None]]


class LossesService:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        clock: Callable[[], datetime] = utc_now,
        echo: Callable[[str], None] = print,
        on_new_history: Sequence[NewHistory] = (),  # each new history, in this order
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.clock = clock
        self.echo = echo
        self.on_new_history = list(on_new_history)
        self.cache = HistoryCache(engine)
        self.data_tokens = DataTokens(engine)  # the live data URLs' tokens, remembered briefly
        self.files = FileWorkers()  # charts and CSVs: their own process, never the poll's
        self.sender: Sender | None = None  # None: a dry run, which prints its alerts
        self.last_poll: PollOutcome | None = None
        self.failed_polls = 0  # in a row
        self._http: aiohttp.ClientSession | None = None
        self._refreshing = asyncio.Lock()
        # The General Staff's own posts, read where a dispute stays open (LOSSES_GENSTAFF_URL).
        self.posts = PostReader(settings.genstaff_url) if settings.genstaff_url else None

    async def start(self) -> None:
        self._http = new_session()
        await self.refresh_history()

    async def refresh_history(self) -> None:
        # One refresh at a time (the scheduler's and a poll's), so what is built from a history
        # (the newest report's answers) is always built for the newest.
        async with self._refreshing:
            before = self.cache.current
            try:
                after = await asyncio.to_thread(self.cache.refresh)
            except Exception:  # keep answering from the history we have
                log.exception("could not refresh the history from the store")
                return
            if after is not before:
                for hook in self.on_new_history:
                    await hook(after)

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
        self.files.shutdown()

    async def poll(self) -> tuple[list[tuple[str, PollOutcome]], StoreResult | None]:
        """Poll every source in turn (each a transcription, stored apart) and read the posts of
        the disputes no evidence decided; the history follows what was stored. Each source's
        name and outcome, and what the posts settled. Nothing is delivered here."""
        assert self._http is not None, "start() first"
        sources = make_sources(self.settings, self._http, lambda: kyiv_today(self.clock()))
        order = [source.name for source in sources]
        outcomes = []
        for source in sources:
            outcome = await poll_once(
                source,
                self.engine,
                self.clock,
                self.settings.refetch_days,
                self.settings.stale_after,
                self.cache,
                order,
                self.settings.confirmation,
            )
            outcomes.append((source.name, outcome))
        outcome = merge_outcomes([outcome for _, outcome in outcomes])
        settled = await self.read_posts(order)
        if (outcome.result is not None and outcome.result.changed) or (
            settled is not None and settled.changed
        ):
            await self.refresh_history()
        # Recorded once the history shows what the poll stored: /healthz never reports a poll
        # whose reports the answers cannot see yet.
        self.last_poll = outcome
        self.failed_polls = 0 if outcome.ok else self.failed_polls + 1
        return outcomes, settled

    async def poll_and_deliver(self) -> None:
        """A poll, then the alerts it queued and any that fell due, delivered (a dry run prints
        the new reports' alerts instead)."""
        await self.poll()
        stored = self.last_poll.result if self.last_poll is not None else None
        if self.sender is None and stored is not None and stored.revision_ids:
            await asyncio.to_thread(self._print_alerts, stored.revision_ids)
        await self.queue_due_alerts()
        await self.deliver()

    async def read_posts(self, order: Sequence[str]) -> StoreResult | None:
        """The General Staff's posts of the dates no evidence decided (`bot.app.genstaff`), or
        None where none are read. Never raises: a dispute stays open, and says so."""
        if self.posts is None or self._http is None:
            return None
        try:
            return await self.posts.settle(
                self._http, self.engine, self.cache, self.clock(), self.settings.stale_after,
                order, self.settings.confirmation,
            )  # fmt: skip
        except Exception:
            log.exception("reading the General Staff's posts failed")
            return None

    async def refresh_estimates(self) -> None:
        """The Economist's model, from `LOSSES_ESTIMATES_URL` (daily; nothing when unset)."""
        if not self.settings.estimates_url or self._http is None:
            return
        done = await refresh_fits(
            self._http, self.settings.estimates_url, self.engine, self.clock()
        )
        if done.new or done.restated:
            await self.refresh_history()

    async def queue_due_alerts(self) -> None:
        """Alerts a confirmation's wait has run out on, though no transcription came since."""
        if len(self.settings.sources) < 2:
            return  # every alert is queued with its report
        try:
            await asyncio.to_thread(
                enqueue_due_alerts, self.engine, self.cache.current, self.clock(),
                self.settings.stale_after, self.settings.confirmation,
            )  # fmt: skip
        except Exception:
            log.exception("queueing the alerts that fell due failed")

    async def run_digests(self) -> None:
        """Queue the digests that have fallen due, then deliver them."""
        try:
            queued = await asyncio.to_thread(
                enqueue_digests, self.engine, self.cache.current, self.clock()
            )
        except Exception:
            log.exception("queueing digests failed")
            return
        if queued:
            await self.deliver()

    async def draw_chart(self, text: str) -> Artifact:
        """A digest's chart, from the history in memory, drawn in the file process (never
        refused: a digest is not a burst)."""
        history = self.cache.current
        comparison, keys = chart_artifact(text, history, kyiv_today(self.clock()))
        return await self.files.make(FileJob(draw_chart, history, (comparison, keys)), False)

    async def deliver(self) -> None:
        if self.sender is None:
            return
        try:
            await self.sender.deliver_due()
        except Exception:  # a broken delivery pass must not stop the scheduler
            log.exception("delivery pass failed")

    def _print_alerts(self, revision_ids: list[int]) -> None:
        """The alerts a dry run would post, from the history just refreshed (not loaded again)."""
        with self.engine.connect() as db:
            new = [r for r in revision_details(db, revision_ids) if r.announce and r.kind == "new"]
        history = self.cache.current
        for info in new:
            report = history.on(info.date)
            if report is None:  # the refresh failed (logged): nothing to compose from
                continue
            message = compose_alert(
                history, report, arrived=self.clock(), late_after=self.settings.stale_after
            )
            self.echo(f"[dry run] would post:\n{plain_text(message)}\n")

    def retry_delay(self) -> float | None:
        """Seconds until the poll should be tried again, sooner than its interval: while the
        store is empty and the polls fail, 10 s doubling up to the interval. None otherwise."""
        if self.failed_polls == 0 or self.cache.current.latest is not None:
            return None
        return min(FIRST_RETRY * 2 ** (self.failed_polls - 1), self.settings.poll_interval)

    def problems(self) -> list[str]:
        """What an operator must look at: an empty store, a stale newest report, failed polls."""
        found = []
        latest = self.cache.current.latest
        if latest is None:
            found.append("the store holds no reports: run `losses-bot import` or wait for a poll")
        else:
            stale = Freshness(self.clock(), self.settings.stale_after).stale_flag(latest)
            if stale is not None:
                found.append(flag_text(stale, EN))
        poll = self.last_poll
        if poll is not None and not poll.ok:
            polls = "poll" if self.failed_polls == 1 else f"{self.failed_polls} polls"
            found.append(f"the last {polls} failed: {poll.message}")
        if poll is not None and poll.rejected:
            found.append(
                f"the last poll skipped {len(poll.rejected)} bad "
                f"{'record' if len(poll.rejected) == 1 else 'records'}: {poll.rejected[0]}"
            )
        if poll is not None and poll.held_back:
            found.append(
                f"the last poll held back {len(poll.held_back)} report(s): {poll.held_back[0]}"
            )
        return found

    def source_problems(self) -> list[str]:
        """Sources that fail or lag while another serves: for /healthz, not /readyz."""
        poll = self.last_poll
        found = [f"a source failed: {reason}" for reason in (poll.failed if poll else ())]
        if len(self.settings.sources) < 2:
            return found
        names = [BY_KIND[kind].name for kind, _ in self.settings.sources]
        margin = Freshness(self.clock(), self.settings.stale_after)
        for status in sources_status(self.cache.current, names):
            if status.newest is None:
                found.append(f"{status.name} has given no report yet")
            elif margin.stale_flag(status.newest) is not None:
                found.append(
                    f"{status.name} has no report newer than {status.newest.date.isoformat()}"
                )
        return found

    def health(self) -> dict[str, Any]:
        latest = self.cache.current.latest
        poll = self.last_poll
        problems = self.problems()
        lagging = self.source_problems() if self.cache.current.latest is not None else []
        return {
            "ok": not problems and not lagging,
            "ready": not problems,  # /readyz: a store that answers, while one source is fresh
            "problems": problems + lagging,
            "newest_report": None if latest is None else latest.date.isoformat(),
            "newest_day": None if latest is None else latest.day,
            "last_poll": None
            if poll is None
            else {
                "at": poll.at.isoformat(),
                "ok": poll.ok,
                "message": poll.message,
                "failed_in_a_row": self.failed_polls,
                "rejected_records": len(poll.rejected),
                "held_back": list(poll.held_back),
            },
        }
