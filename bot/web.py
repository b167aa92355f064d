"""The HTTP side of `serve` (aiohttp): Slack's requests at `/slack/events`, `/healthz` and
`/readyz`.

aiohttp because Bolt's async app and slack-sdk's client already run on it; one event loop then
serves Slack, runs the scheduler and polls the source.
"""

from __future__ import annotations

import json

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.service import LossesService


def build_web_app(service: LossesService, bolt: AsyncApp | None) -> web.Application:
    app = web.Application()

    async def healthz(_request: web.Request) -> web.Response:
        """200 while the process is up; the JSON says whether all is well (`ok`, `problems`)."""
        return web.json_response(service.health(), dumps=json.dumps)

    async def readyz(_request: web.Request) -> web.Response:
        """For uptime monitors: 503 when the store is empty, stale, or the polls fail."""
        health = service.health()
        return web.json_response(health, status=200 if health["ok"] else 503, dumps=json.dumps)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    if bolt is not None:

        async def slack_events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await bolt.async_dispatch(await to_bolt_request(request))
            )

        app.router.add_post("/slack/events", slack_events)
    return app
