"""Signed but malformed interactive payloads, as a careless or hostile client could send them:
every one gets a 200 or a 400, never a 500 or a traceback, and where the payload leaves a way to
answer (a usable `response_url`), a sentence goes there."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.render.blocks import (
    ALERT_CHART,
    ALERT_MENU,
    ANSWER_CHART,
    ANSWER_CSV,
    ANSWER_POST,
    POST_BRIEF,
    UNSUBSCRIBE,
)
from bot.render.claim_form import CALLBACK, SHORTCUT
from bot.render.home import HOME_CHART, HOME_CSV, HOME_SUBSCRIBE, SUBSCRIBE_FORM
from tests.support.bolt_server import Server
from tests.support.fake_slack import FakeSlack

ACTIONS = [POST_BRIEF, ANSWER_POST, ANSWER_CHART, ANSWER_CSV, ALERT_CHART, ALERT_MENU,
           HOME_SUBSCRIBE, HOME_CHART, HOME_CSV]  # fmt: skip
ODD = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The well-formed value, something odd in its place, or the key left out (`...`)."""
    return st.one_of(strategy, ODD, st.just(...))


@st.composite
def payloads(draw: st.DrawFn, response_url: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["block_actions", "view_submission", "message_action"]))
    payload: dict[str, Any] = {"type": kind}
    action = st.fixed_dictionaries(
        {
            "action_id": st.sampled_from(ACTIONS),
            "value": _maybe(st.sampled_from(["tanks", '{"date": "2022-11-24"}', ""])),
            "selected_option": _maybe(st.just({"value": UNSUBSCRIBE})),
        }
    )
    fields = {
        "response_url": _maybe(st.just(response_url)),
        "actions": _maybe(st.lists(st.one_of(action, ODD), max_size=2)),
        "view": _maybe(
            st.fixed_dictionaries(
                {
                    "callback_id": st.sampled_from([CALLBACK, SUBSCRIBE_FORM]),
                    "private_metadata": _maybe(st.sampled_from(['{"channel": "C1"}', "[", ""])),
                    "state": _maybe(st.just({"values": {"party": {"party": {"value": 1}}}})),
                }
            )
        ),
        "callback_id": _maybe(st.just(SHORTCUT)),
        "channel": _maybe(st.just({"id": "C1"})),
        "container": _maybe(st.just({"message_ts": "1.2"})),
        "message": _maybe(st.just({"ts": "1.2", "text": "Shoigu said"})),
        "trigger_id": _maybe(st.just("1.2.3")),
        "team": _maybe(st.just({"id": "T1"})),
        "user": _maybe(st.just({"id": "U1"})),
    }
    for key, strategy in fields.items():
        payload[key] = draw(strategy)
    return _left_out(payload)


def _left_out(value: Any) -> Any:
    """The payload without the keys `_maybe` left out."""
    if isinstance(value, dict):
        return {k: _left_out(v) for k, v in value.items() if v is not ...}
    if isinstance(value, list):
        return [_left_out(v) for v in value if v is not ...]
    return value


async def _post(server: Server, payload: dict[str, Any]) -> int:
    body = urlencode({"payload": json.dumps(_left_out(payload))})
    status, _ = await server.post(body)
    return status


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_a_malformed_interaction_gets_200_or_400_and_never_a_traceback(
    server: Server, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    caplog.set_level(logging.WARNING)
    payload = data.draw(payloads(fake_slack.response_url))
    status = await _post(server, payload)
    assert status in (200, 400), payload
    tracebacks = [r.getMessage() for r in caplog.records if r.exc_info]
    assert not tracebacks, (payload, tracebacks)
    caplog.clear()


def _click(action_id: str, value: object, **fields: object) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "actions": [{"action_id": action_id, "value": value}],
        "channel": {"id": "C1"},
        "container": {"message_ts": "1.2"},
        "trigger_id": "1.2.3",
        **fields,
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "block_actions", "actions": [], "response_url": "http://x"},
        {"type": "block_actions", "actions": "tanks"},
        {"type": "block_actions", "actions": [{}], "response_url": "http://x"},
        {"type": "block_actions", "actions": [{"action_id": 7}], "response_url": "http://x"},
        {"type": "block_actions", "response_url": "http://x"},
        {"type": "view_submission", "view": "claim_add"},
        {"type": "view_submission", "view": {"callback_id": CALLBACK}},
        _click(POST_BRIEF, "{}", response_url=7),
        _click(ANSWER_POST, "tanks", response_url=["http://x"]),
        {"type": "block_suggestion", "action_id": 5, "block_id": "b", "value": "x"},
    ],
    ids=[
        "empty-actions",
        "actions-string",
        "action-without-id",
        "action-id-int",
        "no-actions",
        "view-string",
        "view-no-type",
        "url-int",
        "url-list",
        "suggestion-action-id-int",
    ],
)
async def test_a_payload_bolt_cannot_read_is_400(server: Server, payload: dict[str, Any]) -> None:
    assert await _post(server, payload) == 400


@pytest.mark.parametrize("action_id", [POST_BRIEF, ANSWER_POST, ANSWER_CHART, ALERT_MENU])
async def test_a_click_without_a_response_url_is_200_and_answered_where_it_can_be(
    server: Server, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, action_id: str
) -> None:
    """No `response_url`: nowhere to answer, and no traceback; with one, a sentence goes there
    for a value the bot never made."""
    caplog.set_level(logging.WARNING)
    assert await _post(server, _click(action_id, "]]not json")) == 200
    assert not [r for r in caplog.records if r.exc_info]
    assert (
        await _post(server, _click(action_id, "x" * 5_000, response_url=fake_slack.response_url))
        == 200
    )
    if action_id != ALERT_MENU:  # a menu choice that is not "unsubscribe" does nothing
        await fake_slack.wait_for(lambda: fake_slack.responses)
        assert fake_slack.responses[-1]["text"].endswith(".")
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "view_submission", "view": {"type": "modal", "id": "V1",
                                             "callback_id": CALLBACK, "state": -1}},
        {"type": "view_submission", "view": {"type": "modal", "id": "V1",
                                             "callback_id": SUBSCRIBE_FORM,
                                             "state": {"values": -1}}},
        {"type": "block_actions", "channel": {"id": "C1"}, "response_url": "http://x",
         "actions": [{"action_id": ALERT_MENU, "type": "overflow", "selected_option": [1, 2]}]},
    ],
    ids=["state-int", "values-int", "selected-option-list"],
)  # fmt: skip
async def test_an_odd_but_readable_interaction_is_answered_never_a_traceback(
    server: Server, payload: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    assert await _post(server, payload) == 200
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


async def test_an_event_of_another_shape_is_400(server: Server) -> None:
    status, _ = await server.event("tokens_revoked", tokens="x")
    assert status == 400
    status, _ = await server.event("tokens_revoked", tokens={"oauth": "U1"})
    assert status == 400
    status, _ = await server.event("tokens_revoked", tokens={"oauth": ["U1"], "bot": []})
    assert status == 200
