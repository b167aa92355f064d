"""Digests: which period is due in a channel's time zone, what the summary says, and that each
period is posted once per channel, also across a restart and after downtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from bot.app.service import LossesService
from bot.core.digests import latest_due
from bot.core.reports import History
from bot.render.digest import compose_digest
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.wiring import slack_service
from storage.channels import set_digest, set_timezone
from storage.models import alert_outbox
from storage.reports import store_reports
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import report


@pytest.mark.parametrize(
    ("frequency", "tz", "now", "start", "end", "due"),
    [
        # Monday 28 Nov 2022, 09:00 in Kyiv is 07:00 UTC
        ("weekly", "Europe/Kyiv", "2022-11-28T07:00Z", "2022-11-21", "2022-11-27",
         "2022-11-28T09:00+02:00"),
        ("weekly", "Europe/Kyiv", "2022-11-28T06:59Z", "2022-11-14", "2022-11-20",
         "2022-11-21T09:00+02:00"),
        # the same instant is still Sunday night in New York
        ("weekly", "America/New_York", "2022-11-28T07:00Z", "2022-11-14", "2022-11-20",
         "2022-11-21T09:00-05:00"),
        ("weekly", "UTC", "2022-11-30T12:00Z", "2022-11-21", "2022-11-27", "2022-11-28T09:00Z"),
        ("monthly", "UTC", "2022-12-01T09:00Z", "2022-11-01", "2022-11-30", "2022-12-01T09:00Z"),
        ("monthly", "UTC", "2022-12-01T08:59Z", "2022-10-01", "2022-10-31", "2022-11-01T09:00Z"),
        ("monthly", "Europe/Kyiv", "2023-01-01T07:30Z", "2022-12-01", "2022-12-31",
         "2023-01-01T09:00+02:00"),
    ],
)  # fmt: skip
def test_the_latest_due_period_in_the_channels_time_zone(
    frequency: str, tz: str, now: str, start: str, end: str, due: str
) -> None:
    period = latest_due(frequency, tz, datetime.fromisoformat(now))
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert period.due_at == datetime.fromisoformat(due)


def nov_2022() -> list:
    """Two weeks of reports: 14-20 Nov at +300 a day, 21-27 Nov at +400 (+500 on the 24th)."""
    first, total, reports = date(2022, 11, 13), 80_000, []
    for i in range(15):
        day = first + timedelta(days=i)
        if i:
            total += (
                500 if day == date(2022, 11, 24) else (400 if day >= date(2022, 11, 21) else 300)
            )
        reports.append(report(day, personnel_units=total, tanks=2800 + i))
    return reports


def test_a_weekly_digest_has_the_weeks_losses_the_change_and_the_highest_day() -> None:
    period = latest_due("weekly", "UTC", datetime(2022, 11, 28, 10, tzinfo=UTC))
    text, chart = compose_digest(History(nov_2022()), period)
    assert text.startswith(
        "*Weekly summary, 21 Nov 2022 – 27 Nov 2022*\n"
        "Russia lost 2,900 personnel in the General Staff's reports of 21 Nov 2022 (day 271) to "
        "27 Nov 2022 (day 277), +38% on the week before (2,100)."
    )
    assert text.splitlines()[2:5] == [
        "```category    week  vs week before   total  highest day",
        "personnel  2,900            +38%  85,000  500 on 24 Nov 2022",
        "tanks          7              0%   2,814  1 on 21 Nov 2022```",
    ]
    assert text.endswith(
        "The week counts from the report of 20 Nov 2022 (day 270), the last before 21 Nov 2022."
    )
    assert chart == "personnel between 2022-11-21 and 2022-11-27"


def test_a_period_without_reports_is_said_to_have_none() -> None:
    period = latest_due("weekly", "UTC", datetime(2023, 6, 5, 10, tzinfo=UTC))
    text, chart = compose_digest(History(nov_2022()), period)
    assert text.endswith("No General Staff report is stored for this week.") and chart is None


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def desk(engine: Engine, fake_slack: FakeSlack) -> AsyncIterator[tuple[Clock, FakeSlack]]:
    with engine.begin() as db:
        store_reports(db, nov_2022(), datetime(2022, 11, 27, tzinfo=UTC), announce=False)
        set_timezone(db, "T1", "C1", "Europe/Kyiv")
        set_digest(db, "T1", "C1", "weekly", datetime(2022, 11, 25, tzinfo=UTC))
        # C2 keeps UTC: its Monday 09:00 comes at 09:00 UTC, before it asked at 10:00.
        set_digest(db, "T1", "C2", "weekly", datetime(2022, 11, 28, 10, tzinfo=UTC))
    yield Clock(datetime(2022, 11, 28, 6, 59, tzinfo=UTC)), fake_slack


def make_service(engine: Engine, slack: FakeSlack, clock: Clock) -> LossesService:
    settings = Settings(
        slack_bot_token="xoxb-t", slack_signing_secret="s", slack_api_url=slack.api_url
    )
    return slack_service(settings, engine, make_client(settings), clock=clock)[0]


async def run_service(engine: Engine, slack: FakeSlack, clock: Clock) -> None:
    """One process's life: start, check digests, stop."""
    service = make_service(engine, slack, clock)
    await service.start()
    await service.run_digests()
    await service.close()


