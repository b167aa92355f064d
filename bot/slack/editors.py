"""Who is in an editors' channel (`bot.app.approval.Editors`), as Slack says with
`conversations.members` (scopes `channels:read`, `groups:read`).

Kept a minute per channel: a desk's editors click Approve within moments of each other, and
one call per click would spend Slack's Tier 4 allowance on the same answer; someone removed
from the channel loses the right within a minute. A channel the bot cannot see (private, not
invited) answers None: the front door then says to invite the bot, never lets a click through.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.slack.client import error_code
from bot.slack.installations import Clients

log = logging.getLogger(__name__)

KEPT_SECONDS = 60.0
MAX_PAGES = 20  # 20,000 members: far beyond any editors' channel


class SlackEditors:
    def __init__(self, clients: Clients, clock: Callable[[], float] = time.monotonic) -> None:
        self.clients = clients
        self.clock = clock
        self._members: dict[tuple[str, str], tuple[float, frozenset[str]]] = {}

    async def member(
        self, team_id: str, enterprise_id: str | None, channel_id: str, user_id: str
    ) -> bool | None:
        key = (team_id, channel_id)
        kept = self._members.get(key)
        if kept is None or kept[0] <= self.clock():
            members = await self._read(team_id, enterprise_id, channel_id)
            if members is None:
                return None
            kept = (self.clock() + KEPT_SECONDS, members)
            self._members[key] = kept
        return user_id in kept[1]

    async def _read(
        self, team_id: str, enterprise_id: str | None, channel_id: str
    ) -> frozenset[str] | None:
        client = await self.clients.for_team(team_id, enterprise_id)
        if client is None:
            return None
        found: set[str] = set()
        cursor = None
        try:
            for _ in range(MAX_PAGES):
                page = await client.conversations_members(
                    channel=channel_id, limit=1000, cursor=cursor
                )
                found.update(str(m) for m in page.get("members") or [])
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except SlackApiError as error:
            log.warning("cannot read the members of %s in %s: %s", channel_id, team_id,
                        error_code(error))  # fmt: skip
            return None
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("cannot read the members of %s: %s", channel_id, error)
            return None
        return frozenset(found)
