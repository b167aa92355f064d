"""The claim form over the real Bolt endpoint: `/losses claim` opens it within the request,
the "Add as claim" shortcut opens it at once and fills it with the message's text and link,
and a submission is validated with errors shown on the field, stored once, and confirmed."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.core.claims import FIELDS, parse_claim
from bot.render.claim_form import CALLBACK, NO_QUALIFIER, SHORTCUT, claim_view, submitted_fields
from storage.claims import add_claim, list_claims
from tests.support.bolt_server import FIXTURE_NOW, Server
from tests.support.fake_slack import FakeSlack


def state(**fields: str) -> dict[str, Any]:
    """`view.state.values` as Slack sends it, for the form's elements."""
    kinds = {
        "metric": "static_select",
        "qualifier": "static_select",
        "as_of": "datepicker",
        "stated_on": "datepicker",
        "url": "url_text_input",
        "whose": "static_select",
        "party_to_war": "static_select",
    }
    values: dict[str, Any] = {}
    for field, text in fields.items():
        kind = kinds.get(field, "plain_text_input")
        if kind == "static_select":
            element = {"type": kind, "selected_option": {"value": text}}
        elif kind == "datepicker":
            element = {"type": kind, "selected_date": text}
        else:
            element = {"type": kind, "value": text}
        values[field] = {field: element}
    return values


GOOD = {
    "party": "Russian Ministry of Defence",
    "speaker": "Sergei Shoigu",
    "metric": "killed",
    "value": "5,937",
    "qualifier": NO_QUALIFIER,
    "as_of": "2022-09-21",
    "stated_on": "2022-09-21",
    "source": "Televised address",
    "url": "https://example.org/address",
    "quote": "5,937 Russian soldiers had died",
}


def submission(metadata: str = '{"channel": "C1", "team": "T1"}', **fields: str) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "view": {
            "type": "modal",
            "id": "V1",
            "callback_id": CALLBACK,
            "private_metadata": metadata,
            "state": {"values": state(**fields)},
        },
    }


def test_the_form_has_one_input_per_field_of_a_claim() -> None:
    view = claim_view({"quote": "well over 100,000", "url": "https://example.org/x"})
    assert [b["block_id"] for b in view["blocks"]] == list(FIELDS)
    by_id = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert by_id["quote"]["initial_value"] == "well over 100,000"
    assert by_id["url"]["initial_value"] == "https://example.org/x"
    assert all(b["element"]["action_id"] == b["block_id"] for b in view["blocks"])


def test_submitted_fields_read_every_element_kind() -> None:
    assert submitted_fields(state(**GOOD)) == {**GOOD, "qualifier": ""}
    assert submitted_fields({"value": "not a block"}) == {}
    assert submitted_fields([]) == {}  # type: ignore[arg-type]


async def test_slash_claim_opens_the_form_before_the_acknowledgement(
    server: Server, fake_slack: FakeSlack
) -> None:
    status, body = await server.command("claim", trigger_id="7.7.7")
    assert status == 200 and body in ("", {})  # nothing to show: the form is the answer
    (opened,) = fake_slack.calls_to("views.open")  # already there when the ack came back
    assert opened["trigger_id"] == "7.7.7"
    (view,) = fake_slack.views.values()
    assert view["callback_id"] == CALLBACK and view["title"]["text"] == "Add a claim"


async def test_a_bad_field_is_shown_on_the_field_and_nothing_is_stored(
    server: Server, engine: Engine
) -> None:
    for field, bad, reason in (
        ("value", "lots", "a whole number, such as 85720 or 85,720"),
        ("value", "1,2,3", "a whole number, such as 85720 or 85,720"),
        ("value", "85,7200", "a whole number, such as 85720 or 85,720"),
        ("as_of", "1900-01-02", "before the full-scale invasion (2022-02-24)"),
        ("stated_on", "0001-01-02", "before the full-scale invasion (2022-02-24)"),
        ("stated_on", "2030-01-01", "in the future"),
        ("url", "javascript:alert(1)", "a plain http(s) URL"),
        ("party", "", "required"),
        ("quote", "a\x00b", "holds a control character (U+0000)"),  # never "went wrong"
        ("speaker", "\u202eAIC", "holds a control character (U+202E)"),
    ):
        status, body = await server.interact(submission(**{**GOOD, field: bad}))
        assert status == 200
        assert body == {"response_action": "errors", "errors": {field: reason}}
    with engine.connect() as db:
        assert list_claims(db) == []


