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
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from itertools import zip_longest
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError

from bot.app.drafts import Approvals, queue_draft, redraw_drafts
from bot.core.confirmation import SINGLE_SOURCE, Confirmation, alert_now, confirmed
from bot.core.digests import latest_due
from bot.core.freshness import DEFAULT_MARGIN
from bot.core.reports import History, Report
from bot.render.alerts import compose_alert, compose_correction, unconfirmed_line
from bot.render.blocks import SlackMessage
from bot.render.digest import compose_digest
from storage import outbox
from storage.channels import digest_channels
from storage.reports import (
    WRITE_LOCK,
    Announced,
    announced_since,
    first_seen,
    revision_details,
)
from storage.subscriptions import Subscription, all_subscriptions
from storage.transcriptions import changes_since

log = logging.getLogger(__name__)
# How long after its wait a report that came may still be alerted (a process that was down).
RECENT = timedelta(days=2)
# A figure a transcription changed this often in a day is flapping: its correction says so.
FLAPPING = 3


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
        approvals = Approvals.load(db, [info.report_id])
        for channel_id in outbox.alerted_channels(db, info.report_id):
            channel = channels.get(channel_id)
            if channel is None:
                continue  # unsubscribed since
            wanted = channel.categories
            changes = [c for c in info.changes if not wanted or c[0] in wanted]
            if changes:
                approver = approvals.approver(info.report_id, channel.team_id)
                correction = Correction(history, report, info.report_id, channel, info.source,
                                        approver)  # fmt: skip
                queued += queue_correction(db, correction, info.id, changes, now, late_after,
                                           policy)  # fmt: skip
        compose = _composing(report, late_after, policy)
        queued += redraw_drafts(db, history, report, info.report_id, channels, now, compose)
    queued += queue_due(db, history, channels, now, late_after, policy)
    if queued:
        log.info("queued %d alert messages for revisions %s", queued, list(revision_ids))
    return queued


Change = tuple[str, int | None, int]  # (category, what the alert showed, what it shows now)


@dataclass(frozen=True)
class Correction:
    """An alert already queued for a channel, whose figures or labels change."""

    history: History
    report: Report
    report_id: int
    channel: ChannelAlerts
    source: str  # who restated the figures
    approved_by: str | None = None  # the editor who approved the alert, named on it


def queue_correction(
    db: Connection,
    correction: Correction,
    revision_id: int | None,
    changes: Sequence[Change],
    now: datetime,
    late_after: timedelta,
    policy: Confirmation,
) -> int:
    """Edit the channel's alert to show `changes` (and its labels as they are now), with a
    thread reply saying why: merged into its correction not sent yet, if any, so an alert never
    shows an older figure after a newer one and a flapping figure waits out the cooldown as one
    edit; otherwise queued after the cooldown since the last edit. No changes: the labels only
    (an unconfirmed alert now confirmed), edited without a reply. How many rows it queued."""
    channel_id = correction.channel.channel_id
    held = outbox.open_correction(db, correction.report_id, channel_id)
    if held is not None and held.status == "pending" and not held.uncertain:
        merged = _merge(held.payload.get("changes", []), changes)
        if not merged and changes:  # back to what the alert shows: nothing to send
            outbox.drop_correction(db, held.id)
            return 0
        reply = bool(held.payload.get("reply", True)) and bool(merged)
        payload = _payload(db, correction, merged, now, late_after, policy, reply)
        if outbox.replace_unsent(db, held.id, revision_id, payload):
            return 0  # one row already counted
    merged = _merge([], changes)
    if not merged and changes:
        return 0
    since = now - timedelta(days=1)
    replies = outbox.corrections_since(db, correction.report_id, channel_id, since)
    reply = bool(merged) and replies < policy.replies
    payload = _payload(db, correction, merged, now, late_after, policy, reply)
    last = outbox.last_edit_at(db, correction.report_id, channel_id)
    if held is not None:  # an edit is being sent now: this one waits a cooldown after it
        last = now
    at = max(now, last + policy.cooldown) if last is not None else now
    channel = correction.channel
    outbox.add(
        db,
        revision_id=revision_id,
        report_id=correction.report_id,
        team_id=channel.team_id,
        enterprise_id=channel.enterprise_id,
        channel_id=channel_id,
        kind="correction",
        payload=payload,
        now=now,
        at=at,
    )
    return 1


def _merge(held: Sequence[Sequence[Any]], changes: Sequence[Change]) -> list[Change]:
    """What the alert showed of each figure before `held` (a correction not sent yet, as
    stored) and `changes`, and its newest value; figures back where they were are left out."""
    found: dict[str, tuple[int | None, int]] = {}
    for key, was, now in [*held, *changes]:
        found[key] = (found[key][0] if key in found else was, now)
    return [(key, was, now) for key, (was, now) in found.items() if was != now]


def _payload(
    db: Connection,
    correction: Correction,
    changes: Sequence[Change],
    now: datetime,
    late_after: timedelta,
    policy: Confirmation,
    reply: bool,
) -> dict[str, object]:
    """The reply (what changed and why), the alert as edited (its figures and labels now),
    the changes it shows and whether the reply is posted."""
    report, channel = correction.report, correction.channel
    arrived = first_seen(db, correction.report_id)
    unconfirmed = None if confirmed(report, policy) else unconfirmed_line(report)
    # The alert as edited names every figure corrected since it was posted, from what it said
    # then; the reply, what this edit changes.
    so_far = _merge(outbox.alert_changes(db, correction.report_id, channel.channel_id), changes)
    edited = compose_alert(channel.view(correction.history), report, channel.categories,
                           arrived, late_after, unconfirmed, so_far, policy.required,
                           correction.approved_by)  # fmt: skip
    flapping = [
        (key, name, count)
        for key, _was, _now in changes
        for name, count in changes_since(db, report.date, key, now - timedelta(days=1)).items()
        if count >= FLAPPING
    ]
    message = compose_correction(correction.history, report, changes, correction.source, flapping)
    return {**asdict(message), "edit": asdict(edited), "changes": [list(c) for c in changes],
            "reply": reply}  # fmt: skip


