"""Each workspace's live data URL token: made on first ask, replaced on reset (the old URL
stops working), looked up by the web route. Tokens are 32 random bytes, URL-safe."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from storage.models import data_links


def new_token() -> str:
    return secrets.token_urlsafe(32)


def link_token(db: Connection, team_id: str, user_id: str, now: datetime) -> str:
    """The workspace's token, made now if it has none."""
    held = db.execute(select(data_links.c.token).where(data_links.c.team_id == team_id)).scalar()
    if held is not None:
        return held
    return reset_token(db, team_id, user_id, now)


def reset_token(db: Connection, team_id: str, user_id: str, now: datetime) -> str:
    """A new token for the workspace; the old one no longer opens anything."""
    db.execute(delete(data_links).where(data_links.c.team_id == team_id))
    token = new_token()
    db.execute(
        insert(data_links).values(team_id=team_id, token=token, created_by=user_id, created_at=now)
    )
    return token


def team_for_token(db: Connection, token: str) -> str | None:
    return db.execute(select(data_links.c.team_id).where(data_links.c.token == token)).scalar()


def forget_token(db: Connection, team_id: str) -> int:
    return db.execute(delete(data_links).where(data_links.c.team_id == team_id)).rowcount
