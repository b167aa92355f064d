"""Every check a request to `/slack/events` passes, in this order, in this one module:

1. its signature and age (`signed`), on the raw bytes before anything parses them: 401;
2. its shape (`readable`): the fields Bolt's routing reads, of the types it reads: 400;
3. an Events API callback already handled (`event_key`): acknowledged without running;
4. Bolt routes it; a payload Bolt still cannot read is a 400 in one log line, a listener's
   failure a 503 (Slack retries).

What a command or a click does runs once per Slack trigger, message and button: that rule is
the front door's (`bot.app.newsdesk`), checked in the same database thread as the change.

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
import hashlib
import hmac
import logging
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_bolt.response import BoltResponse
from sqlalchemy import Engine

from storage.requests import claim_request, was_handled

log = logging.getLogger(__name__)

SIGNATURE_SECONDS = 300  # Slack's own bound on a request's age: older ones may be replays
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def signed(secret: bytes, body: bytes, headers: Mapping[str, str], now: float) -> bool:
    """Slack's request signature, checked on the raw bytes before anything parses them: a body
    nested thousands deep, not UTF-8, or a header that is not ASCII is refused like any forgery.
    (Bolt checks only after parsing the body, so its own check is turned off.)"""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return False
    if abs(now - int(timestamp)) > SIGNATURE_SECONDS or not secret:
        return False
    expected = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest(f"v0={expected.hexdigest()}", signature)


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
    bolt: AsyncApp,
    secret: bytes,
    body: bytes,
    headers: Mapping[str, str],
    query: str,
    engine: Engine,
    now: Callable[[], datetime],
    received: float,  # Slack's clock: the request's timestamp is checked against it
) -> BoltResponse:
    if not signed(secret, body, headers, received):
        return BoltResponse(status=401, body="invalid request")
    try:
        request = AsyncBoltRequest(body=body.decode("utf-8"), query=query, headers=headers)  # type: ignore[arg-type]
        response = await _routed(bolt, request, engine, now)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as error:
        # A signed payload Bolt cannot parse or route (a view without a type, say): refused in
        # one log line, not a 500 with a traceback.
        log.warning("a Slack request Bolt could not read: %s", type(error).__name__)
        return BoltResponse(status=400, body="unreadable payload")
    if response.status >= 500:
        # A listener failed (logged with its traceback): Slack retries on any error, and "try
        # again" is what is meant.
        return BoltResponse(status=503, body="try again")
    return response


async def _routed(
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
