"""Editor approval end to end: `/losses approval <#C|editors>` and the draft's buttons sent
signed to the real Bolt endpoint, the real poller over a source server, the real senders, the
fake Slack Web API recording every post and edit; on SQLite and PostgreSQL.

A draft goes to the editors' channel and nothing to subscribed channels; Approve fans the alert
out once however many editors click and however many workers send; Hold, a newer report and a
correction edit the draft; only the editors' channel's members decide."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import Engine, select

from bot.app.approval import decide_draft
from bot.core.confirmation import SINGLE_SOURCE
from bot.render.drafts import DRAFT_APPROVE, DRAFT_HOLD
from bot.slack.app import build_bolt_app
from bot.slack.client import make_client
from bot.slack.delivery import Deliverer
from bot.slack.editors import SlackEditors
from bot.slack.typed import typed
from bot.web import build_web_app
from storage.approvals import set_desk
from storage.db import make_engine
from storage.models import alert_outbox, approval_desks, drafts
from storage.subscriptions import set_mode
from tests.support.alerting_bot import Bot, make_bot
from tests.support.bolt_server import SECRET, Server
from tests.support.fake_slack import FakeSlack
from tests.support.loopback import serve_on_loopback
from tests.support.payloads import (
    NOV_2022,
    api_record,
    api_records,
    equipment_rows,
    personnel_rows,
)
from tests.support.source_server import SourceServer

EDITORS = "CED0001"


@pytest.fixture
async def desk(bot: Bot) -> AsyncIterator[Server]:
    """The Bolt endpoint over the bot's own service and front door; approval on, with
    #editors' members U1 and U7; C1 subscribed to everything, C2 to tanks."""
    bolt = build_bolt_app(make_client(bot.service.settings), SECRET, bot.desk)
    runner, port = await serve_on_loopback(build_web_app(bot.service, bolt))
    bot.slack.members[EDITORS] = ["U1", "U7", "U9"]
    bot.subscribe("C1")
    bot.subscribe("C2", "tanks")
    async with aiohttp.ClientSession() as http:
        server = Server(f"http://127.0.0.1:{port}", http, bot.service, bot.slack.response_url,
                        bot.desk)  # fmt: skip
        status, reply = await server.command(f"approval <#{EDITORS}|editors>", channel="C1")
        assert status == 200 and f"goes to <#{EDITORS}> first" in reply["text"]
        yield server
    await runner.cleanup()


def button(bot: Bot, draft: dict[str, Any], action: str, user: str) -> dict[str, Any]:
    """A click on a draft's button, as Slack sends it from the editors' channel."""
    (row,) = [b for b in draft["blocks"] if b["type"] == "actions"]
    (chosen,) = [e for e in row["elements"] if e["action_id"] == action]
    return {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": EDITORS},
        "container": {"type": "message", "message_ts": draft["ts"]},
        "response_url": bot.slack.response_url,
        "actions": [{"action_id": action, "value": chosen["value"], "action_ts": "1.2"}],
    }


def the_draft(bot: Bot, n: int = 0) -> dict[str, Any]:
    return bot.slack.posted(EDITORS)[n]


def told(bot: Bot) -> list[str]:
    """What editors were told privately, in order."""
    return [r.get("text", "") for r in bot.slack.responses]


async def settled(bot: Bot) -> None:
    """Every queued message sent (a click sends at once in the background; this waits)."""
    await bot.service.deliver()
    await asyncio.sleep(0.05)


