"""Turning stored revisions into outbox rows: each new report's alert for every subscribed
channel once its mode says so (`bot.core.confirmation`: at the first transcription, or once a
second agrees or a wait runs out), a correction for a restated report in each channel that was
alerted about it; and digests that have fallen due, once per channel per period.

Runs inside the transaction that stored the revisions (and, for an alert whose wait ran out, in
one of its own), so a report is never stored without its due alerts being queued, nor queued
twice: one row per (report's first revision, channel). Only reports announced qualify: history
imports and the first backfill of an empty store never alert, and a channel subscribed after a
report came is not alerted about it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError

from bot.core.confirmation import SINGLE_SOURCE, Confirmation, alert_now, confirmed
from bot.core.digests import latest_due
from bot.core.freshness import DEFAULT_MARGIN
from bot.core.reports import History
from bot.render.alerts import compose_alert, compose_correction, unconfirmed_line
from bot.render.blocks import SlackMessage
from bot.render.digest import compose_digest
from storage import outbox
from storage.channels import digest_channels
from storage.reports import WRITE_LOCK, announced_since, revision_details
from storage.subscriptions import Subscription, all_subscriptions

log = logging.getLogger(__name__)
# How long after its wait a report that came may still be alerted (a process that was down).
RECENT = timedelta(days=2)


@dataclass(frozen=True)
class ChannelAlerts:
    """What one channel gets, however many workspaces subscribed it (a Slack Connect channel
    keeps one id in every organisation it is shared with): one message per report, posted with
    the first workspace's token (`storage.subscriptions.next_poster` says which comes next), for
    every category any of them asked for, citing only the claims every workspace shares."""

    channel_id: str
    team_id: str
    enterprise_id: str | None
    categories: tuple[str, ...]  # empty: every category
    shared: bool  # subscribed from more than one workspace
    mode: str = "confirmed"  # `fast` only if every workspace subscribing it says so
    since: datetime | None = None  # its first subscription: reports before it are not its news

    def view(self, history: History) -> History:
        return history.for_team("" if self.shared else self.team_id)


def channel_alerts(subscriptions: Sequence[Subscription]) -> dict[str, ChannelAlerts]:
    """Subscriptions (in `all_subscriptions` order) merged into one entry per channel."""
    by_channel: dict[str, list[Subscription]] = {}
    for sub in subscriptions:
        by_channel.setdefault(sub.channel_id, []).append(sub)
    merged = {}
    for channel, subs in by_channel.items():
        first = min(subs, key=lambda s: s.team_id)
        every = any(not s.categories for s in subs)
        wanted = () if every else tuple(dict.fromkeys(k for s in subs for k in s.categories))
        shared = len({s.team_id for s in subs}) > 1
        mode = "fast" if all(s.mode == "fast" for s in subs) else "confirmed"
        since = min((s.since for s in subs if s.since is not None), default=None)
        merged[channel] = ChannelAlerts(
            channel, first.team_id, first.enterprise_id, wanted, shared, mode, since
        )
    return merged


def enqueue_alerts(
    db: Connection,
    history: History,
    revision_ids: Sequence[int],
    now: datetime,
    late_after: timedelta = DEFAULT_MARGIN,
    policy: Confirmation = SINGLE_SOURCE,
) -> int:
    """Queue the corrections of the revisions just stored, in each channel alerted about their
    report, and every alert now due (`queue_due`); composed from `history`, the store as that
    same transaction reads it."""
    infos = [r for r in revision_details(db, revision_ids) if r.announce and r.kind == "restated"]
    channels = channel_alerts(all_subscriptions(db))
    if not channels:
        return 0
    queued = 0
    for info in infos:
        report = history.on(info.date)
        assert report is not None
        for channel_id in outbox.alerted_channels(db, info.report_id):
            channel = channels.get(channel_id)
            if channel is None:
                continue  # unsubscribed since
            wanted = channel.categories
            changes = [c for c in info.changes if not wanted or c[0] in wanted]
            if changes:
                message = compose_correction(history, report, changes, info.source)
                # The alert itself is edited too, when the reply is posted (`chat.update`).
                edited = compose_alert(channel.view(history), report, channel.categories,
                                       late_after=late_after, corrected=changes)  # fmt: skip
                _queue(db, info.id, info.report_id, channel, "correction", message, now,
                       {"edit": asdict(edited)})  # fmt: skip
                queued += 1
    queued += queue_due(db, history, channels, now, late_after, policy)
    if queued:
        log.info("queued %d alert messages for revisions %s", queued, list(revision_ids))
    return queued


def queue_due(
    db: Connection,
    history: History,
    channels: dict[str, ChannelAlerts],
    now: datetime,
    late_after: timedelta,
    policy: Confirmation,
) -> int:
    """The alert of each report announced lately, for each channel not alerted about it yet
    whose mode says now (`bot.core.confirmation`): once, whichever process gets here first."""
    announced = announced_since(db, now - policy.wait - RECENT)
    done = outbox.alerted(db, [a.revision_id for a in announced])
    queued = 0
    for new in announced:
        report = history.on(new.date)
        if report is None:
            continue  # not in this history yet: the next look queues it
        unconfirmed = None if confirmed(report, policy) else unconfirmed_line(report)
        # One message per (workspace's view, categories): a view differs only by the claims its
        # own desk entered, and is the same object for every workspace while none has.
        composed: dict[tuple[int, tuple[str, ...]], SlackMessage] = {}
        for channel in channels.values():
            if (new.revision_id, channel.channel_id) in done:
                continue
            if channel.since is not None and channel.since > new.fetched_at:
                continue  # subscribed after the report came: from the next one on
            if not alert_now(report, new.fetched_at, now, channel.mode, policy):
                continue
            seen_by = channel.view(history)
            key = (id(seen_by), channel.categories)
            if key not in composed:
                composed[key] = compose_alert(seen_by, report, channel.categories,
                                              new.fetched_at, late_after, unconfirmed)  # fmt: skip
            _queue(db, new.revision_id, new.report_id, channel, "alert", composed[key], now)
            queued += 1
    return queued


def enqueue_due_alerts(
    engine: Engine, history: History, now: datetime, late_after: timedelta, policy: Confirmation
) -> int:
    """The alerts that fell due without a new revision (a confirmation's wait ran out), in a
    transaction of their own; another process queueing them first is no error."""
    try:
        with engine.begin() as db:
            if db.dialect.name == "postgresql":
                db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            channels = channel_alerts(all_subscriptions(db))
            return queue_due(db, history, channels, now, late_after, policy) if channels else 0
    except IntegrityError:
        log.info("another process queued the due alerts first")
        return 0


def _queue(
    db: Connection,
    revision_id: int,
    report_id: int,
    channel: ChannelAlerts,
    kind: str,
    message: SlackMessage,
    now: datetime,
    extra: dict[str, object] | None = None,
) -> None:
    outbox.add(
        db,
        revision_id=revision_id,
        report_id=report_id,
        team_id=channel.team_id,
        enterprise_id=channel.enterprise_id,
        channel_id=channel.channel_id,
        kind=kind,
        payload={**asdict(message), **(extra or {})},
        now=now,
    )


def enqueue_digests(engine: Engine, history: History, now: datetime) -> int:
    """Queue the latest due digest of every channel that wants one and has not had it."""
    with engine.connect() as db:
        channels = digest_channels(db)
    queued = 0
    for channel in channels:
        assert channel.digest is not None
        period = latest_due(channel.digest, channel.timezone, now)
        if channel.digest_since is None or period.due_at < channel.digest_since:
            continue  # due before the channel asked for digests: no backlog
        try:
            with engine.begin() as db:
                if outbox.digest_queued(db, period.key, channel.channel_id):
                    continue
                text, chart = compose_digest(history.for_team(channel.team_id), period)
                payload: dict[str, object] = {"text": text, "blocks": []}
                if chart is not None:
                    payload["chart"] = chart
                    payload["filename"] = (
                        f"losses-{period.frequency}-{period.start}-{channel.channel_id}.png"
                    )
                outbox.add(
                    db,
                    team_id=channel.team_id,
                    enterprise_id=channel.enterprise_id,
                    channel_id=channel.channel_id,
                    kind="digest",
                    payload=payload,
                    now=now,
                    digest_key=period.key,
                )
                queued += 1
        except IntegrityError:
            continue  # another process queued it a moment earlier
    if queued:
        log.info("queued %d digests", queued)
    return queued
