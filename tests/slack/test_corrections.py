"""Corrections of a posted alert under pressure: an edit never shows an older figure than the
alert already shows (a retry after a 500 or a 429, two workers, a correction still in flight),
a figure that flips each poll edits the alert once per cooldown with at most three replies a
day and says it flaps, and an edit keeps the alert's labels. The real poller and senders, the
fake Slack over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlalchemy import Engine

from bot.slack.delivery import Deliverer
from storage.subscriptions import set_mode
from tests.support.alerting_bot import Bot, make_bot
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import NOV_2022, api_record, api_records, equipment_rows, personnel_rows
from tests.support.source_server import SourceServer

COOLDOWN = 1800


def restate(bot: Bot, tanks: int) -> None:
    """russianwarship.rip restates 25 Nov's tanks."""
    bot.source.records[-1] = api_record("2022-11-25", 86150, tanks)


def replies(bot: Bot, alert: dict, channel: str = "C1") -> list[str]:
    return [m["text"] for m in bot.slack.posted(channel) if m.get("thread_ts") == alert["ts"]]


def shown(bot: Bot, channel: str = "C1") -> str:
    """What the alert says now."""
    return bot.slack.posted(channel)[0]["text"]


async def poll(bot: Bot) -> None:
    """A poll that stores and queues, sending nothing: the test drives the senders."""
    sender, bot.service.sender = bot.service.sender, None
    await bot.service.poll_and_deliver()
    bot.service.sender = sender


def second_worker(bot: Bot) -> Deliverer:
    """Another process's sender: the same store, the same Slack, its own memory."""
    first = bot.service.sender
    assert isinstance(first, Deliverer)
    return Deliverer(bot.engine, first.clients, bot.clock, timedelta(minutes=2))


async def test_a_retried_edit_sends_the_figure_current_then(bot: Bot) -> None:
    """One worker: the edit of 2,902 gets a 500; 2,904 comes during the backoff; the retry
    shows 2,904, once, and the thread's one reply says 2,904."""
    bot.subscribe("C1")
    await bot.publish_25_nov()
    (alert,) = bot.slack.posted("C1")
    bot.slack.faults = {"chat.update": ["500"]}
    restate(bot, 2902)
    await bot.service.poll_and_deliver()
    assert replies(bot, alert) == []  # the edit failed: nothing replied yet
    restate(bot, 2904)
    await bot.service.poll_and_deliver()
    bot.clock.advance(10)
    await bot.service.deliver()
    assert shown(bot).startswith("Corrected: tanks 2,904 (was 2,899).")
    assert replies(bot, alert) == [
        "Correction to the General Staff report of 25 Nov 2022 (day 275): tanks now 2,904 "
        "(was 2,899, +5)"
    ]
    # Slack refused the edit of 2,902 (a 500: not applied); the one it applied says 2,904.
    tried = [c["text"][:28] for c in bot.slack.calls_to("chat.update")]
    assert tried == ["Corrected: tanks 2,902 (was ", "Corrected: tanks 2,904 (was "]


async def test_two_workers_never_take_an_alert_back_in_time(bot: Bot) -> None:
    """A 429 in one worker while another runs, and a correction still in flight when a newer
    one comes: the alert ends with the newest figure, its edits in order."""
    bot.subscribe("C1")
    await bot.publish_25_nov()
    (alert,) = bot.slack.posted("C1")
    first, other = bot.service.sender, second_worker(bot)
    assert isinstance(first, Deliverer)
    # A 429 on the edit of 2,902; 2,904 comes; the other worker sends the row: 2,904.
    bot.slack.faults = {"chat.update": ["429"]}
    restate(bot, 2902)
    await poll(bot)
    await first.deliver_due()
    restate(bot, 2904)
    await poll(bot)
    bot.clock.advance(5)
    await asyncio.gather(other.deliver_due(), first.deliver_due())
    assert shown(bot).startswith("Corrected: tanks 2,904 (was 2,899).")
    assert replies(bot, alert)[-1].endswith("tanks now 2,904 (was 2,899, +5)")
    # The edit of 2,906 is in flight (slow) when 2,908 comes: the other worker waits for it,
    # and 2,908 goes out after the cooldown, never before 2,906.
    bot.clock.advance(COOLDOWN)
    await asyncio.sleep(1.2)  # Slack's Retry-After (1 s) is over for every sender
    bot.slack.faults = {"chat.update": ["slow"]}
    restate(bot, 2906)
    await poll(bot)
    in_flight = asyncio.create_task(first.deliver_due())
    await asyncio.sleep(0.2)
    restate(bot, 2908)
    await poll(bot)
    assert await other.deliver_due() == 0  # released: the older edit is not done
    await in_flight
    assert shown(bot).startswith("Corrected: tanks 2,906 (was 2,899).")
    assert await other.deliver_due() == 0  # 2,908 waits the cooldown after the edit of 2,906
    bot.clock.advance(COOLDOWN)
    await asyncio.gather(other.deliver_due(), first.deliver_due())
    assert shown(bot).startswith("Corrected: tanks 2,908 (was 2,899).")
    updates = [c["text"] for c in bot.slack.calls_to("chat.update")]
    figures = [int(t.split("tanks ")[1].split(" ")[0].replace(",", "")) for t in updates]
    assert figures == sorted(figures)  # every edit Slack saw, in order
    assert replies(bot, alert)[-1].endswith("tanks now 2,908 (was 2,906, +2)")


