"""The baseline for bench/slash_command.py: the same Bolt app, server and signature checks, with
a `/losses` listener that only acknowledges, with the payload losses-bot answered the same
question with (NOOP_REPLY: a JSON file of the ack's body), so the two send the same bytes.
PORT, SLACK_API_URL, SLACK_SIGNING_SECRET from the environment."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


async def main() -> None:
    client = AsyncWebClient(token="xoxb-bench", base_url=os.environ["SLACK_API_URL"])
    bolt = AsyncApp(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=True,  # as losses-bot's app
    )

    reply = (
        json.loads(Path(os.environ["NOOP_REPLY"]).read_text())
        if "NOOP_REPLY" in os.environ
        else {"text": "ok"}
    )

    @bolt.command("/losses")
    async def losses(ack: AsyncAck) -> None:
        await ack(**reply)

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", events)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", int(os.environ["PORT"])).start()
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
