"""One deployment, many workspaces: the async faces of slack-sdk's SQLAlchemy stores for Bolt's
OAuth flow, and the Slack client each workspace's alerts are posted with.

slack-sdk ships async SQLAlchemy stores too, but they need an async engine (asyncpg,
aiosqlite): a second driver and a second pool beside the one every other query uses. Running
the synchronous stores in worker threads keeps one engine, as the front door
(`bot.app.newsdesk`) does for the subscription commands.

With only `SLACK_BOT_TOKEN` set, `SingleWorkspace` answers every workspace with the one client,
as before OAuth.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Protocol

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine

from bot.settings import Settings
from bot.slack.client import web_client
from storage.installations import installation_store, state_store

log = logging.getLogger(__name__)
ROTATE_MINUTES = 120  # refresh a rotating token this long before it expires (Bolt's default)
BOT_SECONDS = 30  # how long a workspace's bot (its token) is remembered between lookups


class ThreadedInstallationStore(AsyncInstallationStore):
    """A synchronous installation store, awaited from the event loop."""

    def __init__(self, store: InstallationStore) -> None:
        self.store = store

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        return await asyncio.to_thread(
            lambda: self.store.find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                        is_enterprise_install=is_enterprise_install)
        )  # fmt: skip

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await asyncio.to_thread(
            lambda: self.store.find_installation(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                is_enterprise_install=is_enterprise_install,
            )
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(
            lambda: self.store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        )

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await asyncio.to_thread(
            lambda: self.store.delete_installation(
                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
            )
        )


class ThreadedStateStore(AsyncOAuthStateStore):
    """A synchronous OAuth state store, awaited from the event loop."""

    def __init__(self, store: OAuthStateStore) -> None:
        self.store = store

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self.store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)


class Clients(Protocol):
    async def for_team(
        self, team_id: str, enterprise_id: str | None = None
    ) -> AsyncWebClient | None:
        """The client that posts in this workspace, or None: the app is not installed there."""

    def forget(self, team_id: str, enterprise_id: str | None = None) -> None:
        """Slack refused the workspace's token: read it from the store next time."""


class SingleWorkspace:
    """One bot token (`SLACK_BOT_TOKEN`): the same client everywhere."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def for_team(
        self, team_id: str, enterprise_id: str | None = None
    ) -> AsyncWebClient | None:
        return self.client

    def forget(self, team_id: str, enterprise_id: str | None = None) -> None:
        """One token from the environment: nothing newer to read."""


class Installed:
    """Each workspace's own bot token, from the installation store; a rotating token is
    refreshed (and saved) before it expires."""

    def __init__(
        self,
        store: AsyncInstallationStore,
        base_url: str,
        client_id: str,
        client_secret: str,
    ) -> None:
        self.store = store
        self.base_url = base_url
        self._clients: dict[str, AsyncWebClient] = {}  # by token: one per workspace
        # (enterprise, team) -> (its bot, when found): a fan-out to a thousand channels looks
        # each workspace up once, not once per channel.
        self._bots: dict[tuple[str | None, str], tuple[Bot, float]] = {}
        self.rotator = AsyncTokenRotator(
            client_id=client_id,
            client_secret=client_secret,
            client=web_client(None, base_url),
        )

    async def for_team(
        self, team_id: str, enterprise_id: str | None = None
    ) -> AsyncWebClient | None:
        bot = await self._bot(team_id, enterprise_id)
        if bot is None or not bot.bot_token:
            return None
        if bot.bot_refresh_token:
            try:
                refreshed = await self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=ROTATE_MINUTES
                )
            except SlackApiError as error:
                log.warning("could not refresh the bot token of %s: %s", team_id, error)
                refreshed = None
            if refreshed is not None:
                await self.store.async_save_bot(refreshed)
                self._bots[(enterprise_id, team_id)] = (refreshed, time.monotonic())
                bot = refreshed
        client = self._clients.get(bot.bot_token)
        if client is None:
            if len(self._clients) > 10_000:  # rotated-away tokens: let them go now and then
                self._clients.clear()
            client = web_client(bot.bot_token, self.base_url)
            self._clients[bot.bot_token] = client
        return client

    def forget(self, team_id: str, enterprise_id: str | None = None) -> None:
        """Drop a remembered bot (Slack refused its token): the next lookup reads the store
        again, and finds a reinstall's new token."""
        self._bots.pop((enterprise_id, team_id), None)

    async def _bot(self, team_id: str, enterprise_id: str | None) -> Bot | None:
        """The workspace's bot, remembered for `BOT_SECONDS` once found. Forgetting a workspace
        deletes its queued alerts, so a remembered token is not used after an uninstall; a
        token Slack refuses is forgotten (`forget`), so a quick reinstall's new one is read."""
        key = (enterprise_id, team_id)
        held = self._bots.get(key)
        if held is not None and time.monotonic() - held[1] < BOT_SECONDS:
            return held[0]
        bot = await self.store.async_find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None and enterprise_id:  # an org-wide install covers the org's workspaces
            bot = await self.store.async_find_bot(
                enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True
            )
        if bot is not None:
            if len(self._bots) > 10_000:
                self._bots.clear()
            self._bots[key] = (bot, time.monotonic())
        return bot


def oauth_settings(settings: Settings, engine: Engine) -> AsyncOAuthSettings:
    """Bolt's OAuth flow over our database: `/slack/install` shows the "Add to Slack" page,
    `/slack/oauth_redirect` completes an install; states are one-time rows that expire."""
    assert settings.slack_client_id and settings.slack_client_secret
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(settings.slack_scopes),
        installation_store=ThreadedInstallationStore(
            installation_store(engine, settings.slack_client_id)
        ),
        installation_store_bot_only=True,
        state_store=ThreadedStateStore(state_store(engine)),
        token_rotation_expiration_minutes=ROTATE_MINUTES,
        logger=log,
    )