async def test_a_flapping_figure_edits_once_per_cooldown_with_three_replies_a_day(
    bot: Bot,
) -> None:
    bot.subscribe("C1")
    await bot.publish_25_nov()
    (alert,) = bot.slack.posted("C1")
    for i in range(20):  # the source flips tanks each poll
        restate(bot, 2900 if i % 2 == 0 else 2901)
        await bot.service.poll_and_deliver()
    assert len(bot.slack.calls_to("chat.update")) == 1 and len(replies(bot, alert)) == 1
    bot.clock.advance(COOLDOWN + 1)
    await bot.service.deliver()
    assert len(bot.slack.calls_to("chat.update")) == 2
    assert shown(bot).startswith("Corrected: tanks 2,901 (was 2,899).")
    last = [m for m in bot.slack.posted("C1") if m.get("thread_ts") == alert["ts"]][-1]
    assert (
        "russianwarship.rip has changed the tanks figure 20 times today; the bot shows 2,901."
        in (json.dumps(last["blocks"]))
    )
    for tanks in (2902, 2903, 2904):  # one a cooldown: the third reply, then edits alone
        restate(bot, tanks)
        await bot.service.poll_and_deliver()
        bot.clock.advance(COOLDOWN + 1)
        await bot.service.deliver()
    assert shown(bot).startswith("Corrected: tanks 2,904 (was 2,899).")
    assert len(bot.slack.calls_to("chat.update")) == 5
    assert len(replies(bot, alert)) == 3


async def test_an_edit_keeps_the_alert_s_labels_and_confirmation_drops_one(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> None:
    sources = (("russianwarship", source_server.api_url), ("dataset", source_server.data_url))
    bot = make_bot(engine, source_server, fake_slack, sources=sources)
    first_four = dict(list(NOV_2022.items())[:4])
    source_server.records = api_records(first_four)
    source_server.files = {"russia_losses_personnel.json": personnel_rows(first_four),
                           "russia_losses_equipment.json": equipment_rows(first_four)}  # fmt: skip
    await bot.service.start()
    await bot.service.poll_and_deliver()
    bot.subscribe("C1")
    with bot.engine.begin() as db:
        assert set_mode(db, "T1", "C1", "fast")
    await bot.publish_25_nov()  # russianwarship.rip alone: unconfirmed
    (alert,) = bot.slack.posted("C1")
    assert alert["blocks"][0]["text"]["text"] == (
        "Unconfirmed General Staff report: 25 Nov 2022 (day 275)"
    )
    restate(bot, 2902)
    await bot.service.poll_and_deliver()
    assert shown(bot).startswith(
        "Unconfirmed: only russianwarship.rip has published this report so far. Corrected: "
        "tanks 2,902 (was 2,899)."
    )
    assert bot.slack.posted("C1")[0]["blocks"][0]["text"]["text"] == (
        "Unconfirmed, corrected General Staff report: 25 Nov 2022 (day 275)"
    )
    # The dataset now gives 25 Nov too, the same personnel: confirmed; the label goes, in
    # one edit after the cooldown, with no reply.
    source_server.files = {
        "russia_losses_personnel.json": personnel_rows(NOV_2022),
        "russia_losses_equipment.json": equipment_rows({**NOV_2022, "2022-11-25": (86150, 2902)}),
    }
    await bot.service.poll_and_deliver()
    bot.clock.advance(COOLDOWN + 1)
    await bot.service.poll_and_deliver()
    assert shown(bot).startswith("Corrected: tanks 2,902 (was 2,899). New General Staff report")
    assert bot.slack.posted("C1")[0]["blocks"][0]["text"]["text"] == (
        "Corrected General Staff report: 25 Nov 2022 (day 275)"
    )
    assert len(replies(bot, alert)) == 1  # the label's edit says nothing in the thread
    await bot.service.poll_and_deliver()
    assert len(bot.slack.calls_to("chat.update")) == 2
    await bot.service.close()
