"""Alerts end to end in one process: a source publishes a report, the poll stores it and queues
alerts, the sender posts them to a fake Slack over HTTP. Faults included."""

from __future__ import annotations

import json

from sqlalchemy import Engine, event, select

from storage.history import VALUES_SQL
from storage.models import alert_outbox
from storage.subscriptions import team_subscriptions
from tests.support.alerting_bot import Bot, make_bot
from tests.support.payloads import NOV_2022, api_record, api_records
from tests.support.source_server import SourceServer

FIRST_FOUR = dict(list(NOV_2022.items())[:4])


async def test_a_new_report_loads_the_history_once_for_its_alerts_and_the_answers(
    bot: Bot,
) -> None:
    """The alert is composed from the history read in the transaction that stored the report,
    and the answers take that same history: the store's figures are read once, not twice."""
    bot.subscribe("C1")
    loads: list[str] = []

    def count(conn: object, cursor: object, statement: str, *rest: object) -> None:
        if statement == VALUES_SQL:
            loads.append(statement)

    event.listen(bot.engine, "before_cursor_execute", count)
    try:
        await bot.publish_25_nov()
    finally:
        event.remove(bot.engine, "before_cursor_execute", count)
    assert len(bot.slack.posted("C1")) == 1
    assert len(loads) == 1
    newest = bot.service.cache.current.latest
    assert newest is not None and newest.date.isoformat() == "2022-11-25"  # answers see it


async def test_a_new_report_gives_one_alert_per_subscribed_channel(bot: Bot) -> None:
    bot.subscribe("C1")
    bot.subscribe("C2", "tanks")
    await bot.publish_25_nov()
    posts = bot.slack.calls_to("chat.postMessage")
    assert sorted(p["channel"] for p in posts) == ["C1", "C2"]
    (everything,) = bot.slack.posted("C1")
    assert everything["text"] == (
        "New General Staff report, 25 Nov 2022 (day 275): Russia lost 430 personnel since the "
        "previous report of 24 Nov 2022 (day 274); total 86,150"
    )
    (tanks_only,) = bot.slack.posted("C2")
    assert tanks_only["text"] == (
        "New General Staff report, 25 Nov 2022 (day 275): Russia lost 1 tank since the "
        "previous report of 24 Nov 2022 (day 274); total 2,899"
    )
    table = tanks_only["blocks"][2]["text"]["text"]
    assert "personnel" not in table and "tanks" in table
    # Polling again changes nothing and posts nothing.
    await bot.service.poll_and_deliver()
    assert len(bot.slack.calls_to("chat.postMessage")) == 2
    assert [(c, k, s) for c, k, s, _ in bot.outbox()] == [
        ("C1", "alert", "sent"),
        ("C2", "alert", "sent"),
    ]


async def test_the_backfill_and_reports_before_subscribing_are_never_alerted(
    bot: Bot,
) -> None:
    assert bot.slack.calls_to("chat.postMessage") == []  # the fixture's backfill
    await bot.publish_25_nov()  # nobody subscribed yet
    bot.subscribe("C1")
    await bot.service.poll_and_deliver()
    assert bot.slack.calls_to("chat.postMessage") == [] and bot.outbox() == []


async def test_a_429_is_retried_after_retry_after_and_posts_once(bot: Bot) -> None:
    bot.subscribe("C1")
    bot.slack.faults["chat.postMessage"] = ["429"]
    await bot.publish_25_nov()
    assert bot.slack.posted("C1") == [] and bot.outbox()[0][2] == "pending"
    await bot.service.deliver()  # not yet: Slack said to wait a second
    assert len(bot.slack.calls_to("chat.postMessage")) == 1
    bot.clock.advance(1)
    await bot.service.deliver()
    assert len(bot.slack.posted("C1")) == 1
    assert bot.outbox()[0][2:] == ("sent", bot.slack.posted("C1")[0]["ts"])