async def test_a_good_submission_is_stored_once_and_confirmed(
    server: Server, engine: Engine, fake_slack: FakeSlack
) -> None:
    for _ in range(2):  # a resubmission changes nothing
        status, body = await server.interact(submission(**GOOD))
        assert status == 200 and body in ("", {})
    with engine.connect() as db:
        (held,) = list_claims(db)
    assert (held.party, held.value, held.speaker, held.entered_by) == (
        "Russian Ministry of Defence",
        5937,
        "Sergei Shoigu",
        "slack:T1:U1",
    )
    await fake_slack.wait_for(lambda: len(fake_slack.calls_to("chat.postEphemeral")) == 2)
    first, second = fake_slack.calls_to("chat.postEphemeral")
    assert (first["channel"], first["user"]) == ("C1", "U1")
    assert first["text"].startswith(f"Claim #{held.id} added: The Russian Ministry of Defence")
    assert second["text"].startswith(f"Claim #{held.id} already held")
    status, body = await server.command("claims")
    assert "5,937" in body["text"]  # answers see it at once


async def test_the_form_takes_a_range_and_an_unknown_statement_date(
    server: Server, engine: Engine, fake_slack: FakeSlack
) -> None:
    """A range as said, no central figure, the day it was said not known: stored so, cited
    only as a later estimate, listed as said (and `/losses claims PARTY` lists one party's)."""
    ranged = {**GOOD, "party": "US officials (via NYT)", "speaker": "", "value": "",
              "low": "70,000", "high": "80,000", "metric": "killed_or_wounded",
              "stated_on": "", "whose": "russia", "party_to_war": "no"}  # fmt: skip
    status, body = await server.interact(submission(**ranged))
    assert status == 200 and body in ("", {})
    with engine.connect() as db:
        (held,) = list_claims(db)
    assert (held.value, held.low, held.high, held.stated_on) == (None, 70000, 80000, None)
    await fake_slack.wait_for(lambda: len(fake_slack.calls_to("chat.postEphemeral")) == 1)
    (confirmation,) = fake_slack.calls_to("chat.postEphemeral")
    assert "between 70,000 and 80,000 killed or wounded" in confirmation["text"]
    status, body = await server.interact(submission(**{**ranged, "low": "9", "high": "8"}))
    assert body["errors"] == {"low": "above the high end of the range"}
    status, body = await server.command("claims US officials")
    assert body["text"].startswith("Claims by US officials, newest first:")
    status, body = await server.command("claims Mediazona")
    assert body["text"] == "No claim in the ledger by a party named like “Mediazona”."


async def test_the_shortcut_opens_at_once_then_fills_the_form_from_the_message(
    server: Server, fake_slack: FakeSlack
) -> None:
    status, _body = await server.interact(
        {
            "type": "message_action",
            "callback_id": SHORTCUT,
            "trigger_id": "8.8.8",
            "channel": {"id": "C9"},
            "message_ts": "1669280000.000100",
            "message": {
                "ts": "1669280000.000100",
                "type": "message",
                "text": "Milley: well over   100,000 Russian soldiers killed or wounded",
            },
            "response_url": server.response_url,
        }
    )
    assert status == 200
    await fake_slack.wait_for(lambda: fake_slack.calls_to("views.update"))
    (opened,) = fake_slack.calls_to("views.open")
    assert opened["trigger_id"] == "8.8.8"
    (view,) = fake_slack.views.values()
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["quote"]["initial_value"] == (
        "Milley: well over 100,000 Russian soldiers killed or wounded"
    )
    assert fields["url"]["initial_value"] == (
        "https://newsroom.slack.com/archives/C9/p1669280000000100"
    )
    assert view["private_metadata"] == '{"channel": "C9", "team": "T1"}'


