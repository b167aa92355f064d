"""A dispute between transcriptions, end to end: three real source clients on loopback (orc-losses'
file, the dataset's files, the russianwarship.rip API), the real poller and the fake Slack, on
SQLite and PostgreSQL. An undecided figure holds a `confirmed` channel's alert; a late third
transcription decides it, and a channel already alerted gets its alert edited once and one
reply that says why."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Engine

from storage.history import load_history
from storage.subscriptions import set_mode
from tests.support.alerting_bot import Bot, make_bot
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import NOV_2022, api_records, equipment_rows, personnel_rows
from tests.support.source_server import SourceServer

FIRST_FOUR = dict(list(NOV_2022.items())[:4])
# orc-losses' slip on 25 Nov: tanks 2,900 where the dataset (and the report's +1) say 2,899.
ORC_NOV_2022 = {**NOV_2022, "2022-11-25": (86150, 2900)}


def orc_records(figures: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
    """orc-losses' file: newest first, its own keys, a link with no stated rise."""
    return [
        {"date": on, "sourceUri": f"https://www.mil.gov.ua/news/{on}", "personnel": p, "tanks": t}
        for on, (p, t) in sorted(figures.items(), reverse=True)
    ]


def serve(source: SourceServer, orc: dict[str, tuple[int, int]],
          dataset: dict[str, tuple[int, int]]) -> None:  # fmt: skip
    source.files = {
        "russian-losses.json": orc_records(orc),
        "russia_losses_personnel.json": personnel_rows(dataset),
        "russia_losses_equipment.json": equipment_rows(dataset),
    }