async def test_a_500_that_did_not_post_is_retried_and_posts_once(bot: Bot) -> None:
    bot.subscribe("C1")
    bot.slack.faults["chat.postMessage"] = ["500"]
    await bot.publish_25_nov()
    bot.clock.advance(5)
    await bot.service.deliver()
    assert len(bot.slack.posted("C1")) == 1
    assert len(bot.slack.calls_to("chat.postMessage")) == 2
    assert len(bot.slack.calls_to("conversations.history")) == 1  # checked before re-posting


async def test_a_500_after_slack_posted_is_found_in_the_channel_not_posted_again(bot: Bot) -> None:
    bot.subscribe("C1")
    bot.slack.faults["chat.postMessage"] = ["500-after-post"]
    await bot.publish_25_nov()
    assert len(bot.slack.posted("C1")) == 1 and bot.outbox()[0][2] == "pending"
    bot.clock.advance(5)
    await bot.service.deliver()
    assert len(bot.slack.calls_to("chat.postMessage")) == 1
    (message,) = bot.slack.posted("C1")
    assert bot.outbox()[0][2:] == ("sent", message["ts"])


async def test_a_permanent_error_is_recorded_shown_and_not_retried(bot: Bot) -> None:
    bot.subscribe("C1")
    bot.subscribe("CGONE")
    bot.slack.faults["chat.postMessage"] = ["channel_not_found"]  # the first post: CGONE? C1?
    await bot.publish_25_nov()
    statuses = {c: s for c, _, s, _ in bot.outbox()}
    failed = [c for c, s in statuses.items() if s == "failed"]
    assert len(failed) == 1 and list(statuses.values()).count("sent") == 1
    bot.clock.advance(3600)
    await bot.service.deliver()
    assert len(bot.slack.calls_to("chat.postMessage")) == 2
    with bot.engine.connect() as db:
        problems = {s.subscription.channel_id: s.problem for s in team_subscriptions(db, "T1")}
    assert problems[failed[0]] == "channel_not_found"


async def test_an_alert_says_where_the_reports_stated_change_is_not_its_totals(
    bot: Bot,
) -> None:
    """The API's `increase` is the report's own word for the day's change: an alert whose
    totals give another shows both numbers, and says who gives the stated one."""
    bot.subscribe("C1")
    records = api_records()
    records[-1]["increase"]["personnel_units"] = 400  # the totals give +430
    bot.source.records = records
    await bot.service.poll_and_deliver()
    (alert,) = bot.slack.posted("C1")
    assert (
        "The report of 25 Nov 2022 (day 275) states a change of +400 in personnel (according "
        "to russianwarship.rip), but its totals give +430 from the day before."
    ) in json.dumps(alert["blocks"], ensure_ascii=False)


async def test_a_restated_report_posts_one_correction_in_the_alerts_thread(bot: Bot) -> None:
    bot.subscribe("C1")
    bot.subscribe("C2", "personnel")
    await bot.publish_25_nov()
    (alert,) = bot.slack.posted("C1")
    bot.source.records[-1] = api_record("2022-11-25", 86150, 2901)  # tanks restated
    await bot.service.poll_and_deliver()
    await bot.service.poll_and_deliver()
    corrections = [m for m in bot.slack.posted("C1") if m.get("thread_ts")]
    assert [m["thread_ts"] for m in corrections] == [alert["ts"]]
    assert corrections[0]["text"] == (
        "Correction to the General Staff report of 25 Nov 2022 (day 275): "
        "tanks now 2,901 (was 2,899, +2)"
    )
    assert len(bot.slack.posted("C2")) == 1  # its categories did not change
    # The alert itself now shows the corrected figure, edited once, in place.
    assert [c["ts"] for c in bot.slack.calls_to("chat.update")] == [alert["ts"]]
    edited = bot.slack.posted("C1")[0]
    assert edited["ts"] == alert["ts"]
    assert edited["text"].startswith(
        "Corrected: tanks 2,901 (was 2,899). New General Staff report, 25 Nov 2022 (day 275)"
    )
    assert "2,901" in json.dumps(edited["blocks"])


