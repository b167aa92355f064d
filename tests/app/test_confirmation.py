"""Alerts wait for a second transcription: two sources on loopback (the API and the dataset's
files, each a transcription), the real poller and the fake Slack; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from bot.core.confirmation import Confirmation, agreeing, alert_now, confirmed
from bot.core.reports import Report
from storage.history import load_history
from storage.subscriptions import set_mode
from tests.support.alerting_bot import Bot, make_bot
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import (
    NOV_2022,
    api_record,
    api_records,
    equipment_rows,
    personnel_rows,
    report,
)
from tests.support.source_server import SourceServer

FIRST_FOUR = dict(list(NOV_2022.items())[:4])
POLICY = Confirmation(required=2, wait=timedelta(hours=3))


def two_sources(engine: Engine, source: SourceServer, slack: FakeSlack) -> Bot:
    """The API first in order of preference, the dataset second; both hold 21–24 Nov."""
    bot = make_bot(engine, source, slack, sources=(("russianwarship", source.api_url),
                                                   ("dataset", source.data_url)))  # fmt: skip
    source.records = api_records(FIRST_FOUR)
    dataset(source, FIRST_FOUR)
    return bot


def dataset(source: SourceServer, figures: dict[str, tuple[int, int]]) -> None:
    source.files = {
        "russia_losses_personnel.json": personnel_rows(figures),
        "russia_losses_equipment.json": equipment_rows(figures),
    }


def fast(bot: Bot, channel: str) -> None:
    with bot.engine.begin() as db:
        assert set_mode(db, "T1", channel, "fast")


def test_a_report_is_confirmed_when_enough_transcriptions_give_its_personnel_figure() -> None:
    one = Report(report("2022-11-25").date, 275, "a", {"personnel_units": 86150},
                 transcriptions=("a",))  # fmt: skip
    two = Report(one.date, 275, "a", {"personnel_units": 86150}, transcriptions=("a", "b"))
    split = Report(one.date, 275, "a", {"personnel_units": 86150}, transcriptions=("a", "b"),
                   disputed={"personnel_units": {"a": 86150, "b": 86510}})  # fmt: skip
    assert [agreeing(r) for r in (one, two, split)] == [1, 2, 1]
    assert confirmed(two, POLICY) and not confirmed(split, POLICY)
    came = report("2022-11-25").date
    first = datetime(2022, 11, 25, 6, 0, tzinfo=UTC)
    assert not alert_now(one, first, first + timedelta(hours=2), "confirmed", POLICY)
    assert alert_now(one, first, first + timedelta(hours=3), "confirmed", POLICY)
    assert alert_now(one, first, first, "fast", POLICY) and came


async def test_the_default_channel_waits_for_a_second_transcription_and_a_fast_one_does_not(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> None:
    bot = two_sources(engine, source_server, fake_slack)
    await bot.service.start()
    await bot.service.poll_and_deliver()  # the backfill: no alert
    bot.subscribe("C-DESK")
    bot.subscribe("C-FAST")
    fast(bot, "C-FAST")
    source_server.records = (
        api_records()
    )  # russianwarship.rip publishes 25 Nov; the dataset not yet
    await bot.service.poll_and_deliver()
    assert bot.slack.posted("C-DESK") == []
    (first,) = bot.slack.posted("C-FAST")
    assert first["text"].startswith(
        "Unconfirmed: only russianwarship.rip has published this report so far. "
        "New General Staff report, 25 Nov 2022 (day 275)"
    )
    dataset(source_server, NOV_2022)  # the second transcription agrees on personnel
    await bot.service.poll_and_deliver()
    (confirmed_alert,) = bot.slack.posted("C-DESK")
    assert confirmed_alert["text"].startswith("New General Staff report, 25 Nov 2022 (day 275)")
    assert len(bot.slack.posted("C-FAST")) == 1  # one alert per report per channel
    await bot.service.poll_and_deliver()  # and again: nothing more
    assert len(bot.slack.calls_to("chat.postMessage")) == 2
    await bot.service.close()


async def test_a_report_no_second_transcription_confirms_is_alerted_after_the_wait_so_labelled(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> None:
    bot = two_sources(engine, source_server, fake_slack)
    await bot.service.start()
    await bot.service.poll_and_deliver()
    bot.subscribe("C-DESK")
    source_server.records = api_records()
    await bot.service.poll_and_deliver()
    bot.clock.advance(2 * 3600)
    await bot.service.poll_and_deliver()
    assert bot.slack.posted("C-DESK") == []  # two hours: still waiting
    bot.clock.advance(3600)
    await bot.service.poll_and_deliver()
    (alert,) = bot.slack.posted("C-DESK")
    assert alert["text"].startswith(
        "Unconfirmed: only russianwarship.rip has published this report so far."
    )
    dataset(source_server, NOV_2022)  # the confirmation comes after: no second alert
    await bot.service.poll_and_deliver()
    assert len(bot.slack.posted("C-DESK")) == 1
    await bot.service.close()


async def test_a_source_that_lags_or_fails_is_a_problem_on_healthz_but_not_for_readiness(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> None:
    bot = two_sources(engine, source_server, fake_slack)
    await bot.service.start()
    await bot.service.poll_and_deliver()
    source_server.records = api_records()  # russianwarship.rip has 25 Nov; the dataset does not
    bot.clock.now = datetime(2022, 11, 25, 20, 0, tzinfo=UTC)  # 24 Nov is 46 hours old
    await bot.service.poll_and_deliver()
    health = bot.service.health()
    assert (
        "2022-Ukraine-Russia-War-Dataset has no report newer than 2022-11-24"
        in (health["problems"])
    )
    assert health["ok"] is False and health["ready"] is True
    source_server.faults = ["none", "none", "500"]  # two API pages, then the dataset fails
    await bot.service.poll_and_deliver()
    health = bot.service.health()
    assert health["ready"] is True and health["last_poll"]["ok"] is True
    assert any(p.startswith("a source failed: ") and "HTTP 500" in p for p in health["problems"])
    await bot.service.close()


async def test_a_figure_one_transcription_alone_gives_is_marked_or_left_out(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> None:
    """A confirmed alert: personnel and tanks are given by both transcriptions; aircraft only by
    russianwarship.rip (marked unconfirmed); "nuclear warheads", a category nobody knows, only by
    it too (stored, not alerted)."""
    bot = two_sources(engine, source_server, fake_slack)
    await bot.service.start()
    await bot.service.poll_and_deliver()
    bot.subscribe("C-DESK")
    invented = api_record("2022-11-25", 86150, 2899, planes=278, nuclear_warheads=1_500_000)
    source_server.records = [*api_records(FIRST_FOUR), invented]
    dataset(source_server, NOV_2022)
    await bot.service.poll_and_deliver()
    (alert,) = bot.slack.posted("C-DESK")
    said = json.dumps(alert["blocks"])
    assert "nuclear" not in said and "1,500,000" not in said
    assert "Unconfirmed: only russianwarship.rip gives the aircraft figure so far." in said
    assert not alert["text"].startswith("Unconfirmed")  # personnel is confirmed
    with bot.engine.connect() as db:
        held = load_history(db).on(date(2022, 11, 25))
    assert held is not None and held.totals["nuclear_warheads"] == 1_500_000  # stored
    await bot.service.close()


async def test_a_lagging_source_that_catches_up_has_every_missed_report_read(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> None:
    """orc-losses is eight reports behind the API, then publishes them all at once: each source
    polls from its own newest report, so all eight are read, not only the last few days'."""
    days = {(date(2022, 11, 14) + timedelta(days=i)).isoformat(): (80_000 + 100 * i, 2800 + i)
            for i in range(12)}  # fmt: skip
    sources = (("russianwarship", source_server.api_url),
               ("orc-losses", f"{source_server.data_url}/russian-losses.json"))  # fmt: skip
    bot = make_bot(engine, source_server, fake_slack, sources=sources)
    bot.clock.now = datetime(2022, 11, 25, 9, 0, tzinfo=UTC)
    first = dict(list(days.items())[:3])
    source_server.records = api_records(first)
    source_server.files = {"russian-losses.json": orc_records(first)}
    await bot.service.start()
    await bot.service.poll_and_deliver()  # both give 14-16 Nov
    source_server.records = api_records(days)
    await bot.service.poll_and_deliver()  # the API goes on to 25 Nov; orc-losses lags
    source_server.files = {"russian-losses.json": orc_records(days)}  # caught up
    await bot.service.poll_and_deliver()
    with bot.engine.connect() as db:
        history = load_history(db)
    read = [r.date.isoformat() for r in history.reports if "orc-losses" in r.transcriptions]
    assert read == list(days)
    await bot.service.close()


def orc_records(figures: dict[str, tuple[int, int]]) -> list[dict[str, object]]:
    return [{"date": on, "sourceUri": f"https://www.mil.gov.ua/news/{on}", "personnel": p,
             "tanks": t} for on, (p, t) in sorted(figures.items(), reverse=True)]  # fmt: skip
