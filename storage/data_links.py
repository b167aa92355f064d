"""Each workspace's live data URL token: made on first ask, replaced on reset (the old URL
stops working), looked up by the web route. Tokens are 32 random bytes, URL-safe."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from storage.models import data_links


def new_token() -> str:
    return secrets.token_urlsafe(32)


def link_token(
    db: Connection, team_id: str, user_id: str, now: datetime, enterprise_id: str | None = None
) -> str:
    """The workspace's token, made now if it has none. Its Enterprise Grid org is kept with it
    (an org-wide uninstall forgets the org's links: `storage.installations.org_teams`)."""
    held = db.execute(
        select(data_links.c.token, data_links.c.enterprise_id).where(
            data_links.c.team_id == team_id
        )
    ).first()
    if held is None:
        return reset_token(db, team_id, user_id, now, enterprise_id)
    if enterprise_id and held.enterprise_id != enterprise_id:
        db.execute(
            update(data_links)
            .where(data_links.c.team_id == team_id)
            .values(enterprise_id=enterprise_id)
        )
    return held.token


def reset_token(
    db: Connection, team_id: str, user_id: str, now: datetime, enterprise_id: str | None = None
) -> str:
    """A new token for the workspace; the old one no longer opens anything."""
    db.execute(delete(data_links).where(data_links.c.team_id == team_id))
    token = new_token()
    db.execute(
        insert(data_links).values(
            team_id=team_id,
            token=token,
            created_by=user_id,
            created_at=now,
            enterprise_id=enterprise_id,
        )
    )
    return token


def team_for_token(db: Connection, token: str) -> str | None:
    return db.execute(select(data_links.c.team_id).where(data_links.c.token == token)).scalar()


def forget_token(db: Connection, team_id: str) -> int:
    return db.execute(delete(data_links).where(data_links.c.team_id == team_id)).rowcount