async def test_a_draft_waits_for_an_editor_then_goes_out_once_with_who_approved(
    bot: Bot, desk: Server
) -> None:
    await bot.publish_25_nov()
    assert bot.slack.posted("C1") == [] and bot.slack.posted("C2") == []
    draft = copy.deepcopy(the_draft(bot))  # as editors' clients show it, buttons and all
    text = str(draft["blocks"])
    assert draft["text"].startswith("Draft for approval: New General Staff report, 25 Nov 2022")
    assert "Approving posts this alert to <#C1>, <#C2>" in text
    assert "Report received <!date^" in text and "Unconfirmed" not in text
    assert "2,899" in text  # the alert itself, figures and all
    # Two editors click Approve at the same moment: one fan-out.
    clicks = await asyncio.gather(
        desk.interact(button(bot, draft, DRAFT_APPROVE, "U1")),
        desk.interact(button(bot, draft, DRAFT_APPROVE, "U7")),
    )
    assert [status for status, _ in clicks] == [200, 200]
    await bot.slack.wait_for(lambda: len(told(bot)) == 2)
    await settled(bot)
    (c1,) = bot.slack.posted("C1")
    (c2,) = bot.slack.posted("C2")
    # The other click was told who approved it.
    (winner,) = [t.split("<@")[1][:2] for t in told(bot) if "already approved" in t]
    assert f"Approved by <@{winner}>." in str(c1["blocks"])
    assert "Russia lost 1 tank since" in c2["text"]  # C2's own categories: what it asked for
    assert any("Approved: the alert goes to <#C1>, <#C2> now." in t for t in told(bot))
    edited = the_draft(bot)
    assert edited["text"].startswith("Approved: ")
    assert f"*Approved by <@{winner}>*" in str(edited["blocks"])
    assert "actions" not in [b["type"] for b in edited["blocks"]]  # nothing left to click
    # Clicked again later: nothing more goes out.
    await desk.interact(button(bot, draft, DRAFT_APPROVE, "U9"))
    await settled(bot)
    assert len(bot.slack.posted("C1")) == 1 and len(bot.slack.posted("C2")) == 1
    assert f"<@{winner}> already approved this draft" in told(bot)[-1]


async def test_only_the_editors_channels_members_decide_or_change_approval(
    bot: Bot, desk: Server
) -> None:
    await bot.publish_25_nov()
    draft = the_draft(bot)
    await desk.interact(button(bot, draft, DRAFT_APPROVE, "U5"))
    await bot.slack.wait_for(lambda: len(told(bot)) == 1)
    assert (
        told(bot)[0]
        == f"Only members of <#{EDITORS}> can approve or hold drafts, or change approval."
    )
    await settled(bot)
    assert bot.slack.posted("C1") == [] and the_draft(bot)["text"].startswith("Draft for")
    # A channel the bot cannot see: it says to invite it, and changes nothing.
    _, reply = await desk.command("approval <#CSECRET|private>", channel="C1")
    assert reply["text"] == (
        "I cannot see who is in <#CSECRET>: invite me to it (`/invite @losses-bot`) and try again."
    )
    # Membership is asked once a minute, not once a click (three members, two to a page).
    assert len(bot.slack.calls_to("conversations.members")) == 2 + 1
    # U1, who sends these commands, leaves #editors; a minute later approval is not theirs.
    bot.slack.members[EDITORS] = ["U7", "U9"]
    editors = bot.desk.editors
    assert isinstance(editors, SlackEditors)
    editors.clock = lambda: time.monotonic() + 61
    _, reply = await desk.command("approval off", channel="C1")
    assert reply["text"].startswith(f"Only members of <#{EDITORS}>")
    _, reply = await desk.command("approval", channel="C1")  # anyone may ask how it stands
    assert f"goes to <#{EDITORS}> first" in reply["text"] and "1 waiting" in reply["text"]


async def test_a_held_draft_says_who_held_it_and_can_still_be_approved(
    bot: Bot, desk: Server
) -> None:
    await bot.publish_25_nov()
    draft = the_draft(bot)
    await desk.interact(button(bot, draft, DRAFT_HOLD, "U1"))
    await settled(bot)
    held = the_draft(bot)
    assert held["text"].startswith("Held: ") and "*Held by <@U1>*" in str(held["blocks"])
    assert bot.slack.posted("C1") == []
    await desk.interact(button(bot, held, DRAFT_APPROVE, "U7"))
    await bot.slack.wait_for(lambda: len(bot.slack.posted("C1")) == 1)
    assert "Approved by <@U7>." in str(bot.slack.posted("C1")[0]["blocks"])
    assert the_draft(bot)["text"].startswith("Approved: ")


async def test_a_newer_report_supersedes_a_draft_nobody_approved(bot: Bot, desk: Server) -> None:
    await bot.publish_25_nov()
    old = copy.deepcopy(the_draft(bot))  # as an editor's client still shows it
    bot.source.records.append(api_record("2022-11-26", 86710, 2905))
    bot.clock.advance(86400)
    await bot.service.poll_and_deliver()
    superseded, new = the_draft(bot), the_draft(bot, 1)
    assert superseded["text"].startswith("Superseded: ")
    assert "by the report of 26 Nov 2022 (day 276)" in str(superseded["blocks"])
    assert "actions" not in [b["type"] for b in superseded["blocks"]]
    assert new["text"].startswith("Draft for approval: New General Staff report, 26 Nov 2022")
    await desk.interact(button(bot, old, DRAFT_APPROVE, "U1"))  # an old click still in a client
    await bot.slack.wait_for(lambda: len(told(bot)) == 1)
    assert "superseded" in told(bot)[0]
    await settled(bot)
    assert bot.slack.posted("C1") == []


