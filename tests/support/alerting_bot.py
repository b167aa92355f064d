"""A bot in one process for alert tests: the service with a settable clock, a source server
and, optionally, a fake Slack; what it would print in a dry run is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from bot.app.newsdesk import Newsdesk
from bot.app.service import LossesService
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.wiring import slack_service
from storage.models import alert_outbox
from storage.subscriptions import subscribe
from tests.support.bolt_server import SECRET
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import api_records
from tests.support.source_server import SourceServer


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2022, 11, 25, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Bot:
    service: LossesService
    engine: Engine
    source: SourceServer
    slack: FakeSlack
    clock: Clock
    printed: list[str]
    desk: Newsdesk  # the front door, for a Bolt app over the same service

    def subscribe(self, channel: str, *categories: str) -> None:
        with self.engine.begin() as db:
            subscribe(db, "T1", channel, categories, "U1", self.clock())

    def outbox(self) -> list[tuple[str, str, str, str | None]]:
        with self.engine.connect() as db:
            return [
                tuple(row)
                for row in db.execute(
                    select(
                        alert_outbox.c.channel_id,
                        alert_outbox.c.kind,
                        alert_outbox.c.status,
                        alert_outbox.c.slack_ts,
                    ).order_by(alert_outbox.c.id)
                )
            ]

    async def publish_25_nov(self) -> None:
        self.source.records = api_records()
        await self.service.poll_and_deliver()


def make_bot(
    engine: Engine, source: SourceServer, slack: FakeSlack | None, **overrides: Any
) -> Bot:
    """A bot polling `source` (the API: one transcription, unless `sources=` says more)."""
    settings = Settings(
        database_url="unused",
        **{"sources": (("russianwarship", source.api_url),), **overrides},
        slack_bot_token=None if slack is None else "xoxb-test",
        slack_signing_secret=None if slack is None else SECRET,
        slack_api_url=None if slack is None else slack.api_url,
    )
    clock = Clock()
    printed: list[str] = []
    client = None if slack is None else make_client(settings)
    service, desk = slack_service(settings, engine, client, clock=clock, echo=printed.append)
    return Bot(service, engine, source, slack, clock, printed, desk)  # type: ignore[arg-type]