def queue_due(
    db: Connection,
    history: History,
    channels: dict[str, ChannelAlerts],
    now: datetime,
    late_after: timedelta,
    policy: Confirmation,
) -> int:
    """The alert of each report announced lately, for each channel not alerted about it yet
    whose mode says now (`bot.core.confirmation`) and whose editors approved it, if it has
    editors (`bot.app.drafts`): once, whichever process gets here first."""
    announced = announced_since(db, now - policy.wait - RECENT)
    done = outbox.alerted(db, [a.revision_id for a in announced])
    approvals = Approvals.load(db, [a.report_id for a in announced])
    return sum(
        queue_report(db, history, new, channels, now, late_after, policy, done, approvals)
        for new in announced
    )


def _composing(report: Report, late_after: timedelta, policy: Confirmation) -> dict[str, Any]:
    """What `compose_alert` needs besides the report and the channel, as the report stands."""
    unconfirmed = None if confirmed(report, policy) else unconfirmed_line(report)
    return {"late_after": late_after, "unconfirmed": unconfirmed,
            "confirmations": policy.required}  # fmt: skip


def queue_report(
    db: Connection,
    history: History,
    new: Announced,
    channels: dict[str, ChannelAlerts],
    now: datetime,
    late_after: timedelta,
    policy: Confirmation,
    done: set[tuple[int, str]],
    approvals: Approvals,
) -> int:
    """One report's due alerts (`queue_due`); a draft instead for a workspace whose editors
    approve first. How many rows it queued."""
    report = history.on(new.date)
    if report is None:
        return 0  # not in this history yet: the next look queues it
    compose = _composing(report, late_after, policy)
    unconfirmed = compose["unconfirmed"]
    # One message per (workspace's view, categories, approver): a view differs only by the
    # claims its own desk entered, and is the same object for every workspace while none has.
    composed: dict[tuple[int, tuple[str, ...], str | None], SlackMessage] = {}
    to_draft: dict[str, list[ChannelAlerts]] = {}
    queued = 0
    for channel in interleaved(channels.values()):
        if (new.revision_id, channel.channel_id) in done:
            continue
        if channel.since is not None and channel.since > new.fetched_at:
            continue  # subscribed after the report came: from the next one on
        gate = approvals.gate(new.report_id, channel.team_id)
        if gate == "wait":
            continue
        if gate == "draft":  # every channel it will go to, listed on the draft
            to_draft.setdefault(channel.team_id, []).append(channel)
        if gate == "draft" or not alert_now(report, new.fetched_at, now, channel.mode, policy):
            continue
        seen_by = channel.view(history)
        approver = approvals.approver(new.report_id, channel.team_id)
        key = (id(seen_by), channel.categories, approver)
        if key not in composed:
            composed[key] = compose_alert(seen_by, report, channel.categories, new.fetched_at,
                                          approved_by=approver, **compose)  # fmt: skip
        _queue(db, new.revision_id, new.report_id, channel, "alert", composed[key], now)
        queued += 1
    for team_channels in to_draft.values():
        if any(alert_now(report, new.fetched_at, now, c.mode, policy) for c in team_channels):
            queued += queue_draft(db, history, report, new.report_id, new.fetched_at,
                                  team_channels, approvals, now, compose)  # fmt: skip
    if unconfirmed is None and policy.required > 1:  # confirmed since: an alert posted
        queued += _relabel(db, history, report, new, channels, now, late_after, policy, done,
                           approvals)  # fmt: skip
        queued += redraw_drafts(db, history, report, new.report_id, channels, now, compose,
                                unconfirmed_only=True)  # fmt: skip
    return queued


def _relabel(
    db: Connection,
    history: History,
    report: Report,
    new: Announced,
    channels: dict[str, ChannelAlerts],
    now: datetime,
    late_after: timedelta,
    policy: Confirmation,
    done: set[tuple[int, str]],
    approvals: Approvals,
) -> int:
    """An alert posted unconfirmed, its report confirmed since: it says so no more."""
    queued = 0
    shown = outbox.shown_texts(db, new.report_id)
    for channel in channels.values():
        if (new.revision_id, channel.channel_id) not in done:
            continue
        if shown.get(channel.channel_id, "").startswith("Unconfirmed:"):
            approver = approvals.approver(new.report_id, channel.team_id)
            relabel = Correction(history, report, new.report_id, channel, report.source,
                                 approver)  # fmt: skip
            queued += queue_correction(db, relabel, None, [], now, late_after, policy)
    return queued


def interleaved(channels: Iterable[ChannelAlerts]) -> list[ChannelAlerts]:
    """Channels workspace by workspace in turn (one of each, then the second of each, …): rows
    are queued, and so claimed, in this order, so a fan-out spends every workspace's posting
    allowance from the start instead of finishing one workspace's channels before the next
    (four workers took 16 s for 1,000 channels queued workspace after workspace)."""
    by_team: dict[str, list[ChannelAlerts]] = {}
    for channel in channels:
        by_team.setdefault(channel.team_id, []).append(channel)
    rounds = zip_longest(*by_team.values())
    return [channel for round_ in rounds for channel in round_ if channel is not None]


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
