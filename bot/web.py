"""The HTTP side of `serve` (aiohttp): Slack's requests at `/slack/events`, `/healthz` and
`/readyz`.

aiohttp because Bolt's async app and slack-sdk's client already run on it; one event loop then
serves Slack, runs the scheduler and polls the source. A request to `/slack/events` goes to
`bot.slack.dispatch`, where every check a Slack request passes is made, in order.
"""

from __future__ import annotations

import json
import logging
import time
from wsgiref.handlers import format_date_time

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.app.live_data import MAX_AGE, SHAPES, LiveData
from bot.app.service import LossesService
from bot.clock import kyiv_today
from bot.core.answer import Unanswerable
from bot.core.query.grammar import UsageError
from bot.render.flags import said
from bot.slack.dispatch import dispatch
from storage.installations import STATE_SECONDS, TooManyInstalls

log = logging.getLogger(__name__)
MAX_PERIOD = 200  # characters of a data link's `period`: far above any period typed


class MalformedRequests(logging.Filter):
    """A request aiohttp cannot parse (a header over 8 KB, a TLS hello on the HTTP port) is
    anyone's on the internet: answered 400 by aiohttp, and logged as one line with the reason,
    never a traceback with our file paths."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            reason = " ".join(str(getattr(error, "message", "") or type(error).__name__).split())
            record.msg, record.args = "refused a malformed request: %s", (reason[:120],)
            record.exc_info, record.exc_text, record.levelno = None, None, logging.INFO
            record.levelname = "INFO"
        return True


logging.getLogger("aiohttp.server").addFilter(MalformedRequests())

MAX_REQUEST_BYTES = 256 * 1024  # Slack's requests are a few kB; aiohttp answers 413 beyond


def build_web_app(service: LossesService, bolt: AsyncApp | None) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    _live_data(app, service)
    _health(app, service)
    if bolt is not None:
        _slack(app, service, bolt)
    return app


def _live_data(app: web.Application, service: LossesService) -> None:
    """The live data URL: `/data/{token}/losses.csv` (or `.json`), `?shape=long`, `?comment=0`
    (no attribution line above the CSV header), `?period=since 2022-11-01` (any period, and
    categories, `/losses export` reads)."""
    tokens, live = service.data_tokens, LiveData()

    async def data(request: web.Request) -> web.StreamResponse:
        fmt, shape = request.match_info["fmt"], request.query.get("shape", "wide")
        token = request.match_info["token"]
        if shape not in SHAPES or len(token) > 100 or await tokens.team(token) is None:
            return web.Response(status=404, text="no such data link")
        period = request.query.get("period", "")[:MAX_PERIOD]
        comment = request.query.get("comment") != "0"
        try:
            file = live.file(service.cache.current, fmt, shape, comment, period,
                             kyiv_today(service.clock()))  # fmt: skip
        except (UsageError, Unanswerable) as error:  # a period it cannot read: say why
            return web.Response(status=400, text=said(error))
        headers = {
            "ETag": file.etag,
            "Last-Modified": format_date_time(live.since.timestamp()),
            "Cache-Control": f"max-age={MAX_AGE}",
            "Access-Control-Allow-Origin": "*",  # charting tools read it from the browser
        }
        if file.etag in request.headers.get("If-None-Match", "") or (
            "If-None-Match" not in request.headers
            and request.if_modified_since is not None
            and request.if_modified_since >= live.since
        ):
            return web.Response(status=304, headers=headers)
        return web.Response(body=file.body, headers={**headers, "Content-Type": file.content_type})

    app.router.add_get(r"/data/{token}/losses.{fmt:csv|json}", data)


def _health(app: web.Application, service: LossesService) -> None:
    async def healthz(_request: web.Request) -> web.Response:
        """200 while the process is up; the JSON says whether all is well (`ok`, `problems`)."""
        return web.json_response(service.health(), dumps=json.dumps)

    async def readyz(_request: web.Request) -> web.Response:
        """For uptime monitors: 503 when the store is empty, stale, or every source fails; one
        source lagging or failing while another serves is on /healthz only."""
        health = service.health()
        return web.json_response(health, status=200 if health["ready"] else 503, dumps=json.dumps)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)


def _slack(app: web.Application, service: LossesService, bolt: AsyncApp) -> None:
    """Slack's requests, every one checked in `bot.slack.dispatch`; with OAuth, the "Add to
    Slack" page and the install's return."""
    secret = (service.settings.slack_signing_secret or "").encode()

    async def slack_events(request: web.Request) -> web.Response:
        body = await request.read()  # within MAX_REQUEST_BYTES, or aiohttp answered 413
        response = await dispatch(bolt, secret, body, request.headers, request.query_string,
                                  service.engine, service.clock, time.time())  # fmt: skip
        return await to_aiohttp_response(response)

    app.router.add_post("/slack/events", slack_events)
    flow = bolt.oauth_flow
    if flow is None:
        return

    async def install(request: web.Request) -> web.Response:
        try:
            response = await flow.handle_installation(await to_bolt_request(request))
        except TooManyInstalls as error:
            log.warning("install page refused: %s", error)
            return web.Response(
                status=429,
                text="Too many installs are in progress; please try again in ten minutes.",
                headers={"Retry-After": str(STATE_SECONDS)},
            )
        return await to_aiohttp_response(response)

    async def oauth_redirect(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    app.router.add_get(flow.install_path, install)
    app.router.add_get(flow.redirect_uri_path, oauth_redirect)
