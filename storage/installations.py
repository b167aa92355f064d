"""Workspaces that installed the app by OAuth: slack-sdk's SQLAlchemy installation and state
stores over our engine (tables made by migration 0009, never `create_all`), and forgetting a
workspace that uninstalled the app.

slack-sdk's stores are synchronous; `bot.slack.installations` runs them in worker threads for
the async Bolt app, so one engine (and one connection pool) serves everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from sqlalchemy import Connection, Engine, delete, func, select, update

from storage.approvals import forget_team
from storage.data_links import forget_token
from storage.db import exclusive
from storage.models import alert_outbox, channel_settings, data_links, subscriptions
from storage.subscriptions import next_poster

if TYPE_CHECKING:
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

STATE_SECONDS = 600  # an install link is good for ten minutes, and once
# Install links live at once: anyone may open /slack/install, so at most this many rows in ten
# minutes, however fast. A newsroom installs once; a thousand at a time is no real user.
MAX_STATES = 1_000
STATES_LOCK = 72_011_002  # the advisory lock the cap is checked under (PostgreSQL)


class TooManyInstalls(Exception):
    """More install links are open than `MAX_STATES`: the page asks to try again later."""


def installation_store(engine: Engine, client_id: str) -> SQLAlchemyInstallationStore:
    # Imported here: it pulls in SQLAlchemy's asyncio layer, which one-workspace bots never use.
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    return SQLAlchemyInstallationStore(client_id=client_id, engine=engine)


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    class BoundedStateStore(SQLAlchemyOAuthStateStore):
        """slack-sdk's store never deletes a state nobody used: expired ones are deleted
        before each new one, and no more than `MAX_STATES` are live at once."""

        def issue(self, *args: Any, **kwargs: Any) -> str:
            """slack-sdk's `issue`, with the cap checked and the row written in one
            transaction at a time: checked apart, 60 visits at once overshot it (1,004)."""
            table = self.oauth_states
            now = datetime.now(UTC)
            expire_at = now + timedelta(seconds=self.expiration_seconds)
            state = str(uuid4())
            with self.engine.begin() as db:
                exclusive(db, STATES_LOCK, table)
                db.execute(delete(table).where(table.c.expire_at <= normalize_datetime_for_db(now)))
                live = db.execute(select(func.count()).select_from(table)).scalar_one()
                if live >= MAX_STATES:
                    raise TooManyInstalls(f"{live:,} install links are open")
                db.execute(
                    table.insert(),
                    {"state": state, "expire_at": normalize_datetime_for_db(expire_at)},
                )
            return state

    return BoundedStateStore(expiration_seconds=STATE_SECONDS, engine=engine)


@dataclass(frozen=True)
class Forgotten:
    subscriptions: int
    pending_alerts: int
    settings: int
    data_links: int


def forget_workspace(db: Connection, team_id: str) -> Forgotten:
    """What the bot holds for a workspace that uninstalled it: its subscriptions, its channel
    settings, its editors' channel and drafts, its live data URL and the alerts not yet sent
    (sent ones stay, as the record of what was posted). An unsent alert for a channel another
    workspace also subscribed (Slack Connect) is handed to that workspace instead. Idempotent:
    a second call finds nothing."""
    pending = alert_outbox.c.status.in_(("pending", "claimed"))
    unsent = db.execute(
        select(alert_outbox.c.id, alert_outbox.c.channel_id, alert_outbox.c.kind).where(
            alert_outbox.c.team_id == team_id, pending
        )
    ).all()
    forget_team(db, team_id)  # its editors' channel and drafts: its own, never handed over
    dropped = 0
    for row_id, channel_id, kind in unsent:
        poster = next_poster(db, channel_id, after=None, leaving=team_id)
        if poster is None or kind in ("draft", "draft-edit"):
            db.execute(delete(alert_outbox).where(alert_outbox.c.id == row_id))
            dropped += 1
        else:
            db.execute(
                update(alert_outbox)
                .where(alert_outbox.c.id == row_id)
                .values(team_id=poster[0], enterprise_id=poster[1])
            )
    return Forgotten(
        db.execute(delete(subscriptions).where(subscriptions.c.team_id == team_id)).rowcount,
        dropped,
        db.execute(delete(channel_settings).where(channel_settings.c.team_id == team_id)).rowcount,
        forget_token(db, team_id),
    )


def org_teams(db: Connection, enterprise_id: str) -> list[str]:
    """The workspaces of an Enterprise Grid org that the bot holds anything for."""
    found: set[str] = set()
    for table in (subscriptions, channel_settings, alert_outbox, data_links):
        found.update(
            db.execute(
                select(table.c.team_id).where(table.c.enterprise_id == enterprise_id).distinct()
            ).scalars()
        )
    return sorted(found)
