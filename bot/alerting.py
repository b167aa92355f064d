"""Turning stored revisions into outbox rows: an alert per subscribed channel for a new report,
a correction for a restated report in each channel that was alerted about it; and digests that
have fallen due into outbox rows, once per channel per period.

Runs inside the transaction that stored the revisions, so a report is never stored without its
alerts being queued, nor queued twice. Only revisions marked `announce` qualify: history imports
and the first backfill of an empty store never alert, and a channel subscribed later never gets
a backlog, because rows are made only when a revision is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.digests import latest_due
from bot.freshness import DEFAULT_MARGIN
from bot.render.alerts import compose_alert, compose_correction
from bot.render.blocks import SlackMessage
from bot.render.digest import compose_digest
from bot.reports import History
from storage import outbox
from storage.channels import digest_channels
from storage.history import load_history
from storage.reports import revision_details
from storage.subscriptions import all_subscriptions

log = logging.getLogger(__name__)


def enqueue_alerts(
    db: Connection,
    revision_ids: Sequence[int],
    now: datetime,
    late_after: timedelta = DEFAULT_MARGIN,
) -> int:
    infos = [
        r
        for r in revision_details(db, revision_ids)
        if r.announce and r.kind in ("new", "restated")
    ]
    subscriptions = all_subscriptions(db) if infos else []
    if not subscriptions:
        return 0
    history = load_history(db)
    by_channel = {(s.team_id, s.channel_id): s for s in subscriptions}
    queued = 0
    for info in infos:
        report = history.on(info.date)
        assert report is not None
        if info.kind == "new":
            # One message per (workspace's view, categories): a view differs only by the claims
            # its own desk entered, and is the same object for every workspace while none has.
            composed: dict[tuple[int, tuple[str, ...]], SlackMessage] = {}
            for sub in subscriptions:
                seen_by = history.for_team(sub.team_id)
                key = (id(seen_by), sub.categories)
                if key not in composed:
                    composed[key] = compose_alert(seen_by, report, sub.categories, now, late_after)
                outbox.add(
                    db,
                    revision_id=info.id,
                    report_id=info.report_id,
                    team_id=sub.team_id,
                    enterprise_id=sub.enterprise_id,
                    channel_id=sub.channel_id,
                    kind="alert",
                    payload=asdict(composed[key]),
                    now=now,
                )
                queued += 1
            continue
        for team_id, channel_id in outbox.alerted_channels(db, info.report_id):
            sub = by_channel.get((team_id, channel_id))
            if sub is None:
                continue  # unsubscribed since
            changes = [c for c in info.changes if not sub.categories or c[0] in sub.categories]
            if changes:
                message = compose_correction(report, changes, info.source)
                outbox.add(db, revision_id=info.id, report_id=info.report_id, team_id=team_id,
                           enterprise_id=sub.enterprise_id, channel_id=channel_id,
                           kind="correction", payload=asdict(message), now=now)  # fmt: skip
                queued += 1
    log.info("queued %d alert messages for revisions %s", queued, list(revision_ids))
    return queued


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
