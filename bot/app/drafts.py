"""Editor approval inside the alert queue (`bot.app.alerting`): a workspace with an editors'
channel gets each report's alert there first, as a draft, and its subscribed channels get it
only once an editor approves (`bot.app.approval`).

The gate, per report and workspace: a report with a draft waits for its approval, whatever
the workspace's setting now (turning approval off never lets a held draft out); a report
without one gets a draft if the workspace has an editors' channel, else goes out as before. A
new draft supersedes the workspace's drafts of older reports that were never approved. Every
change to a draft (approved, held, superseded, its figures corrected) edits it through the
outbox, merged into an edit not sent yet, so a draft never shows an older state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from sqlalchemy import Connection

from bot.core.reports import History, Report
from bot.render.alerts import compose_alert
from bot.render.drafts import draft_payload
from bot.render.formatting import fmt_report
from storage import outbox
from storage.approvals import Draft, EditorsDesk, add_draft, all_desks, decide, drafts_of
from storage.approvals import older_open as older_open_drafts


class ChannelAlerts(Protocol):
    """What a draft needs of a subscribed channel (`bot.app.alerting.ChannelAlerts`)."""

    @property
    def channel_id(self) -> str: ...
    @property
    def team_id(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...


Gate = Literal["open", "draft", "wait", "approved"]


@dataclass
class Approvals:
    """The editors' channels and the drafts of the reports being queued, read once a pass."""

    desks: dict[str, EditorsDesk]
    drafts: dict[tuple[int, str], Draft]

    @classmethod
    def load(cls, db: Connection, report_ids: Sequence[int]) -> Approvals:
        return cls(all_desks(db), drafts_of(db, report_ids))

    def gate(self, report_id: int, team_id: str) -> Gate:
        """`open`: alert as before; `draft`: a draft first; `wait`: for an editor (or never:
        held, superseded); `approved`: alert, saying who approved."""
        draft = self.drafts.get((report_id, team_id))
        if draft is not None:
            return "approved" if draft.state == "approved" else "wait"
        return "draft" if team_id in self.desks else "open"

    def approver(self, report_id: int, team_id: str) -> str | None:
        draft = self.drafts.get((report_id, team_id))
        return draft.decided_by if draft is not None and draft.state == "approved" else None


def wanted(channels: Sequence[ChannelAlerts]) -> tuple[str, ...]:
    """The categories a workspace's channels get, together (empty: every category)."""
    if any(not c.categories for c in channels):
        return ()
    return tuple(dict.fromkeys(k for c in channels for k in c.categories))


def queue_draft(
    db: Connection,
    history: History,
    report: Report,
    report_id: int,
    received: datetime,
    channels: Sequence[ChannelAlerts],
    approvals: Approvals,
    now: datetime,
    compose: dict[str, Any],
) -> int:
    """A report's draft, to the workspace's editors' channel: the alert as its channels will
    get it (`compose`: compose_alert's other arguments), where it goes, Approve and Hold. Its
    drafts of older reports are superseded. How many outbox rows it queued."""
    team = channels[0].team_id
    desk = approvals.desks[team]
    draft = add_draft(db, report_id, desk, now)
    approvals.drafts[(report_id, team)] = draft
    view = history.for_team(team)
    alert = compose_alert(view, report, wanted(channels), received, **compose)
    payload = draft_payload(alert, draft.id, [c.channel_id for c in channels], received,
                            compose.get("unconfirmed"))  # fmt: skip
    outbox.add(db, report_id=report_id, digest_key=draft.key, team_id=team,
               enterprise_id=desk.enterprise_id, channel_id=desk.channel_id, kind="draft",
               payload=payload, now=now)  # fmt: skip
    queued = 1
    for old in older_open_drafts(db, team, report.date):
        if decide(db, old.id, "superseded", None, now):
            queued += edit_draft(db, old, now, state="superseded", superseded_by=fmt_report(report))
    return queued


def edit_draft(db: Connection, draft: Draft, now: datetime, **change: Any) -> int:
    """The draft redrawn with `change` (a state, who decided and when; or, for a correction,
    `alert` and `unconfirmed`): the draft itself if no sender has taken it yet, else merged into
    its edit not sent yet, else a new edit. How many rows it queued (0 or 1)."""
    shown = outbox.draft_shown(db, draft.key, draft.report_id, draft.channel_id)
    if not shown:
        return 0  # the draft was never posted (its channel refused it): nothing to edit
    alert = change.pop("alert", shown["alert"])
    unconfirmed = change.pop("unconfirmed", shown["unconfirmed"])
    if "state" not in change:  # a correction keeps what the editors decided
        change = {"state": draft.state, "by": draft.decided_by, "at": draft.decided_at, **change}
    received = datetime.fromisoformat(shown["received"])
    payload = draft_payload(alert, draft.id, shown["channels"], received, unconfirmed, **change)
    if _rewrite(db, outbox.keyed(db, draft.key), payload):
        return 0
    if _rewrite(db, outbox.open_correction(db, draft.report_id, draft.channel_id, "draft-edit"),
                payload):  # fmt: skip
        return 0
    outbox.add(db, report_id=draft.report_id, team_id=draft.team_id,
               enterprise_id=draft.enterprise_id, channel_id=draft.channel_id,
               kind="draft-edit", payload=payload, now=now)  # fmt: skip
    return 1


def _rewrite(db: Connection, row: outbox.Keyed | outbox.OpenCorrection | None,
             payload: dict[str, Any]) -> bool:  # fmt: skip
    """`row` (the draft, or its edit) made to say `payload`, if no sender has taken it and no
    earlier attempt may have posted it."""
    if row is None or row.status != "pending" or row.uncertain:
        return False
    return outbox.replace_unsent(db, row.id, None, payload)


def redraw_drafts(
    db: Connection,
    history: History,
    report: Report,
    report_id: int,
    channels: dict[str, ChannelAlerts],
    now: datetime,
    compose: dict[str, Any],
    unconfirmed_only: bool = False,
) -> int:
    """A report's drafts still waiting for an editor, redrawn from the figures as they are
    now (a correction; with `unconfirmed_only`, a confirmation: only those that still say
    unconfirmed): what an editor approves is what goes out."""
    queued = 0
    for (_, team), draft in drafts_of(db, [report_id]).items():
        if draft.state not in ("pending", "held"):
            continue
        shown = outbox.draft_shown(db, draft.key, draft.report_id, draft.channel_id)
        if not shown or (unconfirmed_only and not shown.get("unconfirmed")):
            continue
        mine = [c for c in channels.values() if c.team_id == team]
        received = datetime.fromisoformat(shown["received"])
        alert = compose_alert(history.for_team(team), report, wanted(mine), received, **compose)
        queued += edit_draft(db, draft, now, alert=alert, unconfirmed=compose.get("unconfirmed"))
    return queued
