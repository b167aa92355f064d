"""Stale data and late reports: answers that reach an old newest report say so, an alert for a
report that arrives late says so first, /healthz and /readyz tell an operator, and an empty store
is polled again soon, not after the full interval."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from bot.app.history_cache import HistoryCache
from bot.app.newsdesk import Newsdesk
from bot.app.scheduler import build_scheduler
from bot.clock import kyiv_today
from bot.core.freshness import Freshness, is_late
from bot.render.flags import flag_text
from bot.render.wording import EN
from tests.support.alerting_bot import Bot, make_bot
from tests.support.bolt_server import running_server
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import NOV_2022, api_records, report
from tests.support.source_server import SourceServer

FIRST_FOUR = dict(list(NOV_2022.items())[:4])


def test_a_report_is_stale_past_the_margin_counted_from_its_date_in_kyiv() -> None:
    latest = report("2022-11-24", tanks=1)
    kyiv_midnight = datetime(2022, 11, 23, 22, 0, tzinfo=UTC)
    assert not is_late(latest, kyiv_midnight + timedelta(hours=36))
    assert is_late(latest, kyiv_midnight + timedelta(hours=36, minutes=1))
    fresh = Freshness(kyiv_midnight + timedelta(hours=30))
    assert fresh.stale_flag(latest) is None
    weeks = Freshness(datetime(2022, 12, 20, 9, 0, tzinfo=UTC))
    stale = weeks.stale_flag(latest)
    assert stale is not None and flag_text(stale, EN) == (
        "The newest report in the store is of 24 Nov 2022 (day 274), 26 days old; the General "
        "Staff publishes one every morning, so newer figures may exist."
    )
    hours = Freshness(kyiv_midnight + timedelta(hours=40), margin=timedelta(hours=12))
    stale = hours.stale_flag(latest)
    assert stale is not None and stale.kind == "stale" and stale.params["report"] is latest
    assert "40 hours old" in flag_text(stale, EN)


async def test_a_report_that_arrives_late_says_so_in_its_first_line(bot: Bot) -> None:
    bot.subscribe("C1")
    bot.clock.now = datetime(2022, 11, 28, 9, 0, tzinfo=UTC)  # the bot was down for days
    await bot.publish_25_nov()
    (alert,) = bot.slack.posted("C1")
    assert alert["text"].startswith(
        "Late: the report of 25 Nov 2022 (day 275) arrived on 28 Nov 2022. General Staff report, "
        "25 Nov 2022 (day 275): Russia lost 430 personnel"
    )
    assert alert["blocks"][0]["text"]["text"] == "Late General Staff report: 25 Nov 2022 (day 275)"


async def test_an_alert_on_time_reads_as_news(bot: Bot) -> None:
    bot.subscribe("C1")
    await bot.publish_25_nov()  # the clock: 25 Nov, 09:00 UTC
    (alert,) = bot.slack.posted("C1")
    assert alert["text"].startswith("New General Staff report, 25 Nov 2022 (day 275)")


async def test_health_lists_the_problems_and_readyz_answers_503_for_them(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    weeks_later = datetime(2022, 12, 20, 9, 0, tzinfo=UTC)
    async for server in running_server(engine, fake_slack, now=weeks_later):
        async with server.http.get(f"{server.url}/healthz") as response:
            assert response.status == 200
            health = await response.json()
        assert health["ok"] is False
        assert health["problems"][0].startswith("The newest report in the store is of 24 Nov 2022")
        async with server.http.get(f"{server.url}/readyz") as response:
            assert response.status == 503
        status, payload = await server.command("latest")
        assert status == 200
        assert "26 days old" in str(payload["blocks"])  # the answer itself carries the flag


async def test_an_empty_store_and_failing_polls_are_problems_and_retried_soon(
    engine: Engine, source_server: SourceServer
) -> None:
    bot: Bot = make_bot(engine, source_server, None)
    await bot.service.start()
    assert bot.service.problems() == [
        "the store holds no reports: run `losses-bot import` or wait for a poll"
    ]
    assert bot.service.retry_delay() is None  # no poll has failed yet
    delays = []
    for _ in range(7):
        source_server.faults = ["500"]
        await bot.service.poll_and_deliver()
        delays.append(bot.service.retry_delay())
    assert delays == [10, 20, 40, 80, 160, 300, 300]  # capped at LOSSES_POLL_INTERVAL
    health = bot.service.health()
    assert health["ok"] is False and health["last_poll"]["ok"] is False
    assert health["last_poll"]["failed_in_a_row"] == 7
    assert "the last 7 polls failed" in health["problems"][1]
    # Once the store has reports, a failed poll waits for the normal interval.
    source_server.records = api_records(FIRST_FOUR)
    await bot.service.poll_and_deliver()
    assert bot.service.health()["last_poll"]["failed_in_a_row"] == 0
    source_server.faults = ["500"]
    await bot.service.poll_and_deliver()
    assert bot.service.retry_delay() is None
    await bot.service.close()


async def test_the_scheduler_retries_a_failed_first_poll_after_ten_seconds(
    engine: Engine, source_server: SourceServer
) -> None:
    bot = make_bot(engine, source_server, None)
    await bot.service.start()
    source_server.faults = ["500"]
    scheduler = build_scheduler(bot.service, poll_interval=300)
    scheduler.start()
    try:
        for _ in range(100):
            if scheduler.get_job("poll-retry") is not None:
                break
            await asyncio.sleep(0.05)
        job = scheduler.get_job("poll-retry")
        assert job is not None
        wait = (job.next_run_time - datetime.now(UTC)).total_seconds()
        assert 8 < wait <= 10
    finally:
        scheduler.shutdown(wait=False)
        await bot.service.close()


def test_a_question_is_answered_as_of_today_in_kyiv_and_the_hour_of_asking(engine: Engine) -> None:
    """Within an hour every question gets the same moment (so answers stay memoised); a new one
    when the hour (and, at Kyiv's midnight, the day) turns, or the clock is set back."""
    now = [datetime(2022, 11, 24, 21, 0, 5, tzinfo=UTC)]  # 23:00 in Kyiv
    desk = Newsdesk(engine, HistoryCache(engine), lambda: kyiv_today(now[0]), lambda: now[0])
    first = desk.moment()
    now[0] += timedelta(minutes=59)
    assert desk.moment() == first and desk.freshness() == first[1]
    assert first == (date(2022, 11, 24), Freshness(datetime(2022, 11, 24, 21, tzinfo=UTC)))
    now[0] = datetime(2022, 11, 24, 22, tzinfo=UTC)  # midnight in Kyiv
    assert desk.moment() == (date(2022, 11, 25), Freshness(datetime(2022, 11, 24, 22, tzinfo=UTC)))
    now[0] = datetime(2022, 11, 24, 21, 30, tzinfo=UTC)  # a clock set back
    assert desk.moment() == first
