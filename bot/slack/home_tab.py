"""What the App Home does, at the edges: reads the workspace's channels and digests (in a
worker thread), publishes the tab (`views.publish`), stores a subscription from its form, and
sends a chart or a CSV to the user's Messages tab with the app. The views are `bot.slack.home`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.answers import Reply, file_reply
from bot.core.query.commands import Chart, Export, Subscribe
from bot.core.series import recent_period
from bot.core.sources import sources_status
from bot.render.blocks import SlackMessage
from bot.render.sources import source_lines
from bot.slack.client import error_code
from bot.slack.handlers import (
    BUSY,
    CommandContext,
    CommandDeps,
    manage_channel,
)
from bot.slack.home import home_view, subscribed
from bot.slack.uploads import post_file
from storage.channels import ChannelSettings, team_digests
from storage.subscriptions import SubscriptionStatus, team_subscriptions

log = logging.getLogger(__name__)


class HomeTab:
    def __init__(self, deps: CommandDeps) -> None:
        self.deps = deps

    def _workspace(self, team_id: str) -> tuple[list[SubscriptionStatus], list[ChannelSettings]]:
        with self.deps.engine.connect() as db:
            return team_subscriptions(db, team_id), team_digests(db, team_id)

    def _latest(self, team_id: str) -> SlackMessage | None:
        history = self.deps.cache.current.for_team(team_id)
        if history.latest is None:
            return None
        today, freshness = self.deps.moment()
        reply = self.deps.answers.reply(history, "", today, freshness)
        return reply.message if isinstance(reply, Reply) else None

    async def publish(
        self, client: AsyncWebClient, team_id: str, user_id: str, notice: str = ""
    ) -> None:
        """The user's Home tab, as the workspace stands now."""
        try:
            channels, digests = await asyncio.to_thread(self._workspace, team_id)
            sources = source_lines(sources_status(self.deps.cache.current))
            view = home_view(self._latest(team_id), channels, digests, notice, sources)
            await client.views_publish(user_id=user_id, view=view)
        except SlackApiError as error:
            log.warning("could not publish the Home tab of %s: %s", user_id, error_code(error))
        except Exception:
            log.exception("building the Home tab failed")

    async def subscribe(
        self, values: dict[str, Any], team_id: str, user_id: str, enterprise_id: str | None
    ) -> str | None:
        """Store what the form asks for; the sentence to show, or None: no channel chosen."""
        channel, categories = subscribed(values, self.deps.cache.current.keys)
        if not channel:
            return None
        ctx = CommandContext("subscribe", team_id, channel, user_id, enterprise_id=enterprise_id)
        reply = await asyncio.to_thread(manage_channel, Subscribe(categories), ctx, self.deps)
        return reply.message.text

    async def send_file(
        self, client: AsyncWebClient, team_id: str, user_id: str, chart: bool
    ) -> None:
        """The chart of the last 30 days' personnel losses, or the CSV of every report, to the
        user's Messages tab with the app (from the Home tab there is no channel)."""
        try:
            opened = await client.conversations_open(users=user_id)
            channel = str(opened["channel"]["id"])
        except (SlackApiError, KeyError, TypeError) as error:
            log.warning("could not open a conversation with %s: %s", user_id, error)
            why = error_code(error) if isinstance(error, SlackApiError) else "no conversation"
            notice = (
                f"I could not send you the file ({why}). If it says `missing_scope`, reinstall "
                "the app: sending files here needs the `im:write` permission."
            )
            await self.publish(client, team_id, user_id, notice)
            return

        async def tell(text: str, **_: Any) -> None:
            try:
                await client.chat_postMessage(channel=channel, text=text)
            except SlackApiError as error:
                log.warning("could not tell %s: %s", user_id, error_code(error))

        history, today = self.deps.cache.current.for_team(team_id), self.deps.today()
        latest = history.latest.date if history.latest is not None else today
        wanted = Chart(recent_period(history, latest)) if chart else Export("")
        reply = file_reply(wanted, history, today)
        if reply.upload is None:
            await tell(reply.message.text)
        elif not self.deps.files.admit():
            await tell(BUSY)
        else:
            await post_file(client, channel, reply.upload, tell, self.deps.files)
