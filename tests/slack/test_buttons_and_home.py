"""Buttons and the App Home over the real Bolt endpoint, with signed requests and the fake Slack
Web API: a private answer's "Post to channel", "Chart this" and "CSV" (each acting once per
message, however often clicked), an alert's "Chart" and "Unsubscribe this channel", and the Home
tab with its "Subscribe a channel" form, "Chart" and "Export CSV"."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from bot.render.alerts import compose_alert
from bot.render.blocks import ALERT_CHART, ALERT_MENU, ANSWER_CHART, ANSWER_CSV, ANSWER_POST
from bot.render.home import (
    HOME_CHART,
    HOME_CSV,
    HOME_SUBSCRIBE,
    SUBSCRIBE_FORM,
    subscribe_form,
    subscribed,
)
from storage.channels import set_digest
from storage.subscriptions import all_subscriptions, subscribe
from tests.support.bolt_server import FIXTURE_NOW, Server
from tests.support.fake_slack import FakeSlack


def click(action_id: str, value: str, message_ts: str = "1669280000.000100", **extra: Any) -> dict:
    return {
        "type": "block_actions",
        "trigger_id": "9.9.9",
        "channel": {"id": "C1"},
        "container": {"type": "message", "message_ts": message_ts, "is_ephemeral": True},
        "response_url": extra.pop("response_url"),
        "actions": [{"action_id": action_id, "value": value, "action_ts": "1.2", **extra}],
    }


def home_click(action_id: str) -> dict[str, Any]:
    """A button on the Home tab: no channel, no response_url."""
    return {"type": "block_actions", "trigger_id": "5.5.5",
            "actions": [{"action_id": action_id, "value": "x"}]}  # fmt: skip


async def buttons_of(server: Server, question: str) -> dict[str, str]:
    _, reply = await server.command(question)
    actions = [b for b in reply["blocks"] if b["type"] == "actions"]
    return {e["action_id"]: e["value"] for e in actions[0]["elements"]}


async def test_post_to_channel_posts_the_answer_once_however_often_clicked(
    server: Server, fake_slack: FakeSlack
) -> None:
    buttons = await buttons_of(server, "tanks on 2022-11-24")
    assert buttons == {ANSWER_POST: "tanks on 2022-11-24", ANSWER_CHART: "tanks on 2022-11-24",
                       ANSWER_CSV: "tanks on 2022-11-24"}  # fmt: skip
    for _ in range(2):  # a double click
        status, _ = await server.interact(
            click(ANSWER_POST, buttons[ANSWER_POST], response_url=server.response_url)
        )
        assert status == 200
    first, second = fake_slack.responses
    assert first["response_type"] == "in_channel" and first["replace_original"] is False
    assert "2,898" in str(first["blocks"]) and "actions" not in str(first["blocks"])
    assert second["response_type"] == "ephemeral" and "already used" in second["text"]
    # Another answer's button (another message) posts its own answer.
    await server.interact(
        click(ANSWER_POST, buttons[ANSWER_POST], "1669280000.000200",
              response_url=server.response_url)
    )  # fmt: skip
    assert fake_slack.responses[-1]["response_type"] == "in_channel"


async def test_chart_this_and_csv_post_a_file_to_the_channel_once(
    server: Server, fake_slack: FakeSlack
) -> None:
    buttons = await buttons_of(server, "tanks since 2022-11-23")
    for action in (ANSWER_CHART, ANSWER_CHART, ANSWER_CSV):
        status, _ = await server.interact(
            click(action, buttons[action], response_url=server.response_url)
        )
        assert status == 200
    await fake_slack.wait_for(lambda: len(fake_slack.files_in("C1")) == 2)
    chart, csv = sorted(fake_slack.files_in("C1"), key=lambda f: f["name"].endswith(".csv"))
    assert chart["name"].endswith(".png") and chart["data"].startswith(b"\x89PNG")
    assert csv["name"].endswith(".csv") and b"2898" in csv["data"]
    assert any("already used" in r.get("text", "") for r in fake_slack.responses)


async def test_a_crafted_button_value_gets_a_sentence_and_posts_nothing(
    server: Server, fake_slack: FakeSlack
) -> None:
    for action, value in ((ANSWER_POST, "subscribe"), (ANSWER_POST, "since banana"),
                          (ANSWER_CHART, "on 2022-11-24"), ("answer_delete", "x"),
                          (ANSWER_CSV, "tanks " * 2_000)):  # fmt: skip
        status, _ = await server.interact(click(action, value, response_url=server.response_url))
        assert status in (200, 400)  # 400: a button no listener takes
    assert all(r["response_type"] == "ephemeral" for r in fake_slack.responses)
    texts = " ".join(r.get("text", "") for r in fake_slack.responses)
    assert "carries no question" in texts and "banana" in texts and "two reports" in texts
    assert "no longer works" in texts  # a value longer than any the bot makes
    assert "Traceback" not in texts
    assert fake_slack.files_in("C1") == []


async def test_an_alert_carries_chart_and_an_unsubscribe_menu_that_works(
    server: Server, fake_slack: FakeSlack, engine: Engine
) -> None:
    history = server.service.cache.current
    assert history.latest is not None
    alert = compose_alert(history, history.latest, ("tanks",))
    (actions,) = [b for b in alert.blocks if b["type"] == "actions"]
    chart, menu = actions["elements"]
    assert chart["action_id"] == ALERT_CHART
    assert chart["value"] == "tanks between 2022-11-23 and 2022-11-24"  # from the first report on
    assert menu["action_id"] == ALERT_MENU and menu["confirm"]["confirm"]["text"] == "Unsubscribe"
    status, _ = await server.interact(
        click(ALERT_CHART, chart["value"], response_url=server.response_url)
    )
    await fake_slack.wait_for(lambda: len(fake_slack.files_in("C1")) == 1)
    with engine.begin() as db:
        subscribe(db, "T1", "C1", ("tanks",), "U1", FIXTURE_NOW)
    payload = click(ALERT_MENU, "", response_url=server.response_url)
    chosen = {"value": "unsubscribe"}
    payload["actions"][0] = {"action_id": ALERT_MENU, "type": "overflow",
                             "selected_option": chosen, "action_ts": "1.3"}  # fmt: skip
    status, _ = await server.interact(payload)
    assert status == 200
    with engine.connect() as db:
        assert all_subscriptions(db) == []
    assert "will get no more alerts" in fake_slack.responses[-1]["text"]


async def test_the_home_tab_shows_the_latest_report_channels_and_digests(
    server: Server, fake_slack: FakeSlack, engine: Engine
) -> None:
    with engine.begin() as db:
        subscribe(db, "T1", "C1", ("tanks",), "U1", FIXTURE_NOW)
        subscribe(db, "T2", "C9", (), "U1", FIXTURE_NOW)  # another workspace's channel
        set_digest(db, "T1", "C1", "weekly", FIXTURE_NOW)
    status, _ = await server.event("app_home_opened", user="U1", tab="home", channel="D1")
    assert status == 200
    await fake_slack.wait_for(lambda: "U1" in fake_slack.homes)
    text = str(fake_slack.homes["U1"]["blocks"])
    assert "Russia lost 310 personnel" in text and "85,720" in text  # the latest report
    assert "Source: General Staff" in text
    assert "<#C1> (tanks): no alert yet" in text and "C9" not in text
    assert "<#C1>: weekly summary, 09:00 UTC time" in text
    blocks = fake_slack.homes["U1"]["blocks"]
    buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [HOME_SUBSCRIBE, HOME_CHART, HOME_CSV]


async def test_subscribe_a_channel_from_the_home_tab(
    server: Server, fake_slack: FakeSlack, engine: Engine
) -> None:
    status, _ = await server.interact(home_click(HOME_SUBSCRIBE))
    assert status == 200
    (form,) = fake_slack.views.values()  # the fake checked it against Slack's limits
    assert form["callback_id"] == SUBSCRIBE_FORM
    picked = {"type": "conversations_select", "selected_conversation": "C07DESK"}
    values = {
        "channel": {"channel": picked},
        "categories_1": {"categories": {"type": "checkboxes", "selected_options": [
            {"value": "tanks"}, {"value": "drop_table"}]}},
    }  # fmt: skip
    submission = {"type": "view_submission", "view": {"type": "modal", "id": form["id"],
                  "callback_id": SUBSCRIBE_FORM, "state": {"values": values}}}  # fmt: skip
    status, body = await server.interact(submission)
    assert status == 200 and body in ("", {})
    with engine.connect() as db:
        (sub,) = all_subscriptions(db)
    assert (sub.team_id, sub.channel_id, sub.categories) == ("T1", "C07DESK", ("tanks",))
    await fake_slack.wait_for(lambda: "U1" in fake_slack.homes)
    assert "<#C07DESK> will now get an alert" in str(fake_slack.homes["U1"]["blocks"])
    no_channel = {**submission, "view": {**submission["view"], "state": {"values": {}}}}
    status, body = await server.interact(no_channel)
    assert body == {"response_action": "errors", "errors": {"channel": "Choose a channel."}}


def test_the_form_fits_slack_and_reads_only_known_categories() -> None:
    keys = [f"key{i}" for i in range(23)]
    form = subscribe_form(keys)
    groups = [
        b["element"]["options"] for b in form["blocks"] if b.get("block_id", "").startswith("cat")
    ]
    assert [len(g) for g in groups] == [10, 10, 3]
    values = {
        "channel": {"channel": {"selected_conversation": "<!channel>"}},
        "categories_2": {"categories": {"selected_options": [{"value": "key12"}]}},
    }
    assert subscribed(values, keys) == ("", ("key12",))
    assert subscribed({"channel": "nonsense"}, keys) == ("", ())


async def test_chart_and_csv_from_the_home_tab_arrive_in_the_messages_tab(
    server: Server, fake_slack: FakeSlack
) -> None:
    for action in (HOME_CHART, HOME_CSV):
        status, _ = await server.interact(home_click(action))
        assert status == 200
    await fake_slack.wait_for(lambda: len(fake_slack.files_in("DU1")) == 2)
    names = sorted(f["name"] for f in fake_slack.files_in("DU1"))
    assert names[0].endswith(".csv") and names[1].endswith(".png")
    assert fake_slack.calls_to("conversations.open")[0]["users"] == "U1"


async def test_a_ukrainian_answer_has_ukrainian_buttons_and_a_missing_scope_is_told_on_home(
    server: Server, fake_slack: FakeSlack
) -> None:
    _, reply = await server.command("танки з 23 листопада 2022")
    (actions,) = [b for b in reply["blocks"] if b["type"] == "actions"]
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels == ["Опублікувати в каналі", "Графік", "CSV"]
    # An install from before the Home tab lacks im:write: the user is told why, on the tab.
    fake_slack.faults["conversations.open"] = ["missing_scope"]
    await server.interact(home_click(HOME_CSV))
    await fake_slack.wait_for(lambda: "U1" in fake_slack.homes)
    text = str(fake_slack.homes["U1"]["blocks"])
    assert "could not send you the file (missing_scope)" in text and "im:write" in text


async def test_more_context_answers_the_question_again_privately_with_all_of_it(
    server: Server, fake_slack: FakeSlack, engine: Engine
) -> None:
    """A private answer that leaves context out carries "More context"; the click answers the
    same question with every claim and the later estimates, privately, as often as clicked."""
    from datetime import UTC, date, datetime

    from bot.core.claims import Claim
    from bot.render.blocks import ANSWER_CONTEXT
    from storage.claims import add_claim

    now = datetime(2022, 11, 25, tzinfo=UTC)
    with engine.begin() as db:
        for party, said, value in (
            ("UK MoD", date(2022, 10, 1), 40_000),
            ("CIA", date(2022, 11, 20), 45_000),  # the West's latest
            ("UK MoD", date(2025, 1, 7), 66_241),
        ):  # said later
            add_claim(db, Claim(party=party, metric="killed", value=value,
                                as_of=min(said, date(2022, 11, 1)), stated_on=said,
                                source="test"), "cli:desk", now)  # fmt: skip
    await server.service.refresh_history()
    buttons = await buttons_of(server, "on 2022-11-24")
    assert buttons[ANSWER_CONTEXT] == "on 2022-11-24"
    _, short = await server.command("on 2022-11-24")
    assert "40,000" not in str(short["blocks"]) and "45,000" in str(short["blocks"])
    for _ in range(2):
        status, _ = await server.interact(
            click(ANSWER_CONTEXT, buttons[ANSWER_CONTEXT], response_url=server.response_url)
        )
        assert status == 200
    for response in fake_slack.responses[-2:]:
        assert response["response_type"] == "ephemeral" and response["replace_original"] is False
        said = str(response["blocks"])
        assert "40,000" in said and "45,000" in said and "Later estimate" in said
        assert ANSWER_CONTEXT not in said  # nothing more to show
    assert ANSWER_CONTEXT not in await buttons_of(server, "tanks on 2022-11-24")