async def test_a_crafted_submission_gets_an_error_not_a_crash(server: Server) -> None:
    """Signed, but not what Slack sends: a field error, or a 400 for a shape Bolt cannot
    route; never a 500."""
    crafted = {
        "type": "view_submission",
        "view": {
            "callback_id": CALLBACK,
            "private_metadata": "{not json",
            "state": {"values": {"value": ["x"], "metric": {"metric": 5}}},
        },
    }
    status, _body = await server.interact(crafted)
    assert status == 400  # no view type: Bolt cannot route it
    crafted["view"]["type"] = "modal"  # type: ignore[index]
    status, body = await server.interact(crafted)
    assert status == 200 and body["response_action"] == "errors"


async def test_a_claim_from_the_form_is_cited_only_in_its_own_workspace(
    server: Server, engine: Engine
) -> None:
    """A desk's ledger entry is its own: another newsroom's answers never cite it (nor can its
    desk revise it), while the operator's claims (`losses-bot claims`) are cited in every one."""
    await server.interact(submission(**GOOD))  # from T1
    other = {**GOOD, "party": "US Department of Defense", "value": "100,000", "qualifier": ""}
    with engine.begin() as db:
        operator = add_claim(db, parse_claim(other, date(2022, 11, 24)), "cli:ops", FIXTURE_NOW)
    await asyncio.to_thread(server.service.cache.refresh)
    _, own = await server.command("claims", team="T1")
    _, theirs = await server.command("claims", team="T2")
    assert "5,937" in own["text"] and "100,000" in own["text"]
    assert "5,937" not in theirs["text"] and "100,000" in theirs["text"]
    _, answer_t1 = await server.command("personnel since 2022-11-23", team="T1")
    _, answer_t2 = await server.command("personnel since 2022-11-23", team="T2")
    assert "5,937" in json.dumps(answer_t1) and "5,937" not in json.dumps(answer_t2)
    # T2 enters the same claim: a new entry in its own ledger, T1's is not revised.
    await server.interact({**submission(**{**GOOD, "value": "6,000"}), "team": {"id": "T2"}})
    with engine.connect() as db:
        held = {(c.team_id, c.value) for c in list_claims(db)}
    assert held == {("T1", 5937), ("T2", 6000), (None, 100_000)}
    assert operator.outcome == "new"


async def test_the_confirmation_goes_only_to_the_forms_own_channel(
    server: Server, fake_slack: FakeSlack
) -> None:
    """A submission whose metadata names another workspace's channel, or something that is not
    a channel, is stored but confirmed nowhere."""
    for n, metadata in enumerate(
        ['{"channel": "C2", "team": "T9"}', '{"channel": "C2"}', '{"channel": "@U1", "team": "T1"}']
    ):
        status, body = await server.interact(submission(metadata, **{**GOOD, "value": str(n + 1)}))
        assert status == 200 and body in ("", {})
    status, body = await server.interact(submission(**{**GOOD, "value": "85,720"}))
    await fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postEphemeral"))
    await asyncio.sleep(0.2)
    (told,) = fake_slack.calls_to("chat.postEphemeral")
    assert told["channel"] == "C1" and "85,720" in told["text"]


async def test_a_workspace_ledger_has_a_limit_with_a_clear_refusal(
    server: Server, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storage.claims

    monkeypatch.setattr(storage.claims, "MAX_WORKSPACE_CLAIMS", 3)
    for n in range(3):
        status, body = await server.interact(submission(**{**GOOD, "speaker": f"Speaker {n}"}))
        assert status == 200 and body in ("", {})
    status, body = await server.interact(submission(**{**GOOD, "speaker": "One more"}))
    assert body["response_action"] == "errors"
    assert (
        "already holds" in body["errors"]["party"]
        and "losses-bot claims" in body["errors"]["party"]
    )
    # An edit of a held claim is not a new one: still taken.
    status, body = await server.interact(
        submission(**{**GOOD, "speaker": "Speaker 0", "value": "6000"})
    )
    assert body in ("", {})
    with engine.connect() as db:
        assert sorted(c.value for c in list_claims(db)) == [5937, 5937, 6000]
