"""What reaches Bolt from `/slack/events` (signature already checked in `bot.web`): payloads in
the shape Bolt reads, and Events API callbacks once each.

Bolt indexes into a payload before any listener runs (`actions[0]`, `view["callback_id"]`, the
`response_url` it builds `respond` from), so a signed payload of another shape (an empty
`actions`, a `view` that is a string) raised inside Bolt and was answered 500. `readable` checks
those fields first; anything else gets a 400.

Events API callbacks run once each, and a failed one runs again when Slack retries it.

Slack retries an event (`X-Slack-Retry-Num`) exactly when its first delivery failed: a deploy, a
timeout, an error. So an event is recorded as handled by its `event_id` (in `handled_requests`,
across processes) only once its listener has finished; a retry of a handled event is
acknowledged without running, a retry of one that failed or never finished runs. Two deliveries
that overlap (a retry while a slow first run is still going) may both run: every event listener
is idempotent (forgetting a workspace, publishing a Home tab), so that is harmless. Slash
commands and clicks keep their own rule (`trigger_id`, the message and button).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_bolt.response import BoltResponse
from sqlalchemy import Engine

from storage.requests import claim_request, was_handled

_OBJECTS = ("team", "user", "channel", "container", "message", "enterprise", "event", "view",
            "state")  # fmt: skip
_STRINGS = ("callback_id", "type", "event_id")  # Bolt matches listeners on these
_OPTIONAL_STRINGS = ("response_url", "trigger_id", "team_id")  # Slack may send null


def readable(body: Any) -> bool:
    """Whether a payload has the shape Bolt's routing and our listeners read without raising."""
    if not isinstance(body, dict):
        return False
    if any(body.get(k) is not None and not isinstance(body[k], dict) for k in _OBJECTS):
        return False
    if any(k in body and not isinstance(body[k], str) for k in _STRINGS):
        return False
    if any(body.get(k) is not None and not isinstance(body[k], str) for k in _OPTIONAL_STRINGS):
        return False
    if "actions" in body or body.get("type") == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            return False
        if not all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions):
            return False  # Bolt's matchers read each action's `action_id`
    view = body.get("view")
    if "view" in body and (view is None or not isinstance(view.get("type", ""), str)):
        return False  # Bolt reads a view that is there, null or not
    if body.get("type") in ("view_submission", "view_closed"):
        return view is not None and isinstance(view.get("callback_id"), str) and "type" in view
    if body.get("type") in ("block_suggestion", "dialog_suggestion"):
        return isinstance(body.get("action_id", ""), str)  # Bolt matches on it
    event = body.get("event")
    if event is None:
        return True
    if not isinstance(event.get("type"), str):
        return False
    # `tokens_revoked`: the revoked tokens by kind, each a list of user ids.
    tokens = event.get("tokens", {})
    return event.get("type") != "tokens_revoked" or (
        isinstance(tokens, dict) and all(isinstance(v, list) for v in tokens.values())
    )


def event_key(body: Any) -> str | None:
    """The key an Events API callback is remembered by, or None for anything else."""
    if not isinstance(body, dict) or body.get("type") != "event_callback":
        return None
    event_id = body.get("event_id")
    return f"event:{event_id}" if isinstance(event_id, str) and event_id else None


async def dispatch(
    bolt: AsyncApp, request: AsyncBoltRequest, engine: Engine, now: Callable[[], datetime]
) -> BoltResponse:
    if not readable(request.body):
        return BoltResponse(status=400, body="unreadable payload")
    key = event_key(request.body)
    if key is not None and await asyncio.to_thread(was_handled, engine, key):
        return BoltResponse(status=200, body="")  # handled the first time: not run again
    response = await bolt.async_dispatch(request)
    if response.status == 404:  # no listener for it: an event is acknowledged (else Slack
        # retries it), anything else is a payload of ours that we never made
        response = BoltResponse(status=200 if key is not None else 400, body="")
    if key is not None and response.status < 300:
        await asyncio.to_thread(claim_request, engine, key, now())
    return response
