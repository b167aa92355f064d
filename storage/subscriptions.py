"""Which channels get alerts: the only module that touches the subscriptions table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, select, update

from storage.models import alert_outbox, channel_settings, subscriptions


@dataclass(frozen=True)
class Subscription:
    team_id: str
    channel_id: str
    categories: tuple[str, ...]  # empty: every category
    enterprise_id: str | None = None  # Enterprise Grid: with `team_id`, whose token posts
    mode: str = "confirmed"  # `fast`: alerted at the first transcription (`bot.core.confirmation`)
    since: datetime | None = None  # when it was made: reports before it are not its news


@dataclass(frozen=True)
class SubscriptionStatus:
    subscription: Subscription
    last_sent_at: datetime | None
    problem: str | None  # the latest delivery error, if the latest attempt failed


def _categories(raw: str) -> tuple[str, ...]:
    return tuple(k for k in raw.split(",") if k)


def subscribe(
    db: Connection,
    team_id: str,
    channel_id: str,
    categories: Sequence[str],
    user: str,
    now: datetime,
    enterprise_id: str | None = None,
) -> bool:
    """Subscribe a channel, or change its categories. True when it was not subscribed before."""
    joined = ",".join(categories)
    changed = db.execute(
        update(subscriptions)
        .where(subscriptions.c.team_id == team_id, subscriptions.c.channel_id == channel_id)
        .values(categories=joined, enterprise_id=enterprise_id)
    ).rowcount
    if changed:
        return False
    db.execute(
        subscriptions.insert().values(
            team_id=team_id,
            channel_id=channel_id,
            categories=joined,
            enterprise_id=enterprise_id,
            created_by=user,
            created_at=now,
        )
    )
    return True


def unsubscribe(db: Connection, team_id: str, channel_id: str) -> bool:
    return bool(
        db.execute(
            delete(subscriptions).where(
                subscriptions.c.team_id == team_id, subscriptions.c.channel_id == channel_id
            )
        ).rowcount
    )


def subscribed_elsewhere(db: Connection, team_id: str, channel_id: str) -> bool:
    """Whether another workspace subscribes the channel (a shared one): it still gets alerts."""
    found = db.execute(
        select(subscriptions.c.id).where(
            subscriptions.c.channel_id == channel_id, subscriptions.c.team_id != team_id
        )
    ).first()
    return found is not None


def all_subscriptions(db: Connection) -> list[Subscription]:
    """Every subscription, a channel's workspaces in the order they post to it (`next_poster`)."""
    rows = db.execute(
        select(
            subscriptions.c.team_id,
            subscriptions.c.channel_id,
            subscriptions.c.categories,
            subscriptions.c.enterprise_id,
            subscriptions.c.mode,
            subscriptions.c.created_at,
        ).order_by(subscriptions.c.channel_id, subscriptions.c.team_id)
    ).all()
    return [Subscription(t, c, _categories(k), e, m, at) for t, c, k, e, m, at in rows]


def set_mode(db: Connection, team_id: str, channel_id: str, mode: str) -> bool:
    """A subscribed channel's alert mode; False when the workspace does not subscribe it."""
    return bool(
        db.execute(
            update(subscriptions)
            .where(subscriptions.c.team_id == team_id, subscriptions.c.channel_id == channel_id)
            .values(mode=mode)
        ).rowcount
    )


def next_poster(
    db: Connection, channel_id: str, after: str | None, leaving: str = ""
) -> tuple[str, str | None] | None:
    """The next workspace whose token may post in a channel (team, enterprise), or None.

    A Slack Connect channel keeps one id in every organisation it is shared with, so several
    workspaces may subscribe it (or ask for its digests). Its messages are posted once, with the
    first workspace's token in team-id order; when Slack refuses that token (uninstalled, not in
    the channel), the next one's. Going strictly up the order, a refused row tries each at most
    once. `after=None` starts from the first; `leaving` is never chosen (it is uninstalling).
    """
    asked = select(subscriptions.c.team_id, subscriptions.c.enterprise_id).where(
        subscriptions.c.channel_id == channel_id
    )
    asked = asked.union(
        select(channel_settings.c.team_id, channel_settings.c.enterprise_id).where(
            channel_settings.c.channel_id == channel_id, channel_settings.c.digest.is_not(None)
        )
    ).subquery()
    query = select(asked.c.team_id, asked.c.enterprise_id).where(asked.c.team_id != leaving)
    if after is not None:
        query = query.where(asked.c.team_id > after)
    row = db.execute(query.order_by(asked.c.team_id).limit(1)).first()
    return None if row is None else (row.team_id, row.enterprise_id)


def team_subscriptions(db: Connection, team_id: str) -> list[SubscriptionStatus]:
    """A workspace's channels with their last alert and any delivery problem."""
    # By channel, whoever's token posted it: a channel shared with another workspace gets its
    # alerts once, posted by one of them.
    mine = select(subscriptions.c.channel_id).where(subscriptions.c.team_id == team_id)
    last_sent = (
        select(alert_outbox.c.channel_id, func.max(alert_outbox.c.sent_at).label("sent_at"))
        .where(alert_outbox.c.channel_id.in_(mine), alert_outbox.c.status == "sent")
        .where(alert_outbox.c.kind.in_(("alert", "correction", "digest")))  # not a draft
        .group_by(alert_outbox.c.channel_id)
        .subquery()
    )
    rows = db.execute(
        select(
            subscriptions.c.channel_id,
            subscriptions.c.categories,
            subscriptions.c.mode,
            last_sent.c.sent_at,
        )
        .outerjoin(last_sent, last_sent.c.channel_id == subscriptions.c.channel_id)
        .where(subscriptions.c.team_id == team_id)
        .order_by(subscriptions.c.created_at)
    ).all()
    problems = dict(
        db.execute(
            select(alert_outbox.c.channel_id, alert_outbox.c.error)
            .where(alert_outbox.c.team_id == team_id, alert_outbox.c.error.is_not(None))
            .where(alert_outbox.c.status.in_(("failed", "pending")))
            .order_by(alert_outbox.c.id)
        ).all()
    )
    return [
        SubscriptionStatus(
            Subscription(team_id, channel, _categories(cats), mode=mode),
            sent,
            problems.get(channel),
        )
        for channel, cats, mode, sent in rows
    ]
