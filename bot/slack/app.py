"""The Bolt app (slack-bolt `AsyncApp`): the `/losses` listener and nothing else.

The listener stays short: build the context, get the reply from `bot.slack.handlers`, ack with
it. Slash commands are answered in the acknowledgement itself (ephemeral, or in the channel
with `public`), well inside Slack's 3 seconds: the answer comes from memory in about a
millisecond. Bolt checks each request's signature and timestamp and answers 401 to a bad one.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.handlers import CommandContext, CommandDeps, printable, reply_to_command
from bot.slack.uploads import post_file

log = logging.getLogger(__name__)


def build_bolt_app(client: AsyncWebClient, signing_secret: str, deps: CommandDeps) -> AsyncApp:
    # process_before_response: the listener does all its work before it acks, so Bolt can answer
    # as soon as it returns instead of polling for the ack every 10 ms.
    # Bolt's own logger, quiet below WARNING: on a bad signature Bolt logs the whole request
    # body at INFO, with the verification token and the response_url that can post to a channel.
    bolt_log = logging.getLogger("bot.slack.bolt")
    bolt_log.setLevel(logging.WARNING)
    app = AsyncApp(
        client=client, signing_secret=signing_secret, logger=bolt_log, process_before_response=True
    )

    background: set[asyncio.Task[None]] = set()  # uploads running after their acks

    @app.command("/losses")
    async def losses(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        ctx = CommandContext(
            text=command.get("text", ""),
            team_id=command.get("team_id", ""),
            channel_id=command.get("channel_id", ""),
            user_id=command.get("user_id", ""),
            trigger_id=command.get("trigger_id", ""),
        )
        reply = await reply_to_command(ctx, deps)
        await ack(**reply.ack_args())
        log.info("/losses %s in %s: %s", printable(ctx.text), ctx.channel_id,
                 printable(reply.message.text[:80]))  # fmt: skip
        if reply.upload is not None:
            task = asyncio.create_task(
                post_file(client, ctx.channel_id, reply.upload, respond, deps.files)
            )
            background.add(task)
            task.add_done_callback(background.discard)

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("Bolt error for %s: %s", body.get("command") or body.get("type"), error)

    return app
