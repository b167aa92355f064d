"""What the bot does for Slack interactions (not slash commands): the buttons of a private
answer ("Post to channel", "Chart this", "CSV"), of an alert ("Chart", "Unsubscribe this
channel") and of the brief, and the claim form's submission. The Bolt listeners in
`bot.slack.app` pass the payload's parts in and send what comes back.

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

from bot.app.answers import file_reply
from bot.app.file_workers import FileJob
from bot.core.answer import Unanswerable, answer_query
from bot.core.claims import Claim, ClaimError, parse_claim
from bot.core.query.commands import Ask, Chart, Export, Unsubscribe, parse_command, slack_usage
from bot.core.query.grammar import UsageError
from bot.render.blocks import (
    ALERT_CHART,
    ANSWER_CHART,
    ANSWER_CSV,
    ANSWER_POST,
    MAX_VALUE,
    SlackMessage,
    answer_message,
    brief_message,
    notice_message,
    unanswerable_message,
    usage_message,
)
from bot.render.brief import brief_query, compose_brief
from bot.render.context import claim_sentence
from bot.render.flags import said
from bot.render.wording import EN
from bot.slack.claim_form import submitted_fields
from bot.slack.handlers import (
    BUSY,
    CommandContext,
    CommandDeps,
    first_time,
    manage_channel,
)
from storage.claims import MAX_WORKSPACE_CLAIMS, Added, LedgerFull, add_claim

log = logging.getLogger(__name__)

POSTED_ALREADY = "This brief was posted to this channel a moment ago; it was not posted again."
STALE_BUTTON = "This button no longer works; ask for the brief again with `/losses brief`."
STALE_ACTION = "This button no longer works; ask again with `/losses`."
LEDGER_FULL = (
    f"This workspace already holds {MAX_WORKSPACE_CLAIMS} claims, the most it may enter here; "
    "ask the bot's operator to add more with `losses-bot claims`."
)


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
        return Respond(notice_message(said(error)))
    key = f"brief:{team_id}:{channel_id}:{day.isoformat()}:{lang}"
    if not await first_time(key, deps):
        return Respond(notice_message(POSTED_ALREADY))
    return Respond(brief_message(brief, private=False), public=True)


CLICKED_ALREADY = "That button was already used on this message; nothing was done twice."


@dataclass(frozen=True)
class Clicked:
    """What a button does: what the clicker is told (or what goes to the channel), and a file
    to post to the channel after the acknowledgement."""

    respond: Respond
    upload: FileJob | None = None


async def answer_button(
    action_id: str, question: str, team_id: str, channel_id: str, message_ts: str,
    deps: CommandDeps,
) -> Clicked:  # fmt: skip
    """A private answer's or an alert's button: the question it carries, answered afresh from
    the store, posted to the channel (once per message and button), or drawn or exported there."""
    if len(question) > MAX_VALUE:  # not a value the bot made
        return Clicked(Respond(notice_message(STALE_ACTION)))
    history, today = deps.cache.current.for_team(team_id), deps.today()
    key = f"button:{team_id}:{channel_id}:{message_ts}:{action_id}"
    if action_id == ANSWER_POST:
        try:
            command = parse_command(question, today, history.keys)
            if not isinstance(command, Ask):
                raise UsageError("usage_button")
            comparison = answer_query(command.query, history, today, deps.freshness())
        except UsageError as error:
            return Clicked(Respond(usage_message(said(error), slack_usage(error.lang))))
        except Unanswerable as error:
            return Clicked(Respond(unanswerable_message(said(error))))
        if not await first_time(key, deps):
            return Clicked(Respond(notice_message(CLICKED_ALREADY)))
        return Clicked(Respond(answer_message(comparison), public=True))
    if action_id not in (ANSWER_CHART, ANSWER_CSV, ALERT_CHART):
        return Clicked(Respond(notice_message(STALE_ACTION)))
    wanted = Export(question) if action_id == ANSWER_CSV else Chart(question)
    reply = file_reply(wanted, history, today)
    if reply.upload is None:  # the question cannot be drawn or exported: say why
        return Clicked(Respond(reply.message))
    if not await first_time(key, deps):
        return Clicked(Respond(notice_message(CLICKED_ALREADY)))
    if not deps.files.admit():
        return Clicked(Respond(notice_message(BUSY)))
    return Clicked(Respond(reply.message), reply.upload)


async def unsubscribe_button(
    team_id: str, channel_id: str, user_id: str, deps: CommandDeps, enterprise_id: str | None
) -> Respond:
    """The alert menu's "Unsubscribe this channel", after Slack's confirmation dialog."""
    ctx = CommandContext("unsubscribe", team_id, channel_id, user_id, enterprise_id=enterprise_id)
    reply = await asyncio.to_thread(manage_channel, Unsubscribe(), ctx, deps)
    return Respond(reply.message)


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
    try:
        added = await asyncio.to_thread(_store, claim, by, enterprise_id, deps)
    except LedgerFull:
        return Submitted({"party": LEDGER_FULL})
    await asyncio.to_thread(deps.cache.refresh)
    done = {"new": "added", "revised": "revised", "unchanged": "already held"}[added.outcome]
    return Submitted({}, f"Claim #{added.id} {done}: {claim_sentence(claim, EN)}")


def _store(claim: Claim, by: str, enterprise_id: str | None, deps: CommandDeps) -> Added:
    with deps.engine.begin() as db:
        return add_claim(db, claim, by[:100], deps.now(), enterprise_id)
