"""An `Outcome` as Slack takes it: the arguments of an acknowledgement or of a response URL."""

from __future__ import annotations

from typing import Any

from bot.app.outcome import Outcome


def ack_reply(outcome: Outcome) -> str:
    """What the acknowledgement carries: the answer as JSON, or nothing when a form says it
    all. `ack` sends a text as it is, and one that starts with "{" as application/json (Bolt's
    `BoltResponse`; tests/slack/test_slash_command.py holds it to that)."""
    if outcome.view is not None:
        return ""
    return outcome.message.reply_json("in_channel" if outcome.public else "ephemeral")


def respond_args(outcome: Outcome) -> dict[str, Any]:
    """What goes to an interaction's `response_url`: never replacing the message clicked."""
    return {
        "response_type": "in_channel" if outcome.public else "ephemeral",
        "replace_original": False,
        "text": outcome.message.text,
        "blocks": outcome.message.blocks,
    }