async def test_a_correction_is_edited_in_and_replied_once_whatever_slack_answers(
    bot: Bot,
) -> None:
    """Slack answers the edit 500, then 429; the reply's first post 500 after posting: the
    alert is updated (an update is idempotent) and the thread gets one reply."""
    bot.subscribe("C1")
    await bot.publish_25_nov()
    (alert,) = bot.slack.posted("C1")
    bot.slack.faults = {"chat.update": ["500", "429"], "chat.postMessage": ["500-after-post"]}
    bot.source.records[-1] = api_record("2022-11-25", 86150, 2901)
    await bot.service.poll_and_deliver()
    for _ in range(6):
        bot.clock.advance(120)
        await bot.service.deliver()
    replies = [m for m in bot.slack.posted("C1") if m.get("thread_ts") == alert["ts"]]
    assert len(replies) == 1
    assert len(bot.slack.calls_to("chat.update")) >= 3  # refused twice, then done
    assert bot.slack.posted("C1")[0]["text"].startswith("Corrected: tanks 2,901 (was 2,899).")
    assert [s for _c, k, s, _ts in bot.outbox() if k == "correction"] == ["sent"]


async def test_an_alert_slack_will_not_edit_still_gets_its_correction_reply(bot: Bot) -> None:
    bot.subscribe("C1")
    await bot.publish_25_nov()
    (alert,) = bot.slack.posted("C1")
    bot.slack.faults = {"chat.update": ["cant_update_message"]}
    bot.source.records[-1] = api_record("2022-11-25", 86150, 2901)
    await bot.service.poll_and_deliver()
    assert bot.slack.posted("C1")[0]["text"] == alert["text"]  # left as it was
    (reply,) = [m for m in bot.slack.posted("C1") if m.get("thread_ts") == alert["ts"]]
    assert reply["text"].startswith("Correction to the General Staff report of 25 Nov 2022")


async def test_without_slack_credentials_the_alerts_are_printed(
    engine: Engine, source_server: SourceServer
) -> None:
    bot = make_bot(engine, source_server, None)
    await bot.service.start()
    source_server.records = api_records(FIRST_FOUR)
    await bot.service.poll_and_deliver()
    assert bot.printed == []  # the first backfill is not news
    await bot.publish_25_nov()
    await bot.service.close()
    (printed,) = bot.printed
    assert printed.startswith("[dry run] would post:\nNew General Staff report: 25 Nov 2022")
    assert "Russia lost 430 personnel" in printed


async def test_the_outbox_payload_is_the_message_as_composed_when_stored(bot: Bot) -> None:
    bot.subscribe("C1")
    bot.slack.faults["chat.postMessage"] = ["500"]
    await bot.publish_25_nov()
    with bot.engine.connect() as db:
        payload = json.loads(db.execute(select(alert_outbox.c.payload)).scalar_one())
    bot.clock.advance(5)
    await bot.service.deliver()
    (message,) = bot.slack.posted("C1")
    assert message["text"] == payload["text"] and message["blocks"] == payload["blocks"]


def test_subscriptions_of_one_channel_merge_into_one_alert() -> None:
    from bot.app.alerting import channel_alerts
    from storage.subscriptions import Subscription

    merged = channel_alerts(
        [
            Subscription("TB", "CS", ("tanks",)),
            Subscription("TA", "CS", ("personnel", "tanks"), "E1"),
            Subscription("TA", "CA", ("personnel",)),
            Subscription("TC", "CX", ()),
            Subscription("TD", "CX", ("tanks",)),
        ]
    )
    shared = merged["CS"]
    assert (shared.team_id, shared.enterprise_id, shared.shared) == ("TA", "E1", True)
    assert set(shared.categories) == {"personnel", "tanks"} and len(shared.categories) == 2
    assert merged["CA"].categories == ("personnel",) and not merged["CA"].shared
    assert merged["CX"].categories == () and merged["CX"].team_id == "TC"  # one wants all