async def test_a_correction_edits_the_draft_and_later_the_approved_alert(
    bot: Bot, desk: Server
) -> None:
    await bot.publish_25_nov()
    bot.source.records[-1] = api_record("2022-11-25", 86150, 2902)
    await bot.service.poll_and_deliver()
    assert "2,902" in str(the_draft(bot)["blocks"]) and bot.slack.posted("C1") == []
    await desk.interact(button(bot, the_draft(bot), DRAFT_APPROVE, "U1"))
    await bot.slack.wait_for(lambda: len(bot.slack.posted("C1")) == 1)
    assert "2,902" in str(bot.slack.posted("C1")[0]["blocks"])  # what the editor approved
    bot.source.records[-1] = api_record("2022-11-25", 86150, 2904)
    bot.clock.advance(60)
    await bot.service.poll_and_deliver()
    alert = bot.slack.posted("C1")[0]
    assert alert["text"].startswith("Corrected: tanks 2,904 (was 2,902).")
    assert "Approved by <@U1>." in str(alert["blocks"])  # the edit keeps who approved it
    assert the_draft(bot)["text"].startswith("Approved: ")


async def test_approval_off_sends_the_next_alert_straight_out_but_never_a_held_one(
    bot: Bot, desk: Server
) -> None:
    await bot.publish_25_nov()
    await desk.interact(button(bot, the_draft(bot), DRAFT_HOLD, "U1"))
    _, reply = await desk.command("затвердження вимкнути", channel="C1")
    assert "Тепер сповіщення надходять одразу" in reply["text"]
    bot.source.records.append(api_record("2022-11-26", 86710, 2905))
    bot.clock.advance(86400)
    await bot.service.poll_and_deliver()
    (alert,) = bot.slack.posted("C1")  # 26 Nov, straight out; the held 25 Nov never
    assert alert["text"].startswith("New General Staff report, 26 Nov 2022")
    assert "Approved by" not in str(alert["blocks"])


async def test_two_processes_approving_at_once_fan_out_once(bot: Bot, desk: Server) -> None:
    """Two processes (their own engines) approve in the same moment and two workers send:
    one decides, one alert per channel."""
    await bot.publish_25_nov()
    with bot.engine.connect() as db:
        (draft_id,) = db.execute(select(drafts.c.id)).scalars()
    other = make_engine(bot.engine.url.render_as_string(hide_password=False))
    history, now = bot.service.cache.current, bot.clock()

    def approve(engine: Engine, user: str) -> Any:
        return decide_draft(engine, history, draft_id, True, user, now, timedelta(hours=12),
                            SINGLE_SOURCE)  # fmt: skip

    try:
        first, second = await asyncio.gather(
            asyncio.to_thread(approve, bot.engine, "U1"), asyncio.to_thread(approve, other, "U7")
        )
    finally:
        other.dispose()
    assert sorted([first.done, second.done]) == [False, True]
    sender = bot.service.sender
    assert isinstance(sender, Deliverer)
    worker = Deliverer(bot.engine, sender.clients, bot.clock, timedelta(minutes=2))
    await asyncio.gather(sender.deliver_due(), worker.deliver_due())
    assert len(bot.slack.posted("C1")) == 1 and len(bot.slack.posted("C2")) == 1
    with bot.engine.connect() as db:
        kinds = db.execute(select(alert_outbox.c.kind, alert_outbox.c.status)).all()
    assert sorted(kinds) == [("alert", "sent"), ("alert", "sent"), ("draft", "sent"),
                             ("draft-edit", "sent")]  # fmt: skip


async def test_subscriptions_and_home_show_approval_and_an_uninstall_forgets_it(
    bot: Bot, desk: Server
) -> None:
    await bot.publish_25_nov()
    _, reply = await desk.command("subscriptions", channel="C1")
    assert reply["text"].endswith(
        f"*Approval:* each alert goes to <#{EDITORS}> first, as a draft an editor approves "
        "(1 waiting)."
    )
    await desk.event("app_home_opened", user="U1", tab="home", channel="D1")
    await bot.slack.wait_for(lambda: "U1" in bot.slack.homes)
    assert f"*Approval:* each alert goes to <#{EDITORS}>" in str(bot.slack.homes["U1"])
    await desk.event("app_uninstalled")
    with bot.engine.connect() as db:
        assert db.execute(select(drafts.c.id)).all() == []
        assert db.execute(select(approval_desks.c.team_id)).all() == []


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("approval <#C0123|editors>", "approval <#C0123|editors>"),  # kept for the command
        ("claims Mediazona &amp; Meduza", "claims Mediazona & Meduza"),
        ("tanks since &lt;1 Nov&gt;", "tanks since <1 Nov>"),
        ("claim by <@U0123|anna>", "claim by @anna"),
        ("see <https://example.org/a|example.org/a>", "see example.org/a"),
        ("see <https://example.org/a>", "see https://example.org/a"),
    ],
)
def test_what_slack_sends_escaped_is_read_as_typed(sent: str, read: str) -> None:
    assert typed(sent) == read


