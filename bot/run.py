"""Running the bot: `serve` (HTTP for Slack and /healthz, plus the scheduler) and `worker`
(the scheduler alone, for a separate Procfile process). Stops cleanly on SIGTERM (Heroku) and
SIGINT."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from aiohttp import web

from bot.app.scheduler import build_scheduler
from bot.core.reports import History
from bot.settings import Settings
from bot.slack.app import build_bolt_app
from bot.slack.client import make_client
from bot.slack.wiring import slack_service
from bot.sources.dataset import FILES
from bot.sources.http import redact_url
from bot.sources.table import source
from bot.web import build_web_app
from storage.db import DB_THREADS, ensure_schema, make_engine, sqlite_path

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
    from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.app.newsdesk import Newsdesk
    from bot.app.service import LossesService

log = logging.getLogger("losses_bot")


async def run(settings: Settings, *, serve_http: bool) -> None:
    # Every database call runs in a worker thread (`asyncio.to_thread`), never on the loop; as
    # many threads as the pool has connections, whatever the host's CPU count.
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(DB_THREADS, thread_name_prefix="db"))
    engine = make_engine(settings.database_url)
    await asyncio.to_thread(ensure_schema, engine)
    slack = None if settings.dry_run else make_client(settings)
    oauth = clients = None
    if settings.oauth and slack is not None:
        from bot.slack.installations import Installed, oauth_settings

        oauth = oauth_settings(settings, engine)
        assert settings.slack_client_id and settings.slack_client_secret
        clients = Installed(
            oauth.installation_store,
            slack.base_url,
            settings.slack_client_id,
            settings.slack_client_secret,
        )
    service, desk = slack_service(
        settings, engine, slack, clients=clients, on_new_history=[settled_heap]
    )
    await service.start()
    path = sqlite_path(engine)
    if path is not None:
        log.info("store: SQLite file %s", path)
    polled = ", ".join(redact_url(url) for _, url in settings.sources)
    if service.cache.current.latest is None:
        log.warning(
            "the store is empty: fill it with `losses-bot import ../shared/data` (a local copy of "
            "the dataset's data folder) or `losses-bot import %s/%s` (and the other files); "
            "polling %s meanwhile, retrying from 10 s",
            source("dataset").url,
            FILES[0],
            polled,
        )
    if settings.dry_run:
        log.warning("no Slack credentials: dry run, polling and printing the alerts it would post")
    scheduler = build_scheduler(service, settings.poll_interval)
    scheduler.start()
    log.info("polling %s every %ds", polled, settings.poll_interval)
    runner: web.AppRunner | None = None
    socket_mode = None
    try:
        if serve_http:
            runner, socket_mode = await _serve(settings, service, desk, slack, oauth)
        await _until_stopped()
    finally:
        log.info("stopping")
        scheduler.shutdown(wait=False)
        if socket_mode is not None:
            await socket_mode.close_async()
        if runner is not None:
            await runner.cleanup()
        await service.close()
        engine.dispose()


async def _serve(
    settings: Settings,
    service: LossesService,
    desk: Newsdesk,
    slack: AsyncWebClient | None,
    oauth: AsyncOAuthSettings | None,
) -> tuple[web.AppRunner, AsyncSocketModeHandler | None]:
    """The HTTP side (Slack's requests, health, live data) and, if asked, Socket Mode."""
    bolt = None
    if slack is not None:
        bolt = build_bolt_app(slack, settings.slack_signing_secret or "", desk, oauth)
    over_http = bolt if settings.slack_signing_secret else None
    runner = web.AppRunner(build_web_app(service, over_http), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", settings.port).start()
    log.info(
        "listening on port %d (Slack at /slack/events, health at /healthz%s)",
        settings.port,
        ", installs at /slack/install" if oauth is not None else "",
    )
    if not settings.socket_mode or bolt is None:
        return runner, None
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    socket_mode = AsyncSocketModeHandler(bolt, settings.slack_app_token)
    await socket_mode.connect_async()
    log.info("connected to Slack over Socket Mode")
    return runner, socket_mode


async def settled_heap(_history: History) -> None:
    """After each new history and its answers are built (`slack_service`'s hook)."""
    settle_heap()


def settle_heap() -> None:
    """Called once a new history and the newest report's answers are built; they live until the
    next one. Everything is collected once, and what is left frozen out of the cyclic GC's
    scans (`gc.freeze`): otherwise each full collection walks every object of the history,
    about 50 ms over the full one with every request waiting. A replaced history is freed by
    reference counting (it holds no cycles: tested); what was frozen last time and has become
    garbage since is unfrozen and collected here (one pause of that length per new history)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