async def test_a_late_third_transcription_decides_and_the_alert_is_corrected_once(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> None:
    # orc-losses first in the order: an undecided figure is its value for arithmetic.
    sources = (
        ("orc-losses", f"{source_server.data_url}/russian-losses.json"),
        ("dataset", source_server.data_url),
        ("russianwarship", source_server.api_url),
    )
    bot: Bot = make_bot(engine, source_server, fake_slack, sources=sources)
    serve(source_server, FIRST_FOUR, FIRST_FOUR)
    source_server.records = api_records(FIRST_FOUR)
    await bot.service.start()
    await bot.service.poll_and_deliver()  # the backfill: no alert
    bot.subscribe("C-DESK")
    bot.subscribe("C-FAST")
    with bot.engine.begin() as db:
        assert set_mode(db, "T1", "C-FAST", "fast")

    serve(source_server, ORC_NOV_2022, FIRST_FOUR)  # orc-losses publishes 25 Nov first
    await bot.service.poll_and_deliver()
    (alert,) = bot.slack.posted("C-FAST")
    assert alert["text"].startswith("Unconfirmed: only orc-losses has published this report")
    serve(source_server, ORC_NOV_2022, NOV_2022)  # then the dataset: tanks disagree
    await bot.service.poll_and_deliver()
    # Personnel agrees, but nothing decides tanks: the confirmed channel waits, and the figure
    # used for arithmetic (orc-losses', first in the order) has not changed: no correction.
    assert bot.slack.posted("C-DESK") == []
    assert len(bot.slack.posted("C-FAST")) == 1 and bot.slack.calls_to("chat.update") == []
    with bot.engine.connect() as db:
        history = load_history(db)
    assert history.latest.decided == {"tanks": "undecided"}  # type: ignore[union-attr]

    source_server.records = api_records()  # russianwarship.rip: 2,899, "+1" in its `increase`
    await bot.service.poll_and_deliver()
    await bot.service.poll_and_deliver()
    replies = [m for m in bot.slack.posted("C-FAST") if m.get("thread_ts") == alert["ts"]]
    assert [r["text"] for r in replies] == [
        "Correction to the General Staff report of 25 Nov 2022 (day 275): tanks now 2,899 "
        "(was 2,900, -1)"
    ]
    why = json.dumps(replies[0]["blocks"], ensure_ascii=False)
    assert "2,899 is published because it gives the +1 the report states." in why
    assert [c["ts"] for c in bot.slack.calls_to("chat.update")] == [alert["ts"]]  # edited once
    assert bot.slack.posted("C-FAST")[0]["text"].startswith("Corrected: tanks 2,899 (was 2,900).")
    # The confirmed channel gets its one alert now, with the decided figure.
    (desk,) = bot.slack.posted("C-DESK")
    assert desk["text"].startswith("New General Staff report, 25 Nov 2022 (day 275)")
    assert (
        "disagree on tanks: 2,899 (2022-Ukraine-Russia-War-Dataset, russianwarship.rip), 2,900 "
        "(orc-losses); 2,899 is published because it gives the +1 the report states."
    ) in json.dumps(desk["blocks"], ensure_ascii=False)
    await bot.service.poll_and_deliver()  # and again: nothing more
    assert len(bot.slack.calls_to("chat.postMessage")) == 3  # two alerts and one reply
    await bot.service.close()


POST_25_NOV = (
    "<p>Загальні бойові втрати противника від 24.02 до 25.11 орієнтовно становлять: особового "
    "складу — близько 86150 (+430) осіб ліквідовано, танків — 2899 (+1) од.</p>"
)


async def test_the_general_staff_s_post_decides_what_nothing_else_does_read_once(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack, caplog: Any
) -> None:
    sources = (
        ("orc-losses", f"{source_server.data_url}/russian-losses.json"),
        ("dataset", source_server.data_url),
    )
    template = f"{source_server.data_url}/post-{{date:%d.%m.%y}}"
    bot: Bot = make_bot(engine, source_server, fake_slack, sources=sources, genstaff_url=template)
    serve(source_server, FIRST_FOUR, FIRST_FOUR)
    await bot.service.start()
    await bot.service.poll_and_deliver()
    bot.subscribe("C-DESK")
    # 25 Nov: orc-losses swaps two digits of personnel; nothing in the transcriptions decides.
    serve(source_server, {**NOV_2022, "2022-11-25": (86510, 2899)}, NOV_2022)
    source_server.files["post-25.11.22"] = POST_25_NOV.encode()
    await bot.service.poll_and_deliver()
    with bot.engine.connect() as db:
        latest = load_history(db).latest
    assert latest is not None and latest.totals["personnel_units"] == 86150
    assert latest.decided == {"personnel_units": "primary"}
    assert latest.disputed["personnel_units"]["genstaff"] == 86150
    (alert,) = bot.slack.posted("C-DESK")
    assert "86,150 is published because the General Staff's own post gives it." in json.dumps(
        alert["blocks"], ensure_ascii=False
    )
    fetched = [r for r in source_server.requests if "post-" in r]
    await bot.service.poll_and_deliver()
    assert [r for r in source_server.requests if "post-" in r] == fetched == ["/data/post-25.11.22"]

    # A post that does not parse stores nothing, is logged once and not asked for again.
    bot.clock.advance(24 * 3600)  # the morning of 26 Nov
    serve(source_server, {**NOV_2022, "2022-11-26": (86600, 2900)},
          {**NOV_2022, "2022-11-26": (86610, 2900)})  # fmt: skip
    source_server.files["post-26.11.22"] = b"<html>maintenance</html>"
    for _ in range(3):
        await bot.service.poll_and_deliver()
    assert [r for r in source_server.requests if "post-26" in r] == ["/data/post-26.11.22"]
    warned = [r for r in caplog.records if "post of 2022-11-26 was not read" in r.getMessage()]
    assert len(warned) == 1
    with bot.engine.connect() as db:
        held = load_history(db).on(date(2022, 11, 26))
    assert held is not None and "genstaff" not in held.transcriptions
    assert held.decided == {"personnel_units": "undecided"}
    await bot.service.close()
