"""Events API callbacks run once each, and a failed one runs again when Slack retries it.

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


def event_key(body: Any) -> str | None:
    """The key an Events API callback is remembered by, or None for anything else."""
    if not isinstance(body, dict) or body.get("type") != "event_callback":
        return None
    event_id = body.get("event_id")
    return f"event:{event_id}" if isinstance(event_id, str) and event_id else None


async def dispatch(
    bolt: AsyncApp, request: AsyncBoltRequest, engine: Engine, now: Callable[[], datetime]
) -> BoltResponse:
    key = event_key(request.body)
    if key is not None and await asyncio.to_thread(was_handled, engine, key):
        return BoltResponse(status=200, body="")  # handled the first time: not run again
    response = await bolt.async_dispatch(request)
    if key is not None and response.status < 300:
        await asyncio.to_thread(claim_request, engine, key, now())
    return response
