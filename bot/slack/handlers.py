"""What `/losses` replies: the listener in `bot.slack.app` parses nothing itself, it awaits
`reply_to_command` and acknowledges with the result.

Questions are answered from the history in memory, on the event loop, with no I/O; only the
subscription commands touch the store, in a worker thread. Never raises: anything unexpected is
logged with its traceback and the user gets one plain sentence.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine

from bot.app.answers import Answers, Reply, file_reply
from bot.app.data_tokens import DataTokens
from bot.app.file_workers import FileWorkers
from bot.app.history_cache import HistoryCache
from bot.core.categories import category
from bot.core.digests import zone
from bot.core.freshness import DEFAULT_MARGIN, Freshness
from bot.core.query.commands import (
    AddClaim,
    Chart,
    DataLink,
    Digest,
    Export,
    ListSubscriptions,
    Mode,
    Subscribe,
    TimeZone,
    Unsubscribe,
)
from bot.render.blocks import escape, mrkdwn_message, notice_message
from bot.render.formatting import fmt_date
from bot.slack.claim_form import claim_view
from storage.channels import get_settings, set_digest, set_timezone
from storage.data_links import link_token, reset_token
from storage.requests import claim_request
from storage.subscriptions import (
    SubscriptionStatus,
    set_mode,
    subscribe,
    subscribed_elsewhere,
    team_subscriptions,
    unsubscribe,
)

log = logging.getLogger(__name__)


MAX_QUERY_CHARS = 2_000  # far above any question; Slack's own limit is a few thousand
LOGGED_CHARS = 200


@dataclass(frozen=True)
class CommandContext:
    text: str
    team_id: str
    channel_id: str
    user_id: str
    trigger_id: str = ""  # Slack's id of this request: a replay or a retry carries the same
    # The request's headers: the address Slack reached us at, for links to the bot (the live
    # data URL) where LOSSES_PUBLIC_URL does not give it. Read only where a link is made.
    headers: Mapping[str, Any] = field(default_factory=dict)
    enterprise_id: str | None = None  # the workspace's Enterprise Grid org, if any


def printable(text: str) -> str:
    """What the log shows of a query: a prefix, with control characters escaped."""
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        for ch in text[:LOGGED_CHARS]
    )
    return shown + (f"… ({len(text):,} characters)" if len(text) > LOGGED_CHARS else "")


@dataclass
class CommandDeps:
    engine: Engine
    cache: HistoryCache
    today: Callable[[], date]
    now: Callable[[], datetime]
    stale_after: timedelta = DEFAULT_MARGIN
    files: FileWorkers = field(default_factory=FileWorkers)
    data_tokens: DataTokens | None = None  # to forget a reset data link at once
    public_url: str = ""  # LOSSES_PUBLIC_URL; else the address Slack's request came to
    behind_proxy: bool = False  # LOSSES_BEHIND_PROXY: X-Forwarded-Host/-Proto may be believed
    answers: Answers = field(default_factory=Answers)  # the questions' replies, memoised

    # The last `moment()`: the same objects all hour, not new ones for each question; and the
    # end of that hour.
    _moment: tuple[date, Freshness] | None = field(default=None, init=False, repr=False)
    _until: datetime | None = field(default=None, init=False, repr=False)

    def moment(self) -> tuple[date, Freshness]:
        """Today, and the moment of asking to the hour (answers stay memoised within it). Kyiv's
        days begin on the hour, so today holds for the hour it was read in."""
        now, last, until = self.now(), self._moment, self._until
        if last is not None and until is not None and last[1].now <= now < until:
            return last
        hour = _hour(now)
        last = (self.today(), Freshness(hour, self.stale_after))
        if _hour(self.now()) == hour:  # not read across the turn of an hour
            self._moment, self._until = last, hour + timedelta(hours=1)
        return last

    def freshness(self) -> Freshness:
        return self.moment()[1]


def _hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def ack_args(reply: Reply) -> dict[str, Any]:
    """What the acknowledgement carries: the answer, or nothing when a form says it all."""
    if reply.view is not None:
        return {}
    return reply.message.args("in_channel" if reply.public else "ephemeral")


SORRY = "Sorry, something went wrong on our side. It has been logged."
ALREADY = "This request reached me twice; it was handled the first time."
BUSY = "Too many charts and files are being made right now; please try again in a minute."


async def reply_to_command(ctx: CommandContext, deps: CommandDeps) -> Reply:
    try:
        return await _reply(ctx, deps)
    except Exception:
        log.exception("/losses %s failed", printable(ctx.text))
        return Reply(notice_message(SORRY))


async def first_time(key: str, deps: CommandDeps) -> bool:
    """Whether `key` (a request, a click) is new: what it does runs once, whichever process a
    replay, a retry or a double click reaches."""
    return await asyncio.to_thread(claim_request, deps.engine, key, deps.now())


def _is_new(ctx: CommandContext, deps: CommandDeps) -> bool:
    """A command that changes something runs once per `trigger_id` (in a database thread)."""
    return not ctx.trigger_id or claim_request(
        deps.engine, f"{ctx.team_id}:{ctx.trigger_id}", deps.now()
    )


async def _first_time(ctx: CommandContext, deps: CommandDeps) -> bool:
    return not ctx.trigger_id or await asyncio.to_thread(_is_new, ctx, deps)


def _once(act: Callable[[], Reply], ctx: CommandContext, deps: CommandDeps) -> Reply:
    """`act()` if the request is new, checked in the same database thread: under load each hop
    off the event loop and back costs a command tens of milliseconds."""
    return act() if _is_new(ctx, deps) else Reply(notice_message(ALREADY))


async def _reply(ctx: CommandContext, deps: CommandDeps) -> Reply:
    if len(ctx.text) > MAX_QUERY_CHARS:
        return Reply(
            notice_message(
                f"That is {len(ctx.text):,} characters; a question is at most "
                f"{MAX_QUERY_CHARS:,}. `/losses help` shows what to ask."
            )
        )
    history = deps.cache.current.for_team(ctx.team_id)
    today, freshness = deps.moment()
    command = deps.answers.reply(history, ctx.text, today, freshness)
    if isinstance(command, Reply):
        if command.public and not await _first_time(ctx, deps):
            return Reply(notice_message(ALREADY))  # never posted to the channel twice
        return command
    if isinstance(command, AddClaim):
        form = claim_view(metadata={"channel": ctx.channel_id, "team": ctx.team_id})
        return Reply(notice_message("Opening the form…"), view=form)
    if isinstance(command, Chart | Export):
        if not await _first_time(ctx, deps):
            return Reply(notice_message(ALREADY))
        reply = file_reply(command, history, today)
        if reply.upload is not None and not deps.files.admit():
            return Reply(notice_message(BUSY))
        return reply
    if isinstance(command, TimeZone):
        try:
            zone(command.name)
        except ValueError as error:  # changes nothing: said again for a replay
            return Reply(notice_message(str(error)))
    if isinstance(command, DataLink):
        act = partial(_data_link, command.reset, ctx, deps)
    else:
        assert isinstance(
            command, Subscribe | Unsubscribe | ListSubscriptions | Digest | TimeZone | Mode
        )
        act = partial(manage_channel, command, ctx, deps)
    return await asyncio.to_thread(_once, act, ctx, deps)


def _data_link(reset: bool, ctx: CommandContext, deps: CommandDeps) -> Reply:
    with deps.engine.begin() as db:
        if reset:
            token = reset_token(db, ctx.team_id, ctx.user_id, deps.now(), ctx.enterprise_id)
        else:
            token = link_token(db, ctx.team_id, ctx.user_id, deps.now(), ctx.enterprise_id)
    if reset and deps.data_tokens is not None:
        deps.data_tokens.forget()
    address = deps.public_url or public_base(ctx.headers, deps.behind_proxy)
    base = f"{address.rstrip('/')}/data/{token}/losses"
    lead = (
        "A new live data URL; the old one no longer works."
        if reset
        else (
            "This workspace's live data: every report, every category, updated as reports arrive."
        )
    )
    return Reply(
        mrkdwn_message(
            f"{lead}\n• CSV: {base}.csv\n• JSON: {base}.json\n• One row per report and "
            "category: add `?shape=long`; no attribution line above the header: `?comment=0`\n"
            "Anyone with the link can read it; `/losses datalink reset` replaces it."
        )
    )


def public_base(headers: Mapping[str, Any], behind_proxy: bool = False) -> str:
    """The address Slack reached us at. X-Forwarded-Host and -Proto are anyone's to send and
    are believed only behind a proxy that sets them (`LOSSES_BEHIND_PROXY`, Heroku's router);
    otherwise the Host header, over https (Slack calls nothing else)."""

    def first(name: str) -> str:
        value = headers.get(name) or [""]
        return str(value[0] if isinstance(value, list) else value)

    forwarded = behind_proxy and first("x-forwarded-host")
    host = forwarded or first("host")
    scheme = (behind_proxy and first("x-forwarded-proto")) or "https"
    if not re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?", host) or scheme not in ("http", "https"):
        return "https://YOUR-APP"  # Socket Mode, or a host we would not link to: say so
    return f"{scheme}://{host}"


def manage_channel(
    command: Subscribe | Unsubscribe | ListSubscriptions | Digest | TimeZone | Mode,
    ctx: CommandContext,
    deps: CommandDeps,
) -> Reply:
    """The commands that change or list what a channel gets (they need the store)."""
    with deps.engine.begin() as db:
        if isinstance(command, TimeZone):
            set_timezone(db, ctx.team_id, ctx.channel_id, command.name, ctx.enterprise_id)
            return Reply(
                mrkdwn_message(f"Summaries for <#{ctx.channel_id}> now follow {command.name} time.")
            )
        if isinstance(command, Digest):
            return _digest(db, command, ctx, deps)
        if isinstance(command, Subscribe):
            return _subscribe(db, command, ctx, deps)
        if isinstance(command, Unsubscribe):
            return _unsubscribe(db, ctx)
        if isinstance(command, Mode):
            return _mode(db, command, ctx)
        assert isinstance(command, ListSubscriptions)
        rows = team_subscriptions(db, ctx.team_id)
    if not rows:
        return Reply(notice_message("No channel in this workspace is subscribed."))
    lines = [subscription_line(row) for row in rows]
    return Reply(mrkdwn_message("*Subscribed channels*\n" + "\n".join(lines)))


def _digest(db: Connection, command: Digest, ctx: CommandContext, deps: CommandDeps) -> Reply:
    set_digest(db, ctx.team_id, ctx.channel_id, command.frequency, deps.now(), ctx.enterprise_id)
    if command.frequency is None:
        return Reply(mrkdwn_message(f"<#{ctx.channel_id}> will get no more summaries."))
    tz = get_settings(db, ctx.team_id, ctx.channel_id).timezone
    when = "every Monday" if command.frequency == "weekly" else "on the 1st of each month"
    unit = "week" if command.frequency == "weekly" else "month"
    return Reply(
        mrkdwn_message(
            f"<#{ctx.channel_id}> will get a {command.frequency} summary {when} at 09:00 "
            f"({tz} time; change it with `/losses timezone Europe/Kyiv`), covering the "
            f"{unit} before, with a chart."
        )
    )


def _subscribe(db: Connection, command: Subscribe, ctx: CommandContext, deps: CommandDeps) -> Reply:
    new = subscribe(db, ctx.team_id, ctx.channel_id, command.categories, ctx.user_id,
                    deps.now(), ctx.enterprise_id)  # fmt: skip
    what = ", ".join(category(k).plural for k in command.categories) or "every category"
    verb = "will now get" if new else "now gets"
    return Reply(
        mrkdwn_message(
            f"<#{ctx.channel_id}> {verb} an alert for each new General Staff report "
            f"({what}), from the next report on. In a private channel, invite me first."
        )
    )


def _mode(db: Connection, command: Mode, ctx: CommandContext) -> Reply:
    if not set_mode(db, ctx.team_id, ctx.channel_id, command.name):
        return Reply(
            mrkdwn_message(f"<#{ctx.channel_id}> is not subscribed: `/losses subscribe` first.")
        )
    if command.name == "fast":
        text = (
            f"<#{ctx.channel_id}> now gets each report's alert at the first source that "
            "publishes it, marked unconfirmed until a second agrees."
        )
    else:
        text = (
            f"<#{ctx.channel_id}> now gets each report's alert once a second source agrees "
            "on its personnel figure (or after a wait, marked unconfirmed)."
        )
    return Reply(mrkdwn_message(text))


def _unsubscribe(db: Connection, ctx: CommandContext) -> Reply:
    gone = unsubscribe(db, ctx.team_id, ctx.channel_id)
    if subscribed_elsewhere(db, ctx.team_id, ctx.channel_id):
        text = (
            f"This workspace no longer subscribes <#{ctx.channel_id}>, but another "
            "workspace sharing the channel does: its alerts go on until it unsubscribes."
            if gone
            else f"This workspace does not subscribe <#{ctx.channel_id}>; another "
            "workspace sharing the channel does."
        )
    elif gone:
        text = f"<#{ctx.channel_id}> will get no more alerts."
    else:
        text = f"<#{ctx.channel_id}> was not subscribed."
    return Reply(mrkdwn_message(text))


def subscription_line(row: SubscriptionStatus) -> str:
    """A subscribed channel, what it gets, its last alert or its delivery problem (mrkdwn)."""
    what = ", ".join(category(k).plural for k in row.subscription.categories) or "all"
    what += "; fast alerts" if row.subscription.mode == "fast" else ""
    last = f"last alert {fmt_date(row.last_sent_at)}" if row.last_sent_at else "no alert yet"
    problem = f"; delivery problem: `{escape(row.problem)}`" if row.problem else ""
    return f"<#{row.subscription.channel_id}> ({what}): {last}{problem}"