async def test_a_draft_says_its_report_is_unconfirmed_until_a_second_source_agrees(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> None:
    """Two transcriptions: a fast channel's draft is posted at the first, marked unconfirmed,
    and redrawn once the second agrees; approved then, both channels get it confirmed."""
    first_four = dict(list(NOV_2022.items())[:4])
    bot = make_bot(engine, source_server, fake_slack,
                   sources=(("russianwarship", source_server.api_url),
                            ("dataset", source_server.data_url)))  # fmt: skip
    source_server.records = api_records(first_four)
    source_server.files = {"russia_losses_personnel.json": personnel_rows(first_four),
                           "russia_losses_equipment.json": equipment_rows(first_four)}  # fmt: skip
    await bot.service.start()
    try:
        await bot.service.poll_and_deliver()  # the backfill: nothing
        bot.subscribe("C-DESK")
        bot.subscribe("C-FAST")
        with engine.begin() as db:
            set_mode(db, "T1", "C-FAST", "fast")
            set_desk(db, "T1", EDITORS, "U1", bot.clock())
        await bot.publish_25_nov()  # the API only
        draft = the_draft(bot)
        assert "Unconfirmed: only russianwarship.rip has published this report so far." in str(
            draft["blocks"]
        )
        assert bot.slack.posted("C-FAST") == [] and bot.slack.posted("C-DESK") == []
        source_server.files = {"russia_losses_personnel.json": personnel_rows(),
                               "russia_losses_equipment.json": equipment_rows()}  # fmt: skip
        bot.clock.advance(600)
        await bot.service.poll_and_deliver()
        redrawn = str(the_draft(bot)["blocks"])
        assert "Confirmed by its sources." in redrawn and "Unconfirmed" not in redrawn
        assert len(bot.slack.posted(EDITORS)) == 1  # edited, not posted again
        with engine.connect() as db:
            (draft_id,) = db.execute(select(drafts.c.id)).scalars()
        decided = await asyncio.to_thread(
            decide_draft, engine, bot.service.cache.current, draft_id, True, "U7", bot.clock(),
            timedelta(hours=12), bot.service.settings.confirmation,
        )  # fmt: skip
        assert decided is not None and decided.done
        await bot.service.deliver()
        for channel in ("C-FAST", "C-DESK"):
            (alert,) = bot.slack.posted(channel)
            assert alert["text"].startswith("New General Staff report, 25 Nov 2022")
            assert "Approved by <@U7>." in str(alert["blocks"])
    finally:
        await bot.service.close()


def test_a_channel_wide_mention_stays_markup_for_the_reply_to_escape() -> None:
    assert typed("<!channel> tanks") == "<!channel> tanks"


async def test_a_draft_slack_refused_is_shown_where_approval_is(bot: Bot, desk: Server) -> None:
    bot.slack.faults = {"chat.postMessage": ["is_archived"]}  # the editors' channel was archived
    await bot.publish_25_nov()
    assert bot.slack.posted(EDITORS) == [] and bot.slack.posted("C1") == []
    _, reply = await desk.command("subscriptions", channel="C1")
    assert reply["text"].endswith(
        "(1 waiting). The last draft did not reach it: `is_archived`; nothing goes out without one."
    )


async def test_a_draft_approved_after_every_channel_left_sends_nothing_and_says_so(
    bot: Bot, desk: Server
) -> None:
    await bot.publish_25_nov()
    for channel in ("C1", "C2"):
        await desk.command("unsubscribe", channel=channel)
    await desk.interact(button(bot, copy.deepcopy(the_draft(bot)), DRAFT_APPROVE, "U1"))
    await bot.slack.wait_for(lambda: len(told(bot)) == 1)
    assert told(bot) == [
        "Approved, but no channel of this workspace is subscribed now: nothing was sent."
    ]
    await settled(bot)
    assert bot.slack.posted("C1") == [] and bot.slack.posted("C2") == []
