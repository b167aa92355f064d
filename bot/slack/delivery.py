"""Posting queued alerts to Slack exactly once per channel: claim a row, post it, record the ts.

Retries live here and nowhere else. The Slack client is built without slack-sdk's retry handlers
(see `bot.slack.client`), because a blind retry after a 5xx or a dropped connection can post a
message twice. Instead:
- Each workspace's posts draw from one allowance in the store (`storage.allowance`), shared by
  every sender, so several workers never spend Slack's per-workspace limit several times.
- 429: Slack did not post. The row waits for `Retry-After` and is posted then; the workspace's
  other rows wait too, in every sender (the shared allowance is emptied until then), while
  other workspaces' rows go on. Each process posts `LANES` rows at once, one at a time per
  workspace (so lanes do not burst into its limit together; a post that hangs holds back only
  its own workspace, for at most the client's 30 s timeout). Rows are claimed one by one, so
  any number of processes share a fan-out without taking a row twice (`storage.outbox`).
- 5xx, timeouts, connection errors: Slack may or may not have posted. The row is marked
  `uncertain` and retried with backoff. Before it is posted again, the channel (or the thread)
  is searched for a message carrying this row's id in its metadata, and if one is there its ts
  is recorded instead of posting again.
- A claim whose sender died (kill -9, a restart) lapses after the lease and is taken over the
  same way: uncertain, so checked before posting.
- Permanent errors (`channel_not_found`, `not_in_channel`, `is_archived`, `invalid_auth`, ...)
  are recorded on the row and shown by `/losses subscriptions`; they are not retried.
- A channel several workspaces subscribed (Slack Connect) gets each message once, posted with
  one workspace's token; when Slack refuses that token (or the workspace uninstalled the app),
  the row is handed to the channel's next workspace and posted with its token instead.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Connection, Engine

from bot.app.artifacts import Artifact
from bot.slack.installations import Clients
from storage import allowance, outbox
from storage.outbox import OutboxRow
from storage.subscriptions import next_poster

log = logging.getLogger(__name__)

METADATA_EVENT = "losses_bot_alert"
AUTH_ERRORS = {"invalid_auth", "token_revoked", "token_expired", "account_inactive",
               "not_authed"}  # fmt: skip
TRANSIENT_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable",
                    "request_timeout"}  # fmt: skip
# Refusals of this workspace's token or membership, not of the channel: another workspace that
# shares the channel may still post there.
REFUSED_HERE = AUTH_ERRORS | {"not_in_channel", "channel_not_found", "missing_scope",
                              "team_access_not_granted", "not_installed"}  # fmt: skip
# An alert Slack will not edit (deleted, too old): left as it is; its correction reply still goes.
UNEDITABLE = {"message_not_found", "cant_update_message", "edit_window_closed"}
MAX_ATTEMPTS = 10
LANES = 8  # rows one process posts at once: Slack's answer, not our CPU, is what takes time
PAUSE_WAIT = 5.0  # seconds: a pass waits this long for a rate-limited workspace, not longer
PASS_SECONDS = 60.0  # nor goes on waiting past this: the poll that called it must go on
PARENT_WAIT = timedelta(seconds=5)
# A workspace's posting allowance, shared by every sender (`storage.allowance`). Slack publishes
# no workspace figure for `chat.postMessage` beyond about one a second per channel, with bursts;
# the fake Slack gives 10 at once and 2 a second, and a little less here absorbs the moments
# between a post taken and Slack counting it (with 10 and 2, two workers met 2 refusals in 30).
# A 429 still empties the bucket for every sender, so a stricter workspace costs one refusal.
WORKSPACE_BURST, WORKSPACE_RATE = 8.0, 1.8


def retry_after(header: object) -> int:
    """Slack's `Retry-After` in seconds, within 1 s and 10 min; 30 s if it is not a number."""
    try:
        return min(max(int(str(header).strip()), 1), 600)
    except ValueError:
        return 30


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 600))


def _hand_over(db: Connection, row: OutboxRow, token: str, now: datetime) -> str | None:
    """Give the row to the channel's next workspace, if any; its team id, else None."""
    poster = next_poster(db, row.channel_id, after=row.team_id)
    if poster is None:
        return None
    outbox.hand_over(db, row.id, token, poster[0], poster[1], now)
    return poster[0]


def _metadata(row: OutboxRow) -> dict[str, Any]:
    return {
        "event_type": METADATA_EVENT,
        "event_payload": {"outbox_id": row.id, "revision_id": row.revision_id},
    }


