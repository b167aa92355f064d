"""What the bot does for Slack interactions (not slash commands): the brief's "Post to
channel" button, and the claim form's submission. The Bolt listeners in `bot.slack.app` pass
the payload's parts in and send what comes back.

Payloads are untrusted even when signed: a value that is not what the bot put there gets a
plain sentence, never a traceback. Database work runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from bot.answer import Unanswerable
from bot.brief import brief_query, compose_brief
from bot.claims import Claim, ClaimError, claim_sentence, parse_claim
from bot.query.grammar import UsageError
from bot.render.blocks import SlackMessage, brief_message, notice_message
from bot.slack.claim_form import submitted_fields
from bot.slack.handlers import CommandDeps
from bot.wording import EN
from storage.claims import Added, add_claim
from storage.requests import claim_request

log = logging.getLogger(__name__)

POSTED_ALREADY = "This brief was posted to this channel a moment ago; it was not posted again."
STALE_BUTTON = "This button no longer works; ask for the brief again with `/losses brief`."


@dataclass(frozen=True)
class Respond:
    """What to send to an interaction's `response_url`."""

    message: SlackMessage
    public: bool = False

    def args(self) -> dict[str, Any]:
        return {
            "response_type": "in_channel" if self.public else "ephemeral",
            "replace_original": False,
            "text": self.message.text,
            "blocks": self.message.blocks,
        }


async def post_brief(value: str, team_id: str, channel_id: str, deps: CommandDeps) -> Respond:
    """The brief the button was made for, to the channel: once, however often it is clicked
    and by however many processes the clicks reach."""
    try:
        asked = json.loads(value)
        day = date.fromisoformat(asked["date"])
        lang = asked["lang"] if asked.get("lang") in ("en", "uk") else "en"
    except (ValueError, TypeError, KeyError):
        return Respond(notice_message(STALE_BUTTON))
    try:
        history, today = deps.cache.current.for_team(team_id), deps.today()
        query = brief_query(day.isoformat(), today, lang)
        brief = compose_brief(history, query, today, deps.freshness())
    except (UsageError, Unanswerable) as error:
        return Respond(notice_message(str(error)))
    key = f"brief:{team_id}:{channel_id}:{day.isoformat()}:{lang}"
    if not await asyncio.to_thread(claim_request, deps.engine, key, deps.now()):
        return Respond(notice_message(POSTED_ALREADY))
    return Respond(brief_message(brief, private=False), public=True)


@dataclass(frozen=True)
class Submitted:
    errors: dict[str, str]  # block id (the field) -> why, shown on the field
    confirmation: str = ""


async def submit_claim(
    state: dict[str, Any],
    team_id: str,
    user_id: str,
    deps: CommandDeps,
    enterprise_id: str | None = None,
) -> Submitted:
    """Validate the form; store the claim in the workspace's own ledger (a resubmission changes
    nothing) or name the field. Only this workspace's answers will cite it."""
    try:
        claim = parse_claim(submitted_fields(state), deps.today() + timedelta(days=1))
    except ClaimError as error:
        return Submitted({error.field: error.reason[:150]})
    claim = replace(claim, team_id=team_id or None)
    by = f"slack:{team_id}:{user_id}"
    added = await asyncio.to_thread(_store, claim, by, enterprise_id, deps)
    await asyncio.to_thread(deps.cache.refresh)
    done = {"new": "added", "revised": "revised", "unchanged": "already held"}[added.outcome]
    return Submitted({}, f"Claim #{added.id} {done}: {claim_sentence(claim, EN)}")


def _store(claim: Claim, by: str, enterprise_id: str | None, deps: CommandDeps) -> Added:
    with deps.engine.begin() as db:
        return add_claim(db, claim, by[:100], deps.now(), enterprise_id)
