"""APScheduler (3.x, `AsyncIOScheduler`) running the poll and the alert delivery.

The poll runs every `LOSSES_POLL_INTERVAL` seconds with a little jitter, so several deployments
do not hit the source in step; coalesced, one run at a time, and once right at start. Delivery
runs every few seconds, so a 429's `Retry-After` or a backoff is honoured promptly; the
in-memory history is refreshed every couple of seconds, to see reports other processes stored.
Digests are checked every minute; a period whose time has passed is queued once, even late.
With `LOSSES_ESTIMATES_URL` set, The Economist's model is read at start and every six hours.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.app.history_cache import REFRESH_SECONDS
from bot.app.service import LossesService
from bot.clock import utc_now

log = logging.getLogger(__name__)
DELIVERY_INTERVAL = 5  # seconds
DIGEST_CHECK_INTERVAL = 60  # a digest goes out within a minute of 09:00
ESTIMATES_INTERVAL = 6 * 3600  # The Economist's files change daily: four looks a day suffice


def _ends_quietly(job: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    """A job that is cancelled because the process stops (SIGTERM mid-poll) ends there: the
    poll and the outbox are transactional, so nothing is half done, and APScheduler would
    otherwise log the cancellation as a traceback."""

    async def run() -> None:
        try:
            await job()
        except asyncio.CancelledError:
            log.info("%s stopped with the process", getattr(job, "__name__", "a job"))

    run.__name__ = getattr(job, "__name__", "job")
    return run


def build_scheduler(service: LossesService, poll_interval: int) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC")

    async def poll() -> None:
        """A poll; while the store is empty and polls fail, another one soon (10 s, 20 s, ...)
        rather than after the full interval."""
        await service.poll_and_deliver()
        delay = service.retry_delay()
        if delay is not None:
            scheduler.add_job(
                _ends_quietly(poll),
                DateTrigger(utc_now() + timedelta(seconds=delay)),
                id="poll-retry",
                replace_existing=True,
            )

    scheduler.add_job(
        _ends_quietly(poll),
        IntervalTrigger(seconds=poll_interval, jitter=poll_interval // 10 or None),
        id="poll",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=poll_interval,
        next_run_time=utc_now(),
    )
    periodic = (
        (service.deliver, min(DELIVERY_INTERVAL, poll_interval), "deliver"),
        (service.run_digests, min(DIGEST_CHECK_INTERVAL, poll_interval), "digests"),
        (service.refresh_history, REFRESH_SECONDS, "refresh-history"),
    )
    if service.settings.estimates_url:  # The Economist refits its model once a day: at start too
        scheduler.add_job(
            _ends_quietly(service.refresh_estimates),
            IntervalTrigger(seconds=ESTIMATES_INTERVAL),
            id="estimates",
            coalesce=True,
            max_instances=1,
            next_run_time=utc_now(),
        )
    for job, seconds, name in periodic:
        scheduler.add_job(
            _ends_quietly(job),
            IntervalTrigger(seconds=seconds),
            id=name,
            coalesce=True,
            max_instances=1,
        )
    return scheduler
