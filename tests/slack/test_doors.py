"""Slack's other doors, end to end (issue 32): signed events into the real Bolt endpoint, the
fake Slack Web API recording what the app calls. A live data link unfurls (only this
workspace's); a Workflow Builder step completes with the grammar's answer or fails in words;
the assistant panel offers prompts, shows a status, titles the thread and answers."""

from __future__ import annotations

import re
from typing import Any

import yaml

from bot.app.steps import LOSSES_BRIEF, LOSSES_FOR_PERIOD
from tests.support.bolt_server import Server
from tests.support.env import ROOT
from tests.support.fake_slack import FakeSlack


async def data_link(server: Server, team: str = "T1") -> str:
    _, body = await server.command("datalink", team=team)
    found = re.search(r"https://[^\s>|]+/losses\.csv", body["text"])
    assert found is not None, body["text"]
    return found.group(0)


async def test_a_workspaces_own_data_link_unfurls_into_the_newest_figures(
    server: Server, fake_slack: FakeSlack
) -> None:
    own, other = await data_link(server), await data_link(server, team="T2")
    status, _ = await server.event(
        "link_shared", channel="C1", message_ts="1669280000.000100", source="conversations_history",
        links=[{"url": own, "domain": "127.0.0.1"}, {"url": other, "domain": "127.0.0.1"},
               {"url": "https://example.org/data/x/losses.csv", "domain": "example.org"}],
    )  # fmt: skip
    assert status == 200
    (call,) = fake_slack.calls_to("chat.unfurl")
    unfurls = _json(call["unfurls"])
    assert list(unfurls) == [own]  # never another workspace's, never another host's link
    shown = str(unfurls[own])
    assert "24 Nov 2022 (day 274)" in shown and "+310" in shown and "85,720" in shown
    assert (call["channel"], call["ts"]) == ("C1", "1669280000.000100")
    # A link with its own period: the period's sentence under the newest report's table.
    spanned = f"{own}?period=since+2022-11-23"
    await server.event("link_shared", channel="C1", message_ts="1.3",
                       links=[{"url": spanned, "domain": "127.0.0.1"}])  # fmt: skip
    await fake_slack.wait_for(lambda: len(fake_slack.calls_to("chat.unfurl")) == 2)
    (shown,) = _json(fake_slack.calls_to("chat.unfurl")[-1]["unfurls"]).values()
    assert "85,720" in str(shown) and "Russia lost 720 personnel between" in str(shown)
    fake_slack.calls.clear()
    # Only another workspace's link: nothing is unfurled.
    await server.event("link_shared", channel="C1", message_ts="1.2",
                       links=[{"url": other, "domain": "127.0.0.1"}])  # fmt: skip
    assert fake_slack.calls_to("chat.unfurl") == []


def step(callback_id: str, **inputs: str) -> dict[str, Any]:
    return {"function": {"callback_id": callback_id, "id": "Fn1"},
            "function_execution_id": f"Fx{callback_id}{len(inputs)}", "inputs": inputs,
            "bot_access_token": "xwfp-step"}  # fmt: skip


async def test_a_workflow_step_completes_with_the_answer_or_fails_in_words(
    server: Server, fake_slack: FakeSlack
) -> None:
    await server.event("function_executed", **step(LOSSES_FOR_PERIOD, period="on 2022-11-24",
                                                   categories="personnel"))  # fmt: skip
    await fake_slack.wait_for(lambda: fake_slack.calls_to("functions.completeSuccess"))
    (done,) = fake_slack.calls_to("functions.completeSuccess")
    outputs = _json(done["outputs"])
    assert outputs == {
        "sentence": "Russia lost 310 personnel between the General Staff's reports of 23 Nov 2022 "
        "(day 273) and 24 Nov 2022 (day 274), bringing the total to 85,720, according to the "
        "General Staff of the Armed Forces of Ukraine.",
        "change": 310,
        "total": 85720,
        "from_date": "2022-11-23",
        "to_date": "2022-11-24",
    }
    await server.event("function_executed", **step(LOSSES_FOR_PERIOD, period="since banana"))
    await fake_slack.wait_for(lambda: fake_slack.calls_to("functions.completeError"))
    (failed,) = fake_slack.calls_to("functions.completeError")
    assert failed["error"] == "Expected a date after “since”, got “banana”."
    await server.event("function_executed", **step(LOSSES_FOR_PERIOD, period="за 24.11.2022",
                                                   categories="танки", language="uk"))  # fmt: skip
    await fake_slack.wait_for(lambda: len(fake_slack.calls_to("functions.completeSuccess")) == 2)
    ukrainian = _json(fake_slack.calls_to("functions.completeSuccess")[-1]["outputs"])
    assert ukrainian["sentence"].startswith("Росія втратила 1 танк між звітами")
    assert (ukrainian["change"], ukrainian["total"]) == (1, 2898)
    await server.event("function_executed", **step(LOSSES_BRIEF, date="2022-11-24"))
    await fake_slack.wait_for(lambda: len(fake_slack.calls_to("functions.completeSuccess")) == 3)
    brief = _json(fake_slack.calls_to("functions.completeSuccess")[-1]["outputs"])["brief"]
    assert "KEY POINTS" in brief and "85,720" in brief
    # Each step's result went with the step's own token.
    assert {t for m, t in fake_slack.tokens if m.startswith("functions.")} == {"xwfp-step"}


