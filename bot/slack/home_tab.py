"""The App Home at Slack's edge: publishes the tab the front door builds (`views.publish`),
passes on a subscription from its form, and sends a chart or a CSV to the user's Messages tab
with the app (from the Home tab there is no channel)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.newsdesk import Newsdesk
from bot.app.outcome import Who
from bot.core.query.commands import Subscribe
from bot.render.home import subscribed
from bot.slack.client import error_code
from bot.slack.uploads import post_file

log = logging.getLogger(__name__)


class HomeTab:
    def __init__(self, desk: Newsdesk) -> None:
        self.desk = desk

    async def publish(
        self, client: AsyncWebClient, team_id: str, user_id: str, notice: str = ""
    ) -> None:
        """The user's Home tab, as the workspace stands now."""
        try:
            view = await self.desk.home(team_id, notice)
            await client.views_publish(user_id=user_id, view=view)
        except SlackApiError as error:
            log.warning("could not publish the Home tab of %s: %s", user_id, error_code(error))
        except Exception:
            log.exception("building the Home tab failed")

    async def subscribe(
        self, values: dict[str, Any], team_id: str, user_id: str, enterprise_id: str | None
    ) -> str | None:
        """Store what the form asks for; the sentence to show, or None: no channel chosen."""
        channel, categories = subscribed(values, self.desk.cache.current.keys)
        if not channel:
            return None
        who = Who(team_id, channel, user_id, enterprise_id=enterprise_id)
        outcome = await self.desk.run_alone(Subscribe(categories), who)
        return outcome.message.text

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

        outcome = self.desk.home_file(team_id, chart)
        if outcome.upload is None:
            await tell(outcome.message.text)
        else:
            await post_file(client, channel, outcome.upload, tell, self.desk.files)