def _is_ours(message: dict[str, Any], row: OutboxRow) -> bool:
    """This row's message: by a file's unique name (digests), or by the message's metadata."""
    filename = row.payload.get("filename")
    if filename is not None:
        return any(f.get("name") == filename for f in message.get("files") or [])
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return (
        metadata.get("event_type") == METADATA_EVENT and payload == _metadata(row)["event_payload"]
    )


class Deliverer:
    """Sends due outbox rows. Several may run at once, in one process or many."""

    def __init__(
        self,
        engine: Engine,
        clients: Clients,
        clock: Callable[[], datetime],
        lease: timedelta,
        draw: Callable[[str], Awaitable[Artifact]] | None = None,
        pass_seconds: float = PASS_SECONDS,
        allowance: tuple[float, float] = (WORKSPACE_BURST, WORKSPACE_RATE),
    ) -> None:
        self.engine = engine
        # Each workspace's posting allowance (burst, posts a second), shared by every sender
        # through the store (`storage.allowance`).
        self.burst, self.rate = allowance
        self.clients = clients  # each workspace's own client (its token)
        self.clock = clock
        self.lease = lease
        self.draw = draw  # the chart a digest is posted with, from its query text
        self.pass_seconds = pass_seconds
        # Workspaces Slack rate-limited, until when (monotonic seconds: Slack's time, not the
        # newsroom's clock): their rows wait, the others' go on. Workspaces a lane is posting
        # to now: one post at a time per workspace, so lanes do not burst into its limit.
        self._paused: dict[str, float] = {}
        self._busy: Counter[str] = Counter()
        self._claiming = asyncio.Lock()  # one claim at a time here, so `_busy` is up to date

    def _db(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run a storage call in its own transaction (called in a worker thread)."""
        with self.engine.begin() as db:
            return fn(db, *args)

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(self._db, fn, *args)

    async def deliver_due(self) -> int:
        """Post every due row; return how many were posted (or found already posted). A
        workspace Slack paused for a moment is waited for, so a fan-out finishes in one pass."""
        sent, deadline = 0, time.monotonic() + self.pass_seconds
        while True:
            sent += sum(await asyncio.gather(*(self._lane() for _ in range(LANES))))
            resume = min(self._paused.values(), default=math.inf)
            if resume - time.monotonic() > PAUSE_WAIT or resume > deadline:
                return sent  # the next pass (every few seconds) takes up what is left
            await asyncio.sleep(max(resume - time.monotonic(), 0.0))

    async def _lane(self) -> int:
        """Claim and post rows one after another until none is due but for workspaces paused or
        being posted to. Lanes, and other processes' lanes, never take the same row."""
        sent = 0
        token = uuid.uuid4().hex
        while (row := await self._claim(token)) is not None:
            try:
                sent += await self._deliver(row, token) == "sent"
            finally:
                self._busy[row.team_id] -= 1
                if not self._busy[row.team_id]:
                    del self._busy[row.team_id]
        return sent

    async def _claim(self, token: str) -> OutboxRow | None:
        """The next row to post, its workspace's post taken from the shared allowance in the
        same transaction; a workspace whose allowance is spent is left until a post is due."""
        async with self._claiming:
            row, waits = await self._run(
                outbox.claim_next, self.clock(), self.lease, token, self._skipped(), self._take
            )
            now = time.monotonic()
            for team, wait in waits.items():
                self._paused[team] = max(now + wait, self._paused.get(team, now + wait))
            if row is not None:
                self._busy[row.team_id] += 1
            return row

    def _take(self, db: Connection, team_id: str) -> float:
        # Wall time: the allowance is shared between processes, whatever each one's clock.
        return allowance.take(db, team_id, datetime.now(UTC), self.burst, self.rate)

    def _skipped(self) -> frozenset[str]:
        now = time.monotonic()
        for team in [t for t, until in self._paused.items() if until <= now]:
            del self._paused[team]
        return frozenset(self._paused) | frozenset(self._busy)

    async def _deliver(self, row: OutboxRow, token: str) -> str:
        client = await self.clients.for_team(row.team_id, row.enterprise_id)
        if client is None:  # uninstalled since the row was queued
            log.warning("outbox %d: the app is not installed in %s", row.id, row.team_id)
            return await self._refused_here(row, token, "not_installed")
        thread_ts = None
        if row.kind == "correction":
            parent = await self._run(outbox.parent_alert, row.report_id, row.channel_id)
            waiting = parent is not None and parent[0] in ("pending", "claimed")
            if waiting or await self._run(outbox.older_correction_open, row):
                # Under its alert once that is posted, after the alert's older correction: an
                # alert's edits reach Slack in order, one at a time, whatever the workers.
                await self._run(outbox.release, row.id, token, self.clock() + PARENT_WAIT)
                return "released"
            thread_ts = parent[1] if parent is not None and parent[0] == "sent" else None
            shown = await self._run(outbox.shown_revision, row.report_id, row.channel_id)
            if row.revision_id is not None and shown is not None and row.revision_id <= shown:
                log.info("outbox %d: the alert already shows a newer revision; dropped", row.id)
                return await self._sent(row, token, "superseded")  # never back in time
            edit = row.payload.get("edit")
            if thread_ts is not None and isinstance(edit, dict):
                failed = await self._edit(client, row, token, thread_ts, edit)
                if failed is not None:
                    return failed
            if not row.payload.get("reply", True):  # an edit alone (a label, past the cap)
                return await self._sent(row, token, thread_ts or "no alert")
        if row.kind == "draft-edit":
            return await self._edit_draft(client, row, token)
        if row.uncertain:
            found = await self._find_posted(client, row, thread_ts)
            if found is not None:
                log.info("outbox %d: already in %s as %s; not posting again", row.id,
                         row.channel_id, found)  # fmt: skip
                return await self._sent(row, token, found)
        if row.payload.get("filename") is not None:
            return await self._post_file(client, row, token)
        try:
            response = await client.chat_postMessage(
                channel=row.channel_id,
                text=row.payload["text"],
                blocks=row.payload["blocks"],
                thread_ts=thread_ts,
                metadata=_metadata(row),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            return await self._failed_call(client, row, token, error)
        except (aiohttp.ClientError, TimeoutError) as error:
            reason = f"{type(error).__name__}: {error}"[:200]
            return await self._retry(row, token, reason, uncertain=True)
        return await self._sent(row, token, str(response["ts"]))

    async def _edit(
        self, client: AsyncWebClient, row: OutboxRow, token: str, ts: str, edit: dict[str, Any]
    ) -> str | None:
        """The alert at `ts` replaced by its corrected version, before the reply that says why.
        An update is idempotent, so a retry simply updates again; a message Slack will not edit
        (deleted, too old) is left as it is and the reply still goes. None: go on to the reply."""
        try:
            await client.chat_update(
                channel=row.channel_id, ts=ts, text=edit["text"], blocks=edit["blocks"]
            )
        except SlackApiError as error:
            data = error.response.data if isinstance(error.response.data, dict) else {}
            if data.get("error") not in UNEDITABLE:  # no reply was tried: no more uncertain
                return await self._failed_call(client, row, token, error, row.uncertain)
            log.warning("outbox %d: the alert %s in %s was not edited: %s", row.id, ts,
                        row.channel_id, data.get("error"))  # fmt: skip
        except (aiohttp.ClientError, TimeoutError) as error:
            reason = f"chat.update: {type(error).__name__}"
            return await self._retry(row, token, reason, row.uncertain)
        return None

    async def _edit_draft(self, client: AsyncWebClient, row: OutboxRow, token: str) -> str:
        """A draft edited (approved, held, superseded, its figures corrected): after the draft is
        posted and after its older edits, so editors never see an older state."""
        draft = await self._run(outbox.parent_alert, row.report_id, row.channel_id, "draft")
        if draft is None or draft[0] == "failed":
            await self._run(outbox.mark_failed, row.id, token, "the draft was never posted")
            return "failed"
        if draft[0] in ("pending", "claimed") or await self._run(outbox.older_correction_open, row):
            await self._run(outbox.release, row.id, token, self.clock() + PARENT_WAIT)
            return "released"
        assert draft[1] is not None
        failed = await self._edit(client, row, token, draft[1], row.payload)
        return failed if failed is not None else await self._sent(row, token, draft[1])

    async def _post_file(self, client: AsyncWebClient, row: OutboxRow, token: str) -> str:
        """A digest: its chart, with the summary as the file's comment, under a unique name."""
        assert self.draw is not None, "a digest needs a chart drawer"
        artifact = await self.draw(row.payload["chart"])
        try:
            response = await client.files_upload_v2(
                channel=row.channel_id,
                file=artifact.data,
                filename=row.payload["filename"],
                title=artifact.title,
                initial_comment=row.payload["text"],
            )
        except SlackApiError as error:
            return await self._failed_call(client, row, token, error)
        except (aiohttp.ClientError, TimeoutError) as error:
            reason = f"{type(error).__name__}: {error}"[:200]
            return await self._retry(row, token, reason, uncertain=True)
        files = response.get("files") or [{}]
        return await self._sent(row, token, str(files[0].get("id", "file")))

    async def _sent(self, row: OutboxRow, token: str, ts: str) -> str:
        if await self._run(outbox.mark_sent, row.id, token, ts, self.clock()):
            log.info("outbox %d: %s posted to %s (ts %s)", row.id, row.kind, row.channel_id, ts)
            return "sent"
        log.warning("outbox %d: posted, but the claim had lapsed to another sender", row.id)
        return "lost-claim"

    async def _failed_call(
        self,
        client: AsyncWebClient,
        row: OutboxRow,
        token: str,
        error: SlackApiError,
        uncertain: bool = True,
    ) -> str:
        """What a refused call means for the row; `uncertain`: whether a 5xx may have posted."""
        status = error.response.status_code
        data = error.response.data if isinstance(error.response.data, dict) else {}
        code = str(data.get("error") or f"HTTP {status}")
        if status == 429 or code == "ratelimited":
            wait = retry_after(error.response.headers.get("Retry-After"))
            log.warning("outbox %d: rate limited by Slack; retrying in %ds", row.id, wait)
            at = self.clock() + timedelta(seconds=wait)
            # The workspace's other rows would be refused too: leave them until then.
            until = time.monotonic() + wait
            self._paused[row.team_id] = max(until, self._paused.get(row.team_id, until))
            # ... and every other sender's: the shared allowance is spent until then.
            await self._run(allowance.spend_all, row.team_id, datetime.now(UTC), wait,
                            self.burst, self.rate)  # fmt: skip
            await self._run(outbox.mark_retry, row.id, token, at, "rate limited", False)
            return "retry"
        if status >= 500 or code in TRANSIENT_ERRORS:
            return await self._retry(row, token, code, uncertain=uncertain)
        if code in AUTH_ERRORS and await self._newer_token(row, client):
            return await self._retry(row, token, code, uncertain=False)
        if code in REFUSED_HERE:
            return await self._refused_here(row, token, code)
        log.error("outbox %d: Slack refused the post to %s: %s", row.id, row.channel_id, code)
        await self._run(outbox.mark_failed, row.id, token, code)
        return "failed"

    async def _refused_here(self, row: OutboxRow, token: str, code: str) -> str:
        """The row's workspace cannot post in the channel: hand the row to the channel's next
        workspace (a shared channel), or record why it was not posted."""
        handed = await self._run(_hand_over, row, token, self.clock())
        if handed is not None:
            log.warning("outbox %d: %s refused in %s (%s); posting with %s's token instead",
                        row.id, row.team_id, row.channel_id, code, handed)  # fmt: skip
            return "handed-over"
        log.error("outbox %d: Slack refused the post to %s: %s", row.id, row.channel_id, code)
        await self._run(outbox.mark_failed, row.id, token, code)
        return "failed"

    async def _newer_token(self, row: OutboxRow, refused: AsyncWebClient) -> bool:
        """Whether the store holds another token than the one Slack refused (the workspace
        reinstalled since it was remembered): then the row is tried again with it."""
        self.clients.forget(row.team_id, row.enterprise_id)
        fresh = await self.clients.for_team(row.team_id, row.enterprise_id)
        return fresh is not None and fresh.token != refused.token

    async def _retry(self, row: OutboxRow, token: str, reason: str, uncertain: bool) -> str:
        if row.attempts >= MAX_ATTEMPTS:
            log.error("outbox %d: giving up after %d attempts: %s", row.id, row.attempts, reason)
            await self._run(outbox.mark_failed, row.id, token, f"gave up: {reason}")
            return "failed"
        at = self.clock() + backoff(row.attempts)
        log.warning("outbox %d: %s; retrying at %s", row.id, reason, at.isoformat())
        await self._run(outbox.mark_retry, row.id, token, at, reason, uncertain)
        return "retry"

    async def _find_posted(
        self, client: AsyncWebClient, row: OutboxRow, thread_ts: str | None
    ) -> str | None:
        """The ts of this row's message if an earlier attempt posted it, else None."""
        oldest = f"{(row.created_at - timedelta(minutes=1)).timestamp():.6f}"
        cursor = None
        try:
            for _ in range(10):  # at most 2,000 messages since the row was made
                if thread_ts is not None:
                    response = await client.conversations_replies(
                        channel=row.channel_id, ts=thread_ts, oldest=oldest, limit=200,
                        include_all_metadata=True, cursor=cursor,
                    )  # fmt: skip
                else:
                    response = await client.conversations_history(
                        channel=row.channel_id, oldest=oldest, limit=200,
                        include_all_metadata=True, cursor=cursor,
                    )  # fmt: skip
                for message in response.get("messages", []):
                    if _is_ours(message, row):
                        return str(message["ts"])
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return None
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            # The residual window (docs/operations.md): without reading the channel we cannot
            # tell, and a lost alert is worse for a newsroom than a rare duplicate, so we post.
            log.warning("outbox %d: cannot check %s for an earlier post (%s); posting",
                        row.id, row.channel_id, error)  # fmt: skip
        return None
