"""Slack requests already handled, by their `trigger_id`: a replayed or retried slash command
that would change something (a subscription, a file, a public answer) runs once, across every
process that shares the database; and Events API callbacks by their `event_id`, recorded once
handled (`bot.slack.events`). Rows older than `KEEP` are pruned as new ones arrive: Slack
refuses a signed request older than five minutes anyway."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from storage.models import handled_requests

KEEP = timedelta(minutes=10)
MAX_KEY = 100


def claim_request(engine: Engine, key: str, now: datetime) -> bool:
    """True the first time `key` is seen (the caller may act), False for a repeat."""
    try:
        with engine.begin() as db:
            db.execute(delete(handled_requests).where(handled_requests.c.seen_at < now - KEEP))
            db.execute(insert(handled_requests).values(key=key[:MAX_KEY], seen_at=now))
    except IntegrityError:
        return False
    return True


def was_handled(engine: Engine, key: str) -> bool:
    """Whether `key` was claimed (an event recorded as handled), without claiming it."""
    with engine.connect() as db:
        found = db.execute(
            select(handled_requests.c.key).where(handled_requests.c.key == key[:MAX_KEY])
        ).first()
    return found is not None