async def test_the_assistant_panel_offers_prompts_and_answers_as_losses_does(
    server: Server, fake_slack: FakeSlack
) -> None:
    thread = {"user_id": "U1", "channel_id": "D1", "thread_ts": "1700000000.000100",
              "context": {}}  # fmt: skip
    status, _ = await server.event("assistant_thread_started", assistant_thread=thread)
    assert status == 200
    (offered,) = fake_slack.calls_to("assistant.threads.setSuggestedPrompts")
    prompts = (
        offered["prompts"] if isinstance(offered["prompts"], list) else _json(offered["prompts"])
    )
    assert [p["title"] for p in prompts] == ["Losses in the latest report", "Since 1 Nov 2022",
                                            "Tanks this month", "Brief for today"]  # fmt: skip
    message = {"channel": "D1", "channel_type": "im", "user": "U1", "ts": "1700000000.000200",
               "thread_ts": "1700000000.000100"}  # fmt: skip
    await server.event("message", text="tanks on 2022-11-24", **message)
    (status_call,) = fake_slack.calls_to("assistant.threads.setStatus")
    assert status_call["status"] == "is reading the General Staff's reports…"
    (titled,) = fake_slack.calls_to("assistant.threads.setTitle")
    assert titled["title"] == "tanks on 2022-11-24"
    answer = fake_slack.calls_to("chat.postMessage")[-1]
    assert answer["thread_ts"] == "1700000000.000100" and "2,898" in str(answer["blocks"])
    await server.event("message", text="how are the tanks feeling", **{**message, "ts": "3.4"})
    refusal = fake_slack.calls_to("chat.postMessage")[-1]
    assert "Try: `since 1 Nov 2022`, `tanks last 7 days` or `on 2022-11-24`." in refusal["text"]
    assert refusal["text"].startswith("I don't understand")  # the reason, then what it reads
    # A user whose Slack is in Ukrainian gets Ukrainian prompts, each a question it reads.
    fake_slack.locales["U2"] = "uk-UA"
    await server.event("assistant_thread_started", assistant_thread={**thread, "user_id": "U2"})
    ukrainian = _json(fake_slack.calls_to("assistant.threads.setSuggestedPrompts")[-1]["prompts"])
    assert [p["message"] for p in ukrainian] == ["останні дані", "з 1 листопада 2022",
                                                 "танки цього місяця", "довідка"]  # fmt: skip


def test_the_manifest_carries_what_each_door_needs() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"assistant:write", "im:history", "users:read", "links:read", "links:write"} <= scopes
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"link_shared", "assistant_thread_started", "assistant_thread_context_changed",
            "message.im", "function_executed"} <= events  # fmt: skip
    assert manifest["features"]["assistant_view"]["assistant_description"]
    assert manifest["features"]["unfurl_domains"] == ["YOUR-APP.herokuapp.com"]
    functions = manifest["functions"]
    assert set(functions) == {LOSSES_FOR_PERIOD, LOSSES_BRIEF}
    period = functions[LOSSES_FOR_PERIOD]
    assert set(period["input_parameters"]["properties"]) == {"period", "categories", "language"}
    assert set(period["output_parameters"]["properties"]) == {
        "sentence", "change", "total", "from_date", "to_date"
    }  # fmt: skip
    assert manifest["settings"]["org_deploy_enabled"] is True
    assert manifest["settings"]["function_runtime"] == "remote"


def _json(value: Any) -> Any:
    """A call's argument as the client sent it: JSON in a form field, or a JSON body's own."""
    import json

    return json.loads(value) if isinstance(value, str) else value


def test_every_prompt_is_a_question_the_grammar_reads() -> None:
    from datetime import date

    from bot.app.commands import parse_command
    from bot.core.query.grammar import Help
    from bot.render.assistant import PROMPTS, prompts

    for lang in PROMPTS:
        for prompt in prompts(lang):
            assert not isinstance(parse_command(prompt["message"], date(2022, 11, 25)), Help)
