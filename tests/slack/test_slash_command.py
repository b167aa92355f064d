"""/losses as Slack sends it: form-encoded, signed with the signing secret, POSTed to the real
Bolt endpoint of the server `serve` runs. Bolt calls auth.test on the fake Slack."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from tests.support.bolt_server import SECRET, Server


def texts(payload: dict[str, Any]) -> str:
    return "\n".join(
        str(b.get("text", {}).get("text", ""))
        + "".join(e.get("text", "") for e in b.get("elements", []))
        for b in payload["blocks"]
        if b["type"] != "actions"
    )


async def test_a_query_is_answered_privately_with_sentence_table_and_attribution(
    server: Server,
) -> None:
    status, payload = await server.command("on 2022-11-24")
    assert status == 200
    assert isinstance(payload, dict)  # sent as application/json, not as text
    assert payload["response_type"] == "ephemeral"
    assert payload["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Russian losses, 23 Nov 2022 → 24 Nov 2022"},
    }
    body = texts(payload)
    assert (
        "Russia lost 310 personnel between the General Staff's reports of 23 Nov 2022 (day 273)"
        in body
    )
    assert "personnel    +310  85,720" in body
    assert "Source: General Staff of the Armed Forces of Ukraine" in body


async def test_public_posts_the_same_answer_to_the_channel(server: Server) -> None:
    _, private = await server.command("tanks on 2022-11-24")
    status, public = await server.command("tanks on 2022-11-24 public")
    assert status == 200 and public["response_type"] == "in_channel"
    # The same answer; only the private one carries buttons, each with the question.
    *answer, actions = private["blocks"]
    assert public["blocks"] == answer
    assert [(e["action_id"], e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("answer_post", "Post to channel", "tanks on 2022-11-24"),
        ("answer_chart", "Chart this", "tanks on 2022-11-24"),
        ("answer_csv", "CSV", "tanks on 2022-11-24"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", "Usage: /losses [categories] [period]"),
        ("since banana", "Expected a date after “since”, got “banana”."),
        ("on 2022-06-01", "There is no report for 1 Jun 2022 in the store"),
        ("subscribe since monday", "“subscribe” takes only categories"),
    ],
)
async def test_help_bad_input_and_unanswerable_queries_get_a_short_private_reply(
    server: Server, text: str, expected: str
) -> None:
    status, payload = await server.command(text)
    assert status == 200 and payload["response_type"] == "ephemeral"
    assert expected in payload["text"]
    assert "/losses help" in payload["text"] or "Usage: /losses" in payload["text"]
    assert "Traceback" not in str(payload)


@pytest.mark.parametrize(("secret", "age"), [("wrong-secret", 0), (SECRET, 60 * 10)])
async def test_a_bad_signature_or_stale_timestamp_gets_401_and_does_nothing(
    server: Server, secret: str, age: int
) -> None:
    status, _ = await server.command("subscribe", secret=secret, age=age)
    assert status == 401
    _, payload = await server.command("subscriptions")
    assert payload["text"] == "No channel in this workspace is subscribed."


async def test_subscribe_list_and_unsubscribe(server: Server) -> None:
    _, payload = await server.command("subscribe tanks personnel", channel="C1")
    assert payload["text"].startswith(
        "<#C1> will now get an alert for each new General Staff report"
    )
    assert "(tanks, personnel)" in payload["text"]
    await server.command("subscribe", channel="C2")
    _, payload = await server.command("subscriptions")
    assert payload["text"] == (
        "*Subscribed channels*\n<#C1> (tanks, personnel): no alert yet\n<#C2> (all): no alert yet"
    )
    _, payload = await server.command("unsubscribe", channel="C1")
    assert payload["text"] == "<#C1> will get no more alerts."
    _, payload = await server.command("unsubscribe", channel="C1")
    assert payload["text"] == "<#C1> was not subscribed."
    _, payload = await server.command("subscriptions")
    assert "<#C1>" not in payload["text"] and "<#C2> (all)" in payload["text"]


async def test_sources_lists_each_transcription_and_recent_disagreements(server: Server) -> None:
    _, payload = await server.command("sources")
    assert payload["response_type"] == "ephemeral"
    assert payload["text"] == (
        "Transcriptions of the General Staff's reports:\n"
        "• test: newest report 24 Nov 2022 (day 274)\n"
        "No disagreement in the reports of the last 30 days."
    )


async def test_a_channel_chooses_fast_alerts_or_confirmed_ones(server: Server) -> None:
    _, payload = await server.command("mode fast", channel="C1")
    assert payload["text"].startswith("<#C1> is not subscribed")
    await server.command("subscribe", channel="C1")
    _, payload = await server.command("mode fast", channel="C1")
    assert "at the first source that publishes it, marked unconfirmed" in payload["text"]
    _, payload = await server.command("subscriptions")
    assert "<#C1> (all; fast alerts): no alert yet" in payload["text"]
    _, payload = await server.command("mode confirmed", channel="C1")
    assert "once a second source agrees" in payload["text"]
    _, payload = await server.command("subscriptions")
    assert "<#C1> (all): no alert yet" in payload["text"]
    _, payload = await server.command("mode slow", channel="C1")
    assert payload["response_type"] == "ephemeral" and "mode confirmed" in payload["text"]


async def test_an_internal_error_is_one_plain_sentence_not_a_traceback(
    server: Server, engine: Engine
) -> None:
    engine.dispose()
    with engine.begin() as db:  # break the store under the running server
        db.exec_driver_sql("DROP TABLE subscriptions")
    status, payload = await server.command("subscriptions")
    assert status == 200
    assert payload["text"] == "Sorry, something went wrong on our side. It has been logged."


async def test_healthz_reports_the_newest_report_and_the_last_poll(server: Server) -> None:
    async with server.http.get(f"{server.url}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {
            "ok": True,
            "ready": True,
            "problems": [],
            "newest_report": "2022-11-24",
            "newest_day": 274,
            "last_poll": None,
        }
    async with server.http.get(f"{server.url}/readyz") as response:
        assert response.status == 200


async def test_digest_and_timezone_are_set_per_channel_and_a_wrong_zone_is_explained(
    server: Server,
) -> None:
    _, payload = await server.command("timezone Mars/Olympus_Mons")
    assert payload["text"].startswith("“Mars/Olympus_Mons” is not a time zone name; use an IANA")
    _, payload = await server.command("timezone Europe/Kyiv")
    assert payload["text"] == "Summaries for <#C1> now follow Europe/Kyiv time."
    _, payload = await server.command("digest weekly")
    assert payload["text"].startswith(
        "<#C1> will get a weekly summary every Monday at 09:00 (Europe/Kyiv time;"
    )
    _, payload = await server.command("digest monthly", channel="C2")
    assert "on the 1st of each month at 09:00 (UTC time;" in payload["text"]
    _, payload = await server.command("digest off")
    assert payload["text"] == "<#C1> will get no more summaries."
    _, payload = await server.command("digest daily")
    assert "“digest weekly”, “digest monthly” or “digest off”" in payload["text"]


async def test_help_in_slack_lists_the_slack_commands_too(server: Server) -> None:
    _, payload = await server.command("help")
    for command in ("chart", "export", "subscribe", "digest", "timezone", "public"):
        assert f"/losses {command}" in payload["text"] or f"... {command}" in payload["text"]


async def test_a_channel_command_in_ukrainian_is_answered_in_ukrainian(server: Server) -> None:
    _, payload = await server.command("підписати танки")
    assert payload["text"].startswith("<#C1> тепер отримуватиме сповіщення")
    assert "танки" in payload["text"]
    _, payload = await server.command("підписки")
    assert payload["text"].startswith("*Підписані канали*\n<#C1> (танки): сповіщень ще не було")
    _, payload = await server.command("дайджест щотижня")
    assert "щопонеділка о 09:00" in payload["text"]
    _, payload = await server.command("режим сповільнений")
    assert payload["text"].startswith("Скажіть «режим підтверджений»")
    _, payload = await server.command("відписати")
    assert payload["text"] == "<#C1> більше не отримуватиме сповіщень."
    _, payload = await server.command("unsubscribe")  # English words: English
    assert payload["text"] == "<#C1> was not subscribed."
