"""The draft an editors' channel gets before a report's alert goes out (`bot.app.drafts`): the
alert exactly as it will be posted, where it will go, its confirmation state and its age, and
Approve and Hold; then, edited, who approved or held it and when, or the report that
superseded it. Pure. In English, like the alerts it carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.render.blocks import SlackMessage, button, context, escape, header, section

DRAFT_APPROVE, DRAFT_HOLD = "draft_approve", "draft_hold"  # the buttons' action ids


def slack_time(at: datetime) -> str:
    """A moment every reader sees in their own time zone ("today at 09:14"), with a UTC
    fallback for clients that cannot format it."""
    fallback = at.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def _channels(channels: Sequence[str]) -> str:
    return ", ".join(f"<#{c}>" for c in channels) or "no channel (none is subscribed)"


def draft_message(
    alert: dict[str, Any],
    draft_id: int,
    channels: Sequence[str],
    received: datetime,
    unconfirmed: str | None,
    state: str = "pending",
    by: str | None = None,
    at: datetime | None = None,
    superseded_by: str = "",
) -> SlackMessage:
    """The draft as its editors see it now. `alert` is the alert as composed (`SlackMessage` as
    a dict); its buttons are left out, since they act only once it is posted. `state`: pending,
    held, approved or superseded (`by`, `at`: who decided and when; `superseded_by`: the newer
    report, named)."""
    where = _channels(channels)
    age = f"Report received {slack_time(received)}."
    checked = f"Unconfirmed: {escape(unconfirmed)}." if unconfirmed else "Confirmed by its sources."
    when = slack_time(at) if at is not None else ""
    if state == "approved":
        title, status = "Approved", f"*Approved by <@{by}>* {when}: sent to {where}."
    elif state == "held":
        title = "Held"
        status = (
            f"*Held by <@{by}>* {when}: nothing has been sent to {where}. It can still be approved."
        )
    elif state == "superseded":
        title = "Superseded"
        status = (
            f"*Superseded* by the report of {escape(superseded_by)}: never sent, and it can no "
            "longer be approved."
        )
    else:
        title = "Draft for approval"
        status = f"Nothing has been sent. Approving posts this alert to {where}."
    blocks = [
        header(f"{title} — {alert_title(alert)}"),
        section(status),
        context(age, checked),
        {"type": "divider"},
        *[b for b in alert.get("blocks", []) if b.get("type") != "actions"],
    ]
    if state in ("pending", "held"):
        buttons = [button(DRAFT_APPROVE, "Approve", str(draft_id), "primary")]
        if state == "pending":
            buttons.append(button(DRAFT_HOLD, "Hold", str(draft_id)))
        blocks.append({"type": "actions", "elements": buttons})
    return SlackMessage(f"{title}: {alert.get('text', '')}", blocks)


def alert_title(alert: dict[str, Any]) -> str:
    """The alert's own header ("New General Staff report: 25 Nov 2022 (day 275)")."""
    for block in alert.get("blocks", []):
        if block.get("type") == "header":
            return str(block["text"]["text"])
    return "General Staff report"


def draft_payload(
    alert: SlackMessage | dict[str, Any],
    draft_id: int,
    channels: Sequence[str],
    received: datetime,
    unconfirmed: str | None,
    **state: Any,
) -> dict[str, Any]:
    """What the outbox keeps for a draft or its edit: the message, and what it was made from,
    so a later edit (approved, held, superseded) redraws it without recomposing the alert."""
    shown = asdict(alert) if isinstance(alert, SlackMessage) else alert
    message = draft_message(shown, draft_id, channels, received, unconfirmed, **state)
    return {
        **asdict(message),
        "alert": shown,
        "channels": list(channels),
        "received": received.isoformat(),
        "unconfirmed": unconfirmed,
    }
