"""Which channels get alerts: the only module that touches the subscriptions table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, select, update

from storage.models import alert_outbox, subscriptions


@dataclass(frozen=True)
class Subscription:
    team_id: str
    channel_id: str
    categories: tuple[str, ...]  # empty: every category
    enterprise_id: str | None = None  # Enterprise Grid: with `team_id`, whose token posts


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


def all_subscriptions(db: Connection) -> list[Subscription]:
    rows = db.execute(
        select(
            subscriptions.c.team_id,
            subscriptions.c.channel_id,
            subscriptions.c.categories,
            subscriptions.c.enterprise_id,
        )
    ).all()
    return [Subscription(t, c, _categories(k), e) for t, c, k, e in rows]


def team_subscriptions(db: Connection, team_id: str) -> list[SubscriptionStatus]:
    """A workspace's channels with their last alert and any delivery problem."""
    last_sent = (
        select(alert_outbox.c.channel_id, func.max(alert_outbox.c.sent_at).label("sent_at"))
        .where(alert_outbox.c.team_id == team_id, alert_outbox.c.status == "sent")
        .group_by(alert_outbox.c.channel_id)
        .subquery()
    )
    rows = db.execute(
        select(subscriptions.c.channel_id, subscriptions.c.categories, last_sent.c.sent_at)
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
            Subscription(team_id, channel, _categories(cats)), sent, problems.get(channel)
        )
        for channel, cats, sent in rows
    ]
