"""Editor approval from the front door: `/losses approval #editors|off`, and the draft's
Approve and Hold buttons (`bot.app.drafts` keeps the drafts in the alert queue).

Who may: only members of the editors' channel approve or hold a draft, and only they change
approval once it is on (and only a member of the new channel names it), so nobody outside the
desk can wave an alert through or switch the desk off. Membership is Slack's to say
(`Editors`, given by `bot.slack`); where it cannot be checked, the answer is no.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Connection, Engine, text

from bot.app.outcome import Asked, Outcome, Who, marked, refused, refused_marked
from bot.core.query.commands import Approval
from storage.approvals import (
    OPEN,
    Draft,
    decide,
    desk_of,
    draft_problem,
    get_draft,
    open_drafts,
    set_desk,
)

if TYPE_CHECKING:
    from bot.core.confirmation import Confirmation
    from bot.core.reports import History


class Editors(Protocol):
    """Whether a user is a member of a channel: True, False, or None where Slack would not say
    (the bot cannot see the channel)."""

    def member(
        self, team_id: str, enterprise_id: str | None, channel_id: str, user_id: str
    ) -> Awaitable[bool | None]: ...


async def may_change(command: Approval, asked: Asked, editors: Editors | None) -> Outcome | None:
    """Why `asked.who` may not change approval as `command` says, or None if they may."""
    who = asked.who
    if not who.team_id or editors is None:
        return refused("no_workspace", asked.lang)
    if command.channel is None and not command.off:
        return None  # how it stands: anyone may ask
    current = await asyncio.to_thread(_desk_channel, asked.store.engine, who.team_id)
    for channel in dict.fromkeys(c for c in (current, command.channel) if c):
        member = await editors.member(who.team_id, who.enterprise_id, channel, who.user_id)
        if member is None:
            return refused_marked("cannot_check_editors", asked.lang, channel=channel)
        if not member:
            return refused_marked("not_an_editor", asked.lang, channel=channel)
    return None


def _desk_channel(engine: Engine, team_id: str) -> str | None:
    with engine.connect() as db:
        desk = desk_of(db, team_id)
    return desk.channel_id if desk is not None else None


def approval(command: Approval, asked: Asked) -> Outcome:
    """The runner: turn approval on (or move it), off, or say how it stands."""
    who, desk = asked.who, asked.store
    with desk.engine.begin() as db:
        if command.channel is None and not command.off:
            current = desk_of(db, who.team_id)
            if current is None:
                return marked("approval_was_off", asked.lang)
            waiting = open_drafts(db, who.team_id)
            return marked("approval_status", asked.lang, channel=current.channel_id, n=waiting)
        before = set_desk(db, who.team_id, command.channel, who.user_id, desk.now(),
                          who.enterprise_id)  # fmt: skip
    if command.channel is not None:
        return marked("approval_on", asked.lang, channel=command.channel)
    if before is None:
        return marked("approval_was_off", asked.lang)
    return marked("approval_off", asked.lang, channel=before.channel_id)


def approval_line(db: Connection, team_id: str, lang: str = "en") -> str:
    """The workspace's approval, for `/losses subscriptions` and Home ("" when off); read on
    the connection that reads its channels."""
    from bot.render.blocks import escape
    from bot.render.wording import wording

    desk = desk_of(db, team_id)
    if desk is None:
        return ""
    waiting, problem = open_drafts(db, team_id), draft_problem(db, team_id)
    say = wording(lang)
    line = say.say("approval_line", channel=desk.channel_id, n=waiting)
    return line + (say.say("draft_problem", problem=escape(problem)) if problem else "")


@dataclass(frozen=True)
class Decided:
    """What a click on a draft did: `done` if it decided the draft (else someone had)."""

    done: bool
    draft: Draft
    channels: tuple[str, ...] = ()  # where the approved alert goes


def decide_draft(
    engine: Engine,
    history: History,
    draft_id: int,
    approve: bool,
    user: str,
    now: datetime,
    late_after: timedelta,
    policy: Confirmation,
) -> Decided | None:
    """Approve (fan the alert out) or hold a draft, in one transaction with the alerts it
    queues: of any number of clicks, workers and processes, one decides, and the outbox's one
    row per (report, channel) keeps the fan-out single. None: no such draft."""
    from bot.app.alerting import channel_alerts, queue_report  # not for every cold `ask`
    from bot.app.drafts import Approvals, edit_draft
    from storage import outbox
    from storage.reports import WRITE_LOCK, announced_report
    from storage.subscriptions import all_subscriptions

    with engine.begin() as db:
        if db.dialect.name == "postgresql":  # after any poll queueing alerts, never beside it
            db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
        draft = get_draft(db, draft_id)
        if draft is None:
            return None
        state = "approved" if approve else "held"
        if not decide(db, draft_id, state, user, now, OPEN if approve else ("pending",)):
            return Decided(False, get_draft(db, draft_id) or draft)  # as whoever decided left it
        decided = replace(draft, state=state, decided_by=user, decided_at=now)
        edit_draft(db, decided, now, state=state, by=user, at=now)
        if not approve:
            return Decided(True, decided)
        channels = {
            k: c
            for k, c in channel_alerts(all_subscriptions(db)).items()
            if c.team_id == draft.team_id
        }
        new = announced_report(db, draft.report_id)
        if new is not None:
            done = outbox.alerted(db, [new.revision_id])
            approvals = Approvals.load(db, [draft.report_id])
            queue_report(db, history, new, channels, now, late_after, policy, done, approvals)
        return Decided(True, decided, tuple(channels))


def decision_outcome(decided: Decided | None, lang: str = "en") -> Outcome:
    """What the clicking editor is told, privately."""
    if decided is None:
        return refused("stale_action", lang)
    draft = decided.draft
    if decided.done and draft.state == "approved":
        if not decided.channels:  # unsubscribed since the draft: nothing to send
            return marked("draft_approved_nowhere", lang)
        where = ", ".join(f"<#{c}>" for c in decided.channels)
        return Outcome(marked("draft_approved", lang, channels=where).message, deliver=True)
    if decided.done:
        return marked("draft_held", lang)
    if draft.state == "superseded":
        return refused("draft_superseded", lang)
    form = "draft_was_approved" if draft.state == "approved" else "draft_was_held"
    return refused_marked(form, lang, user=draft.decided_by or "")


async def check_click(
    engine: Engine, value: str, who: Who, editors: Editors | None
) -> Draft | Outcome:
    """The draft a button names, if `who` may decide it; else the refusal."""
    try:
        draft_id = int(value)
    except ValueError:
        return refused("stale_action")
    draft = await asyncio.to_thread(_draft, engine, draft_id)
    if draft is None or draft.team_id != who.team_id:
        return refused("stale_action")  # never another workspace's draft
    if editors is None:
        return refused("no_workspace")
    member = await editors.member(who.team_id, who.enterprise_id, draft.channel_id, who.user_id)
    if member is None:
        return refused_marked("cannot_check_editors", channel=draft.channel_id)
    if not member:
        return refused_marked("not_an_editor", channel=draft.channel_id)
    return draft


def _draft(engine: Engine, draft_id: int) -> Draft | None:
    with engine.connect() as db:
        return get_draft(db, draft_id)
