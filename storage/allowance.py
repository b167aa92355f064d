"""Each workspace's posting allowance, shared by every sender: a token bucket in the database.

Slack limits `chat.postMessage` per workspace. With each sender pacing itself alone, four
workers spent a workspace's allowance four times over: Slack refused 741 to 863 posts of 1,000,
and four workers were no faster than one. The bucket is one row per workspace, taken under a
row lock (`FOR UPDATE` on PostgreSQL; SQLite serialises writers), so every worker draws from the
same allowance; a 429 empties it for all of them until Slack's `Retry-After`. Wall-clock time
(UTC) measures the refill: the processes share it, as they share nothing else.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import exclusive
from storage.models import posting_allowance as allowance_t

ALLOWANCE_LOCK = 72_011_004  # SQLite: the write lock taken first (PostgreSQL locks the row)


def take(db: Connection, team_id: str, now: datetime, burst: float, rate: float) -> float:
    """Take one post from the workspace's allowance (`burst` at most, refilled at `rate` a
    second): 0.0 when taken, else the seconds until one is due, nothing taken."""
    tokens = _held(db, team_id, now, burst, rate)
    if tokens < 1:
        _set(db, team_id, tokens, now)
        return (1 - tokens) / rate
    _set(db, team_id, tokens - 1, now)
    return 0.0


def spend_all(
    db: Connection, team_id: str, now: datetime, seconds: float, burst: float, rate: float
) -> None:
    """Slack said 429: the workspace's allowance is empty for every sender until `seconds`
    from now (Slack's `Retry-After`)."""
    _held(db, team_id, now, burst, rate)
    _set(db, team_id, -seconds * rate, now)


def _held(db: Connection, team_id: str, now: datetime, burst: float, rate: float) -> float:
    """The workspace's allowance now, its row locked for the rest of the transaction."""
    postgres = db.dialect.name == "postgresql"
    if not postgres:
        exclusive(db, ALLOWANCE_LOCK, allowance_t)
    insert = pg_insert if postgres else sqlite_insert
    db.execute(
        insert(allowance_t)
        .values(team_id=team_id, tokens=burst, updated_at=now)
        .on_conflict_do_nothing(index_elements=["team_id"])
    )
    row = db.execute(
        select(allowance_t.c.tokens, allowance_t.c.updated_at)
        .where(allowance_t.c.team_id == team_id)
        .with_for_update()
    ).one()
    elapsed = max((now - row.updated_at).total_seconds(), 0.0)
    return min(burst, row.tokens + elapsed * rate)


def _set(db: Connection, team_id: str, tokens: float, now: datetime) -> None:
    db.execute(
        update(allowance_t)
        .where(allowance_t.c.team_id == team_id)
        .values(tokens=tokens, updated_at=now)
    )
