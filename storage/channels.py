"""Per-channel preferences (time zone, digest): the only module that touches channel_settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, select, update

from storage.models import channel_settings as settings_t


@dataclass(frozen=True)
class ChannelSettings:
    team_id: str
    channel_id: str
    timezone: str
    digest: str | None
    digest_since: datetime | None
    enterprise_id: str | None = None


def _settings(row: Any) -> ChannelSettings:
    return ChannelSettings(
        row.team_id, row.channel_id, row.timezone, row.digest, row.digest_since, row.enterprise_id
    )


def _ensure(db: Connection, team_id: str, channel_id: str, enterprise_id: str | None) -> None:
    exists = db.execute(
        select(settings_t.c.id).where(
            settings_t.c.team_id == team_id, settings_t.c.channel_id == channel_id
        )
    ).first()
    if exists is None:
        db.execute(
            settings_t.insert().values(
                team_id=team_id, channel_id=channel_id, timezone="UTC", enterprise_id=enterprise_id
            )
        )


def _where(team_id: str, channel_id: str) -> ColumnElement[bool]:
    return (settings_t.c.team_id == team_id) & (settings_t.c.channel_id == channel_id)


def set_timezone(
    db: Connection,
    team_id: str,
    channel_id: str,
    timezone: str,
    enterprise_id: str | None = None,
) -> None:
    _ensure(db, team_id, channel_id, enterprise_id)
    db.execute(update(settings_t).where(_where(team_id, channel_id)).values(timezone=timezone))


def set_digest(
    db: Connection,
    team_id: str,
    channel_id: str,
    digest: str | None,
    now: datetime,
    enterprise_id: str | None = None,
) -> None:
    _ensure(db, team_id, channel_id, enterprise_id)
    db.execute(
        update(settings_t)
        .where(_where(team_id, channel_id))
        .values(digest=digest, digest_since=now if digest else None)
    )


def get_settings(db: Connection, team_id: str, channel_id: str) -> ChannelSettings:
    row = db.execute(select(settings_t).where(_where(team_id, channel_id))).first()
    if row is None:
        return ChannelSettings(team_id, channel_id, "UTC", None, None)
    return _settings(row)


def digest_channels(db: Connection) -> list[ChannelSettings]:
    rows = db.execute(select(settings_t).where(settings_t.c.digest.is_not(None))).all()
    return [_settings(r) for r in rows]


def team_digests(db: Connection, team_id: str) -> list[ChannelSettings]:
    """A workspace's channels that get a digest (the App Home lists them)."""
    rows = db.execute(
        select(settings_t)
        .where(settings_t.c.team_id == team_id, settings_t.c.digest.is_not(None))
        .order_by(settings_t.c.id)
    ).all()
    return [_settings(r) for r in rows]
