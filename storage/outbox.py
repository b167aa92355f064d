"""The alert outbox: the only module that touches `alert_outbox`.

A row is claimed with a conditional UPDATE (`WHERE status = 'pending'` or a lapsed claim), so of
two senders racing for a row exactly one sees `rowcount == 1`. On PostgreSQL the candidate is
first selected `FOR UPDATE SKIP LOCKED`: a worker passes over the row another is claiming
instead of queueing behind its lock, so four workers take four different rows at once. SQLite
has no row locks (writers are serialised); the conditional UPDATE alone decides there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, update

from storage.models import alert_outbox as outbox


@dataclass(frozen=True)
class OutboxRow:
    id: int
    revision_id: int | None
    report_id: int | None
    team_id: str
    channel_id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    uncertain: bool
    claimed_at: datetime
    created_at: datetime
    enterprise_id: str | None = None


def add(
    db: Connection,
    *,
    team_id: str,
    channel_id: str,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    revision_id: int | None = None,
    report_id: int | None = None,
    digest_key: str | None = None,
    enterprise_id: str | None = None,
    at: datetime | None = None,
) -> None:
    """Queue a message, due `at` (default: now)."""
    db.execute(
        outbox.insert().values(
            revision_id=revision_id,
            report_id=report_id,
            digest_key=digest_key,
            team_id=team_id,
            enterprise_id=enterprise_id,
            channel_id=channel_id,
            kind=kind,
            payload=json.dumps(payload),
            status="pending",
            attempts=0,
            uncertain=False,
            next_attempt_at=at or now,
            created_at=now,
        )
    )


def alerted(db: Connection, revision_ids: Collection[int]) -> set[tuple[int, str]]:
    """(revision, channel) of every message already queued for these revisions."""
    if not revision_ids:
        return set()
    rows = db.execute(
        select(outbox.c.revision_id, outbox.c.channel_id).where(
            outbox.c.revision_id.in_(revision_ids)
        )
    )
    return {(revision_id, channel_id) for revision_id, channel_id in rows}


def digest_queued(db: Connection, digest_key: str, channel_id: str) -> bool:
    return (
        db.execute(
            select(outbox.c.id).where(
                outbox.c.digest_key == digest_key, outbox.c.channel_id == channel_id
            )
        ).first()
        is not None
    )


@dataclass(frozen=True)
class Keyed:
    """The row queued under a key (a digest's period, a draft), as a sender left it."""

    id: int
    status: str
    uncertain: bool


def keyed(db: Connection, digest_key: str) -> Keyed | None:
    row = db.execute(
        select(outbox.c.id, outbox.c.status, outbox.c.uncertain).where(
            outbox.c.digest_key == digest_key
        )
    ).first()
    return None if row is None else Keyed(row.id, row.status, row.uncertain)


def draft_shown(db: Connection, digest_key: str, report_id: int, channel_id: str) -> dict[str, Any]:
    """What a draft says, or will once its edits are sent: the newest payload of the draft
    (`digest_key`) and its edits."""
    rows = db.execute(
        select(outbox.c.payload)
        .where(
            or_(
                outbox.c.digest_key == digest_key,
                _corrections_of(report_id, channel_id, "draft-edit"),
            ),
            outbox.c.status != "failed",
        )
        .order_by(outbox.c.id.desc())
        .limit(1)
    ).first()
    return {} if rows is None else dict(json.loads(rows.payload))


def alerted_channels(db: Connection, report_id: int) -> list[str]:
    """The channels that got, or are getting, an alert for a report."""
    return list(
        db.execute(
            select(outbox.c.channel_id).where(
                outbox.c.report_id == report_id, outbox.c.kind == "alert"
            )
        ).scalars()
    )


def _claimable(now: datetime, lease: timedelta) -> Any:
    return or_(
        and_(outbox.c.status == "pending", outbox.c.next_attempt_at <= now),
        and_(outbox.c.status == "claimed", outbox.c.claimed_at <= now - lease),
    )


# Seconds until a workspace may post again (0: a post is taken from its allowance now).
Allowance = Callable[[Connection, str], float]
MAX_CANDIDATES = 20  # rows looked at in one claim before giving up for this pass


def claim_next(
    db: Connection,
    now: datetime,
    lease: timedelta,
    token: str,
    paused: Collection[str] = (),
    allowance: Allowance | None = None,
) -> tuple[OutboxRow | None, dict[str, float]]:
    """Claim the oldest due row (or one whose sender died holding it) for `token`, leaving
    out the workspaces in `paused` (rate-limited by Slack, or being posted to already) and, with
    `allowance`, those whose posting allowance is spent: taken in the same transaction, so a
    workspace that must wait costs no claim. The row, and how long each workspace found spent
    must wait."""
    locking = db.dialect.name == "postgresql"
    waits: dict[str, float] = {}
    excluded = set(paused)
    looked = 0
    while looked < MAX_CANDIDATES:
        query = select(outbox.c.id, outbox.c.team_id).where(_claimable(now, lease))
        if excluded:
            query = query.where(outbox.c.team_id.not_in(list(excluded)))
        query = query.order_by(outbox.c.id).limit(1 if locking else 10)
        if locking:
            query = query.with_for_update(skip_locked=True)
        candidates = db.execute(query).all()
        if not candidates:
            break
        for row_id, team_id in candidates:
            looked += 1
            if team_id in excluded:
                continue
            if allowance is not None:
                wait = allowance(db, team_id)
                if wait > 0:
                    waits[team_id] = wait
                    excluded.add(team_id)
                    continue
            row = _claim(db, row_id, now, lease, token)
            if row is not None:
                return row, waits
    return None, waits


def _claim(
    db: Connection, row_id: int, now: datetime, lease: timedelta, token: str
) -> OutboxRow | None:
    # A lapsed claim means its sender died somewhere around the post: check before posting.
    claimed = db.execute(
        update(outbox)
        .where(outbox.c.id == row_id, _claimable(now, lease))
        .values(
            uncertain=or_(outbox.c.uncertain, outbox.c.status == "claimed"),
            status="claimed",
            claim_token=token,
            claimed_at=now,
            attempts=outbox.c.attempts + 1,
        )
    ).rowcount
    if not claimed:
        return None
    row = db.execute(select(outbox).where(outbox.c.id == row_id)).one()
    return OutboxRow(
        id=row.id,
        revision_id=row.revision_id,
        report_id=row.report_id,
        team_id=row.team_id,
        channel_id=row.channel_id,
        kind=row.kind,
        payload=json.loads(row.payload),
        attempts=row.attempts,
        uncertain=row.uncertain,
        claimed_at=row.claimed_at,
        created_at=row.created_at,
        enterprise_id=row.enterprise_id,
    )


def _mine(row_id: int, token: str) -> Any:
    return and_(outbox.c.id == row_id, outbox.c.claim_token == token, outbox.c.status == "claimed")


def mark_sent(db: Connection, row_id: int, token: str, ts: str, now: datetime) -> bool:
    return bool(
        db.execute(
            update(outbox)
            .where(_mine(row_id, token))
            .values(status="sent", slack_ts=ts, sent_at=now, error=None, claim_token=None)
        ).rowcount
    )


def mark_retry(
    db: Connection, row_id: int, token: str, at: datetime, error: str, uncertain: bool
) -> None:
    db.execute(
        update(outbox)
        .where(_mine(row_id, token))
        .values(
            status="pending",
            next_attempt_at=at,
            error=error[:500],
            uncertain=or_(outbox.c.uncertain, uncertain),
            claim_token=None,
        )
    )


def mark_failed(db: Connection, row_id: int, token: str, error: str) -> None:
    db.execute(
        update(outbox)
        .where(_mine(row_id, token))
        .values(status="failed", error=error[:500], claim_token=None)
    )


def hand_over(
    db: Connection,
    row_id: int,
    token: str,
    team_id: str,
    enterprise_id: str | None,
    at: datetime,
) -> None:
    """Give a row to another workspace of its channel (Slack refused this one's token): it is
    posted with that workspace's token, with no attempt counted, since nothing was posted."""
    db.execute(
        update(outbox)
        .where(_mine(row_id, token))
        .values(
            team_id=team_id,
            enterprise_id=enterprise_id,
            status="pending",
            next_attempt_at=at,
            attempts=outbox.c.attempts - 1,
            claim_token=None,
        )
    )


def release(db: Connection, row_id: int, token: str, at: datetime) -> None:
    """Give a row back without counting an attempt (e.g. its thread parent is not posted yet)."""
    db.execute(
        update(outbox)
        .where(_mine(row_id, token))
        .values(
            status="pending", next_attempt_at=at, attempts=outbox.c.attempts - 1, claim_token=None
        )
    )


def parent_alert(
    db: Connection, report_id: int, channel_id: str, kind: str = "alert"
) -> tuple[str, str | None] | None:
    """(status, ts) of the alert a correction belongs under (or, with `kind="draft"`, of the
    draft a draft's edit changes), or None if there was none."""
    row = db.execute(
        select(outbox.c.status, outbox.c.slack_ts).where(
            outbox.c.report_id == report_id,
            outbox.c.channel_id == channel_id,
            outbox.c.kind == kind,
        )
    ).first()
    return None if row is None else (row.status, row.slack_ts)


# An alert's corrections: one in flight at a time, in order, never an older figure after a
# newer one (`bot.app.alerting` merges a change into the one not sent yet; the sender waits for
# the older one, `older_correction_open`, and drops one older than what the alert shows).
OPEN = ("pending", "claimed")


@dataclass(frozen=True)
class OpenCorrection:
    """The newest correction of an alert that is not sent yet."""

    id: int
    status: str
    uncertain: bool
    payload: dict[str, Any]


def _corrections_of(report_id: int, channel_id: str, kind: str = "correction") -> Any:
    """An alert's corrections, or (`kind="draft-edit"`) a draft's edits."""
    return and_(
        outbox.c.report_id == report_id,
        outbox.c.channel_id == channel_id,
        outbox.c.kind == kind,
    )


def open_correction(
    db: Connection, report_id: int, channel_id: str, kind: str = "correction"
) -> OpenCorrection | None:
    row = db.execute(
        select(outbox.c.id, outbox.c.status, outbox.c.uncertain, outbox.c.payload)
        .where(_corrections_of(report_id, channel_id, kind), outbox.c.status.in_(OPEN))
        .order_by(outbox.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return OpenCorrection(row.id, row.status, row.uncertain, json.loads(row.payload))


def replace_unsent(
    db: Connection, row_id: int, revision_id: int | None, payload: dict[str, Any]
) -> bool:
    """A row not yet taken by a sender (a correction, a draft or its edit) now says `payload`
    (the newest figures); False if a sender took it meanwhile."""
    return bool(
        db.execute(
            update(outbox)
            .where(outbox.c.id == row_id, outbox.c.status == "pending")
            .values(revision_id=revision_id, payload=json.dumps(payload))
        ).rowcount
    )


def drop_correction(db: Connection, row_id: int) -> bool:
    """A correction not yet taken whose figures went back to what the alert shows."""
    return bool(
        db.execute(
            outbox.delete().where(outbox.c.id == row_id, outbox.c.status == "pending")
        ).rowcount
    )


def last_edit_at(db: Connection, report_id: int, channel_id: str) -> datetime | None:
    """When the alert was last edited (its newest correction sent)."""
    return db.execute(
        select(func.max(outbox.c.sent_at)).where(
            _corrections_of(report_id, channel_id), outbox.c.status == "sent"
        )
    ).scalar()


def corrections_since(db: Connection, report_id: int, channel_id: str, since: datetime) -> int:
    """The corrections of an alert queued since `since`, sent or not."""
    return db.execute(
        select(func.count()).where(
            _corrections_of(report_id, channel_id),
            outbox.c.created_at >= since,
            outbox.c.status != "failed",
        )
    ).scalar_one()


def older_correction_open(db: Connection, row: OutboxRow) -> bool:
    """Whether an older correction of the same alert (or edit of the same draft) is still to
    be sent (or being sent): then this one waits, so edits reach Slack in order."""
    assert row.report_id is not None
    return (
        db.execute(
            select(outbox.c.id).where(
                _corrections_of(row.report_id, row.channel_id, row.kind),
                outbox.c.id < row.id,
                outbox.c.status.in_(OPEN),
            )
        ).first()
        is not None
    )


def shown_revision(db: Connection, report_id: int, channel_id: str) -> int | None:
    """The newest revision an edit of the alert has shown."""
    return db.execute(
        select(func.max(outbox.c.revision_id)).where(
            _corrections_of(report_id, channel_id), outbox.c.status == "sent"
        )
    ).scalar()


def shown_texts(db: Connection, report_id: int) -> dict[str, str]:
    """What each channel's alert of a report says, or will once its corrections are sent: the
    newest edit's text, or the alert's own. One query for every channel."""
    shown: dict[str, str] = {}
    for channel_id, kind, payload in db.execute(
        select(outbox.c.channel_id, outbox.c.kind, outbox.c.payload)
        .where(
            outbox.c.report_id == report_id,
            outbox.c.kind.in_(("alert", "correction")),
            outbox.c.status != "failed",
        )
        .order_by(outbox.c.id)
    ):
        data = json.loads(payload)
        edit = data.get("edit") if kind == "correction" else data
        if isinstance(edit, dict):
            shown[channel_id] = str(edit.get("text", ""))
    return shown


def alert_changes(db: Connection, report_id: int, channel_id: str) -> list[list[Any]]:
    """Every change the alert's corrections sent (or being sent) made, in order, as each row
    stored them ([category, was, now]): what an edit of the alert shows it corrected."""
    found: list[list[Any]] = []
    for (payload,) in db.execute(
        select(outbox.c.payload)
        .where(_corrections_of(report_id, channel_id), outbox.c.status.in_(("sent", "claimed")))
        .order_by(outbox.c.id)
    ):
        found += json.loads(payload).get("changes", [])
    return found
