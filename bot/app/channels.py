"""The runners of the commands that change or list what a channel gets, and the workspace's
live data link: they need the store, so the front door runs them in a database thread, once
per Slack trigger. Their sentences are `bot.render.wording`'s, in the question's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.app.approval import approval_line
from bot.app.outcome import Asked, Outcome, marked
from bot.core.query.commands import DataLink as DataLinkCommand
from bot.core.query.commands import Digest, ListSubscriptions, Mode, Subscribe, TimeZone
from bot.core.query.commands import Unsubscribe as UnsubscribeCommand
from bot.render.blocks import escape, mrkdwn_message
from bot.render.wording import wording
from storage.channels import get_settings, set_digest, set_timezone
from storage.data_links import link_token, reset_token
from storage.subscriptions import (
    SubscriptionStatus,
    set_mode,
    subscribed_elsewhere,
    team_subscriptions,
)
from storage.subscriptions import subscribe as store_subscription
from storage.subscriptions import unsubscribe as drop_subscription


def timezone(command: TimeZone, asked: Asked) -> Outcome:
    who = asked.who
    with asked.store.engine.begin() as db:
        set_timezone(db, who.team_id, who.channel_id, command.name, who.enterprise_id)
    return marked("timezone_set", asked.lang, channel=who.channel_id, zone=command.name)


def digest(command: Digest, asked: Asked) -> Outcome:
    who, now = asked.who, asked.store.now()
    with asked.store.engine.begin() as db:
        set_digest(db, who.team_id, who.channel_id, command.frequency, now, who.enterprise_id)
        tz = get_settings(db, who.team_id, who.channel_id).timezone
    if command.frequency is None:
        return marked("digest_off", asked.lang, channel=who.channel_id)
    return marked(f"digest_{command.frequency}", asked.lang, channel=who.channel_id, zone=tz)


def subscribe(command: Subscribe, asked: Asked) -> Outcome:
    who, say = asked.who, wording(asked.lang)
    with asked.store.engine.begin() as db:
        new = store_subscription(db, who.team_id, who.channel_id, command.categories,
                                 who.user_id, asked.store.now(), who.enterprise_id)  # fmt: skip
    what = ", ".join(say.label(k) for k in command.categories) or say.say("every_category")
    form = "subscribed_new" if new else "subscribed_again"
    return marked(form, asked.lang, channel=who.channel_id, what=what)


def mode(command: Mode, asked: Asked) -> Outcome:
    who = asked.who
    with asked.store.engine.begin() as db:
        changed = set_mode(db, who.team_id, who.channel_id, command.name)
    form = f"mode_{command.name}" if changed else "mode_not_subscribed"
    return marked(form, asked.lang, channel=who.channel_id)


def unsubscribe(command: UnsubscribeCommand, asked: Asked) -> Outcome:
    who = asked.who
    with asked.store.engine.begin() as db:
        gone = drop_subscription(db, who.team_id, who.channel_id)
        elsewhere = subscribed_elsewhere(db, who.team_id, who.channel_id)
    if elsewhere:
        form = "unsubscribed_shared" if gone else "not_subscribed_shared"
    else:
        form = "unsubscribed" if gone else "not_subscribed"
    return marked(form, asked.lang, channel=who.channel_id)


def subscriptions(command: ListSubscriptions, asked: Asked) -> Outcome:
    """The workspace's channels, and its editor approval if on."""
    with asked.store.engine.connect() as db:
        rows = team_subscriptions(db, asked.who.team_id)
        approval = approval_line(db, asked.who.team_id, asked.lang)
    say = wording(asked.lang)
    if not rows:
        none = say.say("no_subscriptions")
        return Outcome(mrkdwn_message("\n".join(line for line in (none, approval) if line)))
    lines = [subscription_line(row, asked.lang) for row in rows]
    title = f"*{say.say('subscriptions_title')}*"
    return Outcome(mrkdwn_message("\n".join([title, *lines, *([approval] if approval else [])])))


def subscription_line(row: SubscriptionStatus, lang: str = "en") -> str:
    """A subscribed channel, what it gets, its last alert or its delivery problem (mrkdwn)."""
    say = wording(lang)
    what = ", ".join(say.label(k) for k in row.subscription.categories) or say.say("all")
    what += say.say("fast_alerts") if row.subscription.mode == "fast" else ""
    last = (
        say.say("last_alert", on=say.date(row.last_sent_at))
        if row.last_sent_at
        else say.say("no_alert_yet")
    )
    problem = say.say("delivery_problem", problem=escape(row.problem)) if row.problem else ""
    return f"<#{row.subscription.channel_id}> ({what}): {last}{problem}"


def data_link(command: DataLinkCommand, asked: Asked) -> Outcome:
    who, desk = asked.who, asked.store
    with desk.engine.begin() as db:
        make = reset_token if command.reset else link_token
        token = make(db, who.team_id, who.user_id, desk.now(), who.enterprise_id)
    if command.reset and desk.data_tokens is not None:
        desk.data_tokens.forget()
    address = desk.public_url or public_base(who.headers, desk.behind_proxy)
    base = f"{address.rstrip('/')}/data/{token}/losses"
    form = "datalink_reset" if command.reset else "datalink"
    return marked(form, asked.lang, links=wording(asked.lang).say("datalink_links", base=base))


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
