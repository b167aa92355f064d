"""Editor approval: which workspaces send alerts to their editors first, and each report's draft.

The only module that touches `approval_desks` and `drafts`. Deciding a draft is one conditional
update (`decide`): whichever editor, worker or process gets there first decides it, and the
others learn who did.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, delete, func, select, update

from storage.models import alert_outbox, approval_desks, drafts, reports

OPEN = ("pending", "held")  # a draft an editor may still approve


@dataclass(frozen=True)
class EditorsDesk:
    team_id: str
    channel_id: str  # the editors' channel
    enterprise_id: str | None = None


@dataclass(frozen=True)
class Draft:
    id: int
    report_id: int
    team_id: str
    channel_id: str  # where it was posted
    state: str  # pending | held | approved | superseded
    created_at: datetime
    enterprise_id: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    report_date: date | None = None

    @property
    def key(self) -> str:
        """The draft message's outbox key (`alert_outbox.digest_key`): one per draft."""
        return f"draft:{self.report_id}:{self.team_id}"


def set_desk(
    db: Connection,
    team_id: str,
    channel_id: str | None,
    user: str,
    now: datetime,
    enterprise_id: str | None = None,
) -> EditorsDesk | None:
    """The workspace's editors' channel (None: approval off); what it was before."""
    before = desk_of(db, team_id)
    db.execute(delete(approval_desks).where(approval_desks.c.team_id == team_id))
    if channel_id is not None:
        db.execute(
            approval_desks.insert().values(
                team_id=team_id,
                enterprise_id=enterprise_id,
                channel_id=channel_id,
                set_by=user,
                set_at=now,
            )
        )
    return before


def desk_of(db: Connection, team_id: str) -> EditorsDesk | None:
    row = db.execute(
        select(approval_desks.c.channel_id, approval_desks.c.enterprise_id).where(
            approval_desks.c.team_id == team_id
        )
    ).first()
    return None if row is None else EditorsDesk(team_id, row.channel_id, row.enterprise_id)


def all_desks(db: Connection) -> dict[str, EditorsDesk]:
    """Every workspace with approval on, by team id."""
    desks = approval_desks.c
    rows = db.execute(select(desks.team_id, desks.channel_id, desks.enterprise_id))
    return {team: EditorsDesk(team, channel, org) for team, channel, org in rows}


_COLUMNS = (
    drafts.c.id,
    drafts.c.report_id,
    drafts.c.team_id,
    drafts.c.channel_id,
    drafts.c.state,
    drafts.c.created_at,
    drafts.c.enterprise_id,
    drafts.c.decided_by,
    drafts.c.decided_at,
    reports.c.date,
)


def _select() -> Select[Any]:
    return select(*_COLUMNS).join(reports, reports.c.id == drafts.c.report_id)


def _drafts(db: Connection, *where: object) -> list[Draft]:
    query = _select().where(*where).order_by(drafts.c.id)
    return [Draft(*row) for row in db.execute(query)]


def drafts_of(db: Connection, report_ids: Collection[int]) -> dict[tuple[int, str], Draft]:
    """The drafts of these reports, by (report, team)."""
    if not report_ids:
        return {}
    return {(d.report_id, d.team_id): d for d in _drafts(db, drafts.c.report_id.in_(report_ids))}


def get_draft(db: Connection, draft_id: int) -> Draft | None:
    found = _drafts(db, drafts.c.id == draft_id)
    return found[0] if found else None


def add_draft(db: Connection, report_id: int, desk: EditorsDesk, now: datetime) -> Draft:
    new_id = db.execute(
        drafts.insert().values(
            report_id=report_id,
            team_id=desk.team_id,
            enterprise_id=desk.enterprise_id,
            channel_id=desk.channel_id,
            state="pending",
            created_at=now,
        )
    ).inserted_primary_key[0]
    draft = get_draft(db, new_id)
    assert draft is not None
    return draft


def decide(db: Connection, draft_id: int, state: str, user: str | None, now: datetime,
           was: Collection[str] = OPEN) -> bool:  # fmt: skip
    """Set a draft's state if it is still one of `was`: False if someone decided it first."""
    return bool(
        db.execute(
            update(drafts)
            .where(drafts.c.id == draft_id, drafts.c.state.in_(list(was)))
            .values(state=state, decided_by=user, decided_at=now)
        ).rowcount
    )


def older_open(db: Connection, team_id: str, before: date) -> list[Draft]:
    """A workspace's drafts still open for reports older than `before`: a newer report
    supersedes them."""
    return _drafts(
        db, drafts.c.team_id == team_id, drafts.c.state.in_(OPEN), reports.c.date < before
    )


def open_drafts(db: Connection, team_id: str) -> int:
    """How many of a workspace's drafts wait for an editor."""
    return db.execute(
        select(func.count()).where(drafts.c.team_id == team_id, drafts.c.state.in_(OPEN))
    ).scalar_one()


def draft_problem(db: Connection, team_id: str) -> str | None:
    """Why the workspace's newest draft did not reach its editors (Slack's error), if it did
    not: `/losses subscriptions` and Home say so, since nothing goes out without it."""
    row = db.execute(
        select(alert_outbox.c.status, alert_outbox.c.error)
        .where(alert_outbox.c.team_id == team_id, alert_outbox.c.kind == "draft")
        .order_by(alert_outbox.c.id.desc())
        .limit(1)
    ).first()
    return row.error if row is not None and row.status == "failed" else None


def forget_team(db: Connection, team_id: str) -> int:
    """A workspace that removed the app: its editors' channel and its drafts."""
    db.execute(delete(approval_desks).where(approval_desks.c.team_id == team_id))
    return db.execute(delete(drafts).where(drafts.c.team_id == team_id)).rowcount