async def test_a_digest_is_posted_once_at_its_time_and_not_again_after_a_restart(
    engine: Engine, desk: tuple[Clock, FakeSlack]
) -> None:
    clock, slack = desk
    await run_service(engine, slack, clock)  # 08:59 in Kyiv: not yet
    assert slack.files_in("C1") == []
    clock.now = datetime(2022, 11, 28, 7, 0, tzinfo=UTC)  # 09:00 in Kyiv
    await run_service(engine, slack, clock)
    (file,) = slack.files_in("C1")
    assert file["name"] == "losses-weekly-2022-11-21-C1.png"
    assert file["data"][:8] == b"\x89PNG\r\n\x1a\n"
    assert file["initial_comment"].startswith("*Weekly summary, 21 Nov 2022 – 27 Nov 2022*")
    clock.now += timedelta(hours=3)
    await run_service(engine, slack, clock)  # a restart, later that day
    assert len(slack.files_in("C1")) == 1
    # C2 asked for digests after this Monday's was due: it waits for next week's.
    assert slack.files_in("C2") == []


async def test_a_digest_missed_during_downtime_is_posted_late_once(
    engine: Engine, desk: tuple[Clock, FakeSlack]
) -> None:
    clock, slack = desk
    clock.now = datetime(2022, 11, 30, 15, 0, tzinfo=UTC)  # down since Sunday, back Wednesday
    await run_service(engine, slack, clock)
    await run_service(engine, slack, clock)
    (file,) = slack.files_in("C1")
    assert file["name"] == "losses-weekly-2022-11-21-C1.png"
    with engine.connect() as db:
        keys = db.execute(select(alert_outbox.c.channel_id, alert_outbox.c.digest_key)).all()
    assert keys == [("C1", "weekly:2022-11-21")]


async def test_a_digest_whose_upload_answer_was_lost_is_not_posted_twice(
    engine: Engine, desk: tuple[Clock, FakeSlack]
) -> None:
    clock, slack = desk
    clock.now = datetime(2022, 11, 28, 7, 30, tzinfo=UTC)
    slack.faults["files.completeUploadExternal"] = ["500-after-post"]
    await run_service(engine, slack, clock)
    assert len(slack.files_in("C1")) == 1
    clock.now += timedelta(minutes=5)
    service = make_service(engine, slack, clock)
    await service.start()
    await service.deliver()
    await service.close()
    assert len(slack.files_in("C1")) == 1
    assert len(slack.calls_to("conversations.history")) == 1
    with engine.connect() as db:
        assert db.execute(select(alert_outbox.c.status)).scalars().all() == ["sent"]


async def test_a_channel_two_workspaces_want_digests_for_gets_one_per_period(
    engine: Engine, desk: tuple[Clock, FakeSlack]
) -> None:
    """A Slack Connect channel: a second workspace asks for C1's weekly digest too. One digest
    per period, and the poll of digests goes on."""
    clock, slack = desk
    with engine.begin() as db:
        set_digest(db, "T2", "C1", "weekly", datetime(2022, 11, 25, tzinfo=UTC))
    clock.now = datetime(2022, 11, 28, 9, 30, tzinfo=UTC)  # due in both workspaces' zones
    await run_service(engine, slack, clock)
    await run_service(engine, slack, clock)
    (file,) = slack.files_in("C1")
    assert file["name"] == "losses-weekly-2022-11-21-C1.png"
    with engine.connect() as db:
        rows = db.execute(select(alert_outbox.c.channel_id, alert_outbox.c.status)).all()
    assert rows == [("C1", "sent")]
