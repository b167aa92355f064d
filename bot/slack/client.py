"""The Slack Web API client: slack-sdk's async client, aimed at `SLACK_API_URL` when set
(a fake Slack in tests) and without automatic retries (`bot.slack.delivery` says why)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings

SLACK_API_URL = "https://slack.com/api/"

log = logging.getLogger(__name__)

Respond = Callable[..., Awaitable[Any]]  # Bolt's `respond`: posts to the payload's response_url


def make_client(settings: Settings) -> AsyncWebClient:
    return web_client(settings.slack_bot_token, settings.slack_api_url or SLACK_API_URL)


def web_client(token: str | None, base_url: str) -> AsyncWebClient:
    """Every client the bot makes: one workspace's token (or none, for OAuth calls)."""
    return AsyncWebClient(token=token, base_url=base_url, timeout=30, retry_handlers=[])


def error_code(error: SlackApiError) -> str:
    """Slack's error code (`not_in_channel`, ...) for a log line or a sentence to the user."""
    data = getattr(error.response, "data", None)
    return str(data.get("error") or "Slack error") if isinstance(data, dict) else "Slack error"


async def say(respond: Respond, **message: Any) -> None:
    """Send `message` to the interaction's `response_url`; one that is missing (never in a
    payload from Slack), expired or unreachable is logged, never raised: this is often the
    answer to a failure already, and a second one must not turn into a 500."""
    try:
        await respond(**message)
    except Exception as error:
        log.warning("could not answer through the response_url: %s", error)
