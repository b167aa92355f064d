"""The HTTP side of `serve` (aiohttp): Slack's requests at `/slack/events`, `/healthz` and
`/readyz`.

aiohttp because Bolt's async app and slack-sdk's client already run on it; one event loop then
serves Slack, runs the scheduler and polls the source. A request to `/slack/events` is checked
against its signature here, on the raw bytes, before Bolt (or anything) parses it; no answer
is a 500 (a listener's failure is 503, which Slack retries).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Mapping
from wsgiref.handlers import format_date_time

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest

from bot.app.live_data import MAX_AGE, SHAPES, LiveData
from bot.app.service import LossesService
from bot.slack.dispatch import dispatch
from storage.installations import STATE_SECONDS, TooManyInstalls

log = logging.getLogger(__name__)


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
SIGNATURE_SECONDS = 300  # Slack's own bound on a request's age: older ones may be replays
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def signed(secret: bytes, body: bytes, headers: Mapping[str, str], now: float) -> bool:
    """Slack's request signature, checked on the raw bytes before anything parses them: a body
    nested thousands deep, not UTF-8, or a header that is not ASCII is refused like any forgery.
    (Bolt checks only after parsing the body, so its own check is turned off.)"""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return False
    if abs(now - int(timestamp)) > SIGNATURE_SECONDS or not secret:
        return False
    expected = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest(f"v0={expected.hexdigest()}", signature)


def build_web_app(service: LossesService, bolt: AsyncApp | None) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    tokens, live = service.data_tokens, LiveData()

    async def data(request: web.Request) -> web.StreamResponse:
        """The live data URL: `/data/{token}/losses.csv` (or `.json`), `?shape=long`,
        `?comment=0` (no attribution line above the CSV header)."""
        fmt, shape = request.match_info["fmt"], request.query.get("shape", "wide")
        token = request.match_info["token"]
        if shape not in SHAPES or len(token) > 100 or await tokens.team(token) is None:
            return web.Response(status=404, text="no such data link")
        file = live.file(service.cache.current, fmt, shape, request.query.get("comment") != "0")
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
    if bolt is not None:
        secret = (service.settings.slack_signing_secret or "").encode()

        async def slack_events(request: web.Request) -> web.Response:
            body = await request.read()  # within MAX_REQUEST_BYTES, or aiohttp answered 413
            if not signed(secret, body, request.headers, time.time()):  # Slack's time, not ours
                return web.Response(status=401, text="invalid request")
            try:
                text = body.decode("utf-8")
                bolt_request = AsyncBoltRequest(
                    body=text,
                    query=request.query_string,
                    headers=request.headers,  # type: ignore[arg-type]
                )
                response = await dispatch(bolt, bolt_request, service.engine, service.clock)
            except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as error:
                # A signed payload Bolt cannot parse or route (a view without a type, say):
                # refused in one log line, not a 500 with a traceback.
                log.warning("a Slack request Bolt could not read: %s", type(error).__name__)
                return web.Response(status=400, text="unreadable payload")
            if response.status >= 500:
                # A listener failed (logged with its traceback): Slack retries on any error,
                # and "try again" is what is meant.
                return web.Response(status=503, text="try again")
            return await to_aiohttp_response(response)

        app.router.add_post("/slack/events", slack_events)
        flow = bolt.oauth_flow
        if flow is not None:  # OAuth: the "Add to Slack" page and the install's return

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
                return await to_aiohttp_response(
                    await flow.handle_callback(await to_bolt_request(request))
                )

            app.router.add_get(flow.install_path, install)
            app.router.add_get(flow.redirect_uri_path, oauth_redirect)
    return app
