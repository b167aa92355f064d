"""A broken or compromised source: nothing it sends reaches Slack unescaped, one bad record
costs only itself, and nothing it does stops the poller or poisons the store. Each case runs a
real poll against a source server on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from bot.app.poll import poll_once
from bot.core.plausibility import implausible
from bot.core.reports import History
from bot.core.war import day_number
from storage.history import newest_report_date
from tests.support.alerting_bot import Bot
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import NOV_2022, api_record, api_records, report

FIRST_FOUR = dict(list(NOV_2022.items())[:4])
PINGS = ("<!channel>", "<!here>", "<!everyone>", "<@", "<!subteam")


@pytest.fixture
def bot(bot: Bot) -> Bot:
    """The shared bot, with a desk channel subscribed."""
    bot.subscribe("C1")
    return bot


def publish(bot: Bot, *records: dict[str, Any]) -> None:
    bot.source.records = [*api_records(FIRST_FOUR), *records]


def everything_posted(slack: FakeSlack) -> str:
    return json.dumps(slack.calls_to("chat.postMessage"), ensure_ascii=False)


async def test_a_link_with_slack_markup_is_dropped_and_the_figures_kept(bot: Bot) -> None:
    hostile = "https://x.example/|post> <!channel> <https://y.example/"
    publish(bot, {**api_record("2022-11-25", 86150, 2899), "resource": hostile})
    await bot.service.poll_and_deliver()
    (alert,) = bot.slack.posted("C1")
    assert alert["text"].startswith("New General Staff report, 25 Nov 2022 (day 275)")
    posted = everything_posted(bot.slack)
    assert not any(ping in posted for ping in PINGS)
    assert bot.service.cache.current.latest.url is None  # type: ignore[union-attr]


async def test_a_new_category_label_cannot_ping_a_channel(bot: Bot) -> None:
    publish(bot, api_record("2022-11-25", 86150, 2899, **{"<!channel> robots": 5}))
    await bot.service.poll_and_deliver()
    posted = everything_posted(bot.slack)
    assert "channel robots" in posted and not any(ping in posted for ping in PINGS)


async def test_a_record_dated_in_the_future_is_refused_and_polling_goes_on(bot: Bot) -> None:
    future = {**api_record("2030-01-01", 999999, 99999), "day": day_number_of("2030-01-01")}
    publish(bot, future, api_record("2022-11-25", 86150, 2899))
    await bot.service.poll_and_deliver()
    assert bot.service.cache.current.latest.date.isoformat() == "2022-11-25"  # type: ignore[union-attr]
    health = bot.service.health()
    assert health["last_poll"]["rejected_records"] == 1
    assert any("dated in the future" in p for p in health["problems"])
    bot.source.requests.clear()
    await bot.service.poll_and_deliver()
    assert all("date_from=2029" not in r for r in bot.source.requests)
    assert len(bot.slack.posted("C1")) == 1


def day_number_of(on: str) -> int:
    from datetime import date

    return day_number(date.fromisoformat(on))


@pytest.mark.parametrize("total", [10**30, 2**63, 2**63 - 1, 3_000_000])
async def test_an_impossible_total_costs_its_record_not_the_poll(bot: Bot, total: int) -> None:
    publish(bot, api_record("2022-11-25", 86150, total), api_record("2022-11-26", 86600, 2900))
    bot.clock.now = bot.clock.now.replace(day=26)
    await bot.service.poll_and_deliver()
    outcome = bot.service.last_poll
    assert outcome is not None and outcome.ok
    assert "not a plausible total" in outcome.rejected[0]
    assert bot.service.cache.current.latest.date.isoformat() == "2022-11-26"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("stats", "reason"),
    [
        ({"personnel_units": 86150, "tanks": 2899, "TANKS": 999999}, "two figures for tanks"),
        ({"personnel_units": 86150, "!!!": 5}, "not a category name"),
        ({"personnel_units": 86150, "x" * 5000: 5}, "not a category name"),
    ],
)
async def test_colliding_empty_and_long_keys_are_refused_alike_on_both_databases(
    bot: Bot, stats: dict[str, int], reason: str
) -> None:
    record = api_record("2022-11-25", 0, 0)
    publish(bot, {**record, "stats": stats})
    await bot.service.poll_and_deliver()
    outcome = bot.service.last_poll
    assert outcome is not None and outcome.ok and reason in outcome.rejected[0]
    assert bot.service.cache.current.latest.date.isoformat() == "2022-11-24"  # type: ignore[union-attr]
    assert bot.slack.posted("C1") == []


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        ("huge", "larger than 8 MB"),
        ("redirect:http://203.0.113.9/api/v2/statistics", "redirected to another host"),
    ],
)
async def test_a_payload_that_cannot_be_parsed_stores_nothing(
    bot: Bot, fault: str | bytes, reason: str
) -> None:
    publish(bot, api_record("2022-11-25", 86150, 2899))
    bot.source.faults = [fault]
    await bot.service.poll_and_deliver()
    outcome = bot.service.last_poll
    assert outcome is not None and not outcome.ok and reason in outcome.message
    assert bot.service.health()["ok"] is False
    assert bot.service.cache.current.latest.date.isoformat() == "2022-11-24"  # type: ignore[union-attr]


async def test_a_next_url_on_another_host_is_not_followed(bot: Bot) -> None:
    publish(bot, api_record("2022-11-25", 86150, 2899))
    bot.source.next_host = "203.0.113.9"
    await bot.service.poll_and_deliver()
    outcome = bot.service.last_poll
    assert outcome is not None and not outcome.ok and "another host" in outcome.message


async def test_an_implausible_jump_is_held_back_logged_and_never_alerted(bot: Bot) -> None:
    publish(bot, api_record("2022-11-25", 86150, 28990))  # tanks x10 overnight: a typo
    await bot.service.poll_and_deliver()
    assert bot.slack.posted("C1") == []
    health = bot.service.health()
    assert health["ok"] is False
    (held,) = health["last_poll"]["held_back"]
    assert "tanks jumps from 2,898 to 28,990" in held
    bot.source.records[-1] = api_record("2022-11-25", 86150, 2899)  # the source fixes it
    await bot.service.poll_and_deliver()
    assert len(bot.slack.posted("C1")) == 1 and bot.service.health()["ok"] is True


class BrokenSource:
    """A source whose client raises something nobody planned for."""

    name = "broken"

    def __init__(self) -> None:
        self.rejected: list[str] = []

    async def fetch(self, since: object) -> list[object]:
        raise RuntimeError("boom")


async def test_a_poll_that_raises_anything_is_a_failed_poll(bot: Bot) -> None:
    outcome = await poll_once(BrokenSource(), bot.engine, bot.clock, refetch_days=3)  # type: ignore[arg-type]
    assert not outcome.ok and outcome.message == "poll: RuntimeError"


async def test_a_future_report_stored_earlier_does_not_stop_polling(bot: Bot) -> None:
    from datetime import UTC, datetime

    from storage.reports import store_reports
    from tests.support.payloads import report

    with bot.engine.begin() as db:  # as an older version would have stored it
        store_reports(db, [report("2030-01-01", tanks=1)], datetime(2022, 11, 25, tzinfo=UTC),
                      announce=False)  # fmt: skip
    bot.source.requests.clear()
    publish(bot, api_record("2022-11-25", 86150, 2899))
    await bot.service.poll_and_deliver()
    assert all("date_from=2029" not in r for r in bot.source.requests)
    # From its own newest report (24 Nov), less the days it re-reads.
    assert any("date_from=2022-11-21" in r for r in bot.source.requests)


async def test_a_report_dated_after_today_in_kyiv_is_refused_and_logged(
    bot: Bot, caplog: Any
) -> None:
    """The bot's clock says 25 Nov 2022 in Kyiv: a report of 26 Nov is refused, whatever its
    figures, with the reason logged and counted; 25 Nov's goes on."""
    publish(bot, api_record("2022-11-25", 86150, 2899))
    bot.source.records.append(api_record("2022-11-26", 86600, 2900))
    await bot.service.poll_and_deliver()
    with bot.engine.connect() as db:
        assert newest_report_date(db) == date(2022, 11, 25)
    assert len(bot.slack.posted("C1")) == 1
    outcome = bot.service.last_poll
    assert outcome is not None and len(outcome.rejected) == 1
    assert "2022-11-26" in outcome.rejected[0]
    assert any("skipped a record" in r.getMessage() and "2022-11-26" in r.getMessage()
               for r in caplog.records)  # fmt: skip


def test_a_personnel_jump_is_bounded_by_its_largest_day_a_small_factor_and_the_days() -> None:
    """Personnel's largest day here is +3,160: one day may bring three times that, five days
    five times as much; ten times a day (31,600) is no longer plausible overnight."""
    days = [
        report("2022-03-02", personnel_units=6_000),
        report("2022-03-03", personnel_units=9_160),
    ]
    history = History(days)
    overnight = report("2022-03-04", personnel_units=9_160 + 20_000)
    assert implausible([overnight], history)  # 20,000 > 3 x 3,160
    assert not implausible([report("2022-03-04", personnel_units=9_160 + 9_000)], history)
    later = report("2022-03-08", personnel_units=9_160 + 20_000)  # five days on
    assert not implausible([later], history)
