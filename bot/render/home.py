"""The App Home tab and its "Subscribe a channel" form, as Block Kit views. Pure: the front door
(`bot.app.newsdesk`) gathers what the workspace has (its channels, their last alert or delivery
problem, their digests) and `bot.slack` publishes what comes back with `views.publish`.

The tab shows the latest report the way `/losses` answers it, so it names its source and the two
reports it compares like every other answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.core.categories import category, ordered
from bot.render.blocks import MAX_TEXT, SlackMessage, button, context, escape, header, section

HOME_SUBSCRIBE, HOME_CHART, HOME_CSV = "home_subscribe", "home_chart", "home_csv"
SUBSCRIBE_FORM = "home_subscribe_form"  # the form's callback id
CHANNEL_FIELD, CATEGORY_FIELD = "channel", "categories"
CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,30}")
CHECKBOXES = 10  # Slack's most options in one checkbox group


def _lines(title: str, lines: list[str], empty: str) -> dict[str, Any]:
    """A titled list in one section, cut to Slack's section limit with a count of the rest."""
    text = f"*{title}*\n"
    for shown, line in enumerate(lines):
        rest = f"… and {len(lines) - shown} more"
        if len(text) + len(line) + len(rest) + 2 > MAX_TEXT:
            return section(text + rest)
        text += line + "\n"
    return section(text + ("" if lines else empty))


def home_view(
    latest: SlackMessage | None,
    channel_lines: Sequence[str],
    digests: Sequence[tuple[str, str, str]],
    notice: str = "",
    sources: Sequence[str] = (),
) -> dict[str, Any]:
    """The Home tab: the latest report and its change, the workspace's subscribed channels with
    each one's last alert or delivery problem (mrkdwn lines), the digests (channel, frequency,
    time zone), the sources, and the buttons."""
    digest_lines = [
        f"<#{channel}>: {digest} summary, 09:00 {escape(tz)} time"
        for channel, digest, tz in digests
    ]
    blocks: list[dict[str, Any]] = [header("Russian losses, as the General Staff reports them")]
    if notice:
        blocks.append(section(f":information_source: {notice}"))  # our own mrkdwn
    if latest is None:
        blocks.append(section("The store holds no report yet; the first poll will fill it."))
    else:
        blocks += [b for b in latest.blocks if b.get("type") != "actions"]
    blocks += [
        {"type": "divider"},
        _lines("Subscribed channels", channel_lines, "No channel here gets alerts yet."),
        _lines("Digests", digest_lines, "No weekly or monthly summaries: `/losses digest weekly`."),
        _lines("Sources", [escape(line) for line in sources], "No source has given a report yet."),
        {
            "type": "actions",
            "elements": [
                button(HOME_SUBSCRIBE, "Subscribe a channel", "subscribe", "primary"),
                button(HOME_CHART, "Chart", "personnel, the last 30 days"),
                button(HOME_CSV, "Export CSV", "every report, every category"),
            ],
        },
        context(
            "Ask in any channel: `/losses since 2022-11-01`, `/losses tanks last 7 days`, "
            "`/losses brief`. Charts and CSV files from here arrive in this app's Messages tab."
        ),
    ]
    return {"type": "home", "blocks": blocks}


def _option(key: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": category(key).plural.capitalize()}, "value": key}


def subscribe_form(keys: Iterable[str]) -> dict[str, Any]:
    """A channel picker and the categories as checkboxes (none ticked: every category)."""
    options = [_option(k) for k in ordered(keys)]
    groups = [options[i : i + CHECKBOXES] for i in range(0, len(options), CHECKBOXES)]
    blocks: list[dict[str, Any]] = [
        {
            "type": "input",
            "block_id": CHANNEL_FIELD,
            "label": {"type": "plain_text", "text": "Channel"},
            "element": {
                "type": "conversations_select",
                "action_id": CHANNEL_FIELD,
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
            },
        }
    ]
    for n, group in enumerate(groups, 1):
        blocks.append(
            {
                "type": "input",
                "block_id": f"{CATEGORY_FIELD}_{n}",
                "optional": True,
                "label": {
                    "type": "plain_text",
                    "text": "Categories (none: every category)" if n == 1 else "More categories",
                },
                "element": {"type": "checkboxes", "action_id": CATEGORY_FIELD, "options": group},
            }
        )
    blocks.append(context("In a private channel, invite me first (`/invite @losses-bot`)."))
    return {
        "type": "modal",
        "callback_id": SUBSCRIBE_FORM,
        "title": {"type": "plain_text", "text": "Subscribe a channel"},
        "submit": {"type": "plain_text", "text": "Subscribe"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
        "private_metadata": json.dumps({}),
    }


def subscribed(values: Mapping[str, Any], known: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """The channel and categories a submitted form asks for; unknown keys (a crafted payload)
    are dropped, and a missing channel is an empty string."""
    channel_block = values.get(CHANNEL_FIELD) if isinstance(values, Mapping) else None
    element = (channel_block or {}).get(CHANNEL_FIELD) if isinstance(channel_block, dict) else {}
    channel = str((element or {}).get("selected_conversation") or "")
    if not CHANNEL_ID.fullmatch(channel):
        channel = ""
    allowed, chosen = set(known), []
    for block_id, block in values.items() if isinstance(values, Mapping) else ():
        if not str(block_id).startswith(CATEGORY_FIELD) or not isinstance(block, dict):
            continue
        picked = (block.get(CATEGORY_FIELD) or {}).get("selected_options") or []
        chosen += [o.get("value") for o in picked if isinstance(o, dict)]
    return channel, tuple(ordered(k for k in dict.fromkeys(chosen) if k in allowed))
