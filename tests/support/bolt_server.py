"""A running `serve`-style server (aiohttp + the real Bolt app) on loopback, and slash commands
sent to it as Slack sends them: form-encoded and signed with the signing secret."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import aiohttp
from sqlalchemy import Engine

from bot.app.newsdesk import Newsdesk
from bot.app.service import LossesService
from bot.settings import Settings
from bot.slack.app import build_bolt_app
from bot.slack.client import make_client
from bot.slack.wiring import slack_service
from bot.web import build_web_app
from storage.transcriptions import store_transcribed
from tests.support.fake_slack import FakeSlack
from tests.support.loopback import serve_on_loopback
from tests.support.payloads import report

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TRIGGERS = itertools.count(1)  # Slack gives every request its own trigger_id


def sign(body: str, timestamp: int, secret: str = SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Server:
    url: str
    http: aiohttp.ClientSession
    service: LossesService
    response_url: str
    desk: Newsdesk | None = None  # the front door the Bolt app's listeners call

    async def command(
        self,
        text: str,
        channel: str = "C1",
        *,
        secret: str = SECRET,
        age: int = 0,
        trigger_id: str | None = None,
        headers: dict[str, str] | None = None,
        team: str = "T1",
        enterprise: str | None = None,
        org_wide: bool = False,
    ) -> tuple[int, Any]:
        """`enterprise`: the workspace's Enterprise Grid org; `org_wide`: the app is installed
        for the whole org, as Slack then says in every request."""
        grid = {"enterprise_id": enterprise} if enterprise else {}
        if org_wide:
            grid["is_enterprise_install"] = "true"
        body = urlencode(
            {
                "token": "legacy", "team_id": team, "team_domain": "newsroom",
                "channel_id": channel, "channel_name": "desk", "user_id": "U1",
                "user_name": "reporter", "command": "/losses", "text": text,
                "api_app_id": "A1", "response_url": self.response_url,
                "trigger_id": trigger_id or f"{next(TRIGGERS)}.2.3", **grid,
            }
        )  # fmt: skip
        return await self.post(body, secret=secret, age=age, headers=headers)

    async def interact(self, payload: dict[str, Any]) -> tuple[int, Any]:
        """An interaction (a button, a shortcut, a form submission) as Slack sends it: the JSON
        payload form-encoded in `payload`, signed."""
        base = {"team": {"id": "T1", "domain": "newsroom"}, "user": {"id": "U1"},
                "api_app_id": "A1", "token": "legacy"}  # fmt: skip
        body = urlencode({"payload": json.dumps({**base, **payload})})
        return await self.post(body)

    async def event(
        self,
        kind: str,
        team: str = "T1",
        *,
        event_id: str | None = None,
        retry: int = 0,
        envelope: dict[str, Any] | None = None,
        **fields: object,
    ) -> tuple[int, Any]:
        """An Events API callback (JSON, signed), as Slack sends `app_uninstalled`,
        `tokens_revoked` and `app_home_opened`; `retry`: Slack's retry number of it;
        `envelope`: more top-level fields (`authorizations`, `enterprise_id`, ...)."""
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id or f"Ev{time.time_ns()}",
                "event_time": int(time.time()),
                "event": {"type": kind, **fields},
                **(envelope or {}),
            }
        )
        headers = {"Content-Type": "application/json"}
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "timeout"})
        return await self.post(body, headers=headers)

    async def post(
        self,
        body: str,
        *,
        secret: str = SECRET,
        age: int = 0,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        """A form-encoded body to `/slack/events`, signed as Slack signs (`age` seconds ago)."""
        timestamp = int(time.time()) - age
        async with self.http.post(
            f"{self.url}/slack/events",
            data=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": str(timestamp),
                "X-Slack-Signature": sign(body, timestamp, secret),
                **(headers or {}),
            },
        ) as response:
            is_json = response.status == 200 and response.content_type == "application/json"
            payload = await response.json() if is_json else await response.text()
            return response.status, payload


# The morning the newest fixture report came out: answers are fresh, not stale.
FIXTURE_NOW = datetime(2022, 11, 24, 9, 0, tzinfo=UTC)


async def running_server(
    engine: Engine, fake_slack: FakeSlack, now: datetime = FIXTURE_NOW
) -> AsyncIterator[Server]:
    with engine.begin() as db:
        store_transcribed(
            db,
            [
                report("2022-11-22", personnel_units=85000, tanks=2895),
                report("2022-11-23", personnel_units=85410, tanks=2897),
                report("2022-11-24", personnel_units=85720, tanks=2898),
            ],
            datetime(2022, 11, 24, tzinfo=UTC),
            False,
            (),
        )
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=fake_slack.api_url,
        sources=(("russianwarship", "http://127.0.0.1:9/api/v2"),),  # never polled here
    )
    client = make_client(settings)
    service, desk = slack_service(settings, engine, client, clock=lambda: now)
    await service.start()  # loads the history into memory
    bolt = build_bolt_app(client, SECRET, desk)
    runner, port = await serve_on_loopback(build_web_app(service, bolt))
    async with aiohttp.ClientSession() as http:
        yield Server(f"http://127.0.0.1:{port}", http, service, fake_slack.response_url, desk)
    await runner.cleanup()
    await service.close()
