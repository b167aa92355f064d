"""The "Add a claim" modal: its Block Kit view, prefilled from a message for the "Add as claim"
shortcut, and the fields read back from a submission. Pure: dicts in, dicts out.

One input block per field of `bot.core.claims.FIELDS`, with the field's name as its `block_id`, so a
`ClaimError` from `parse_claim` is shown on the field it names (`response_action: errors`).
"""

from __future__ import annotations

import json
from typing import Any

from bot.core.categories import KNOWN_CATEGORIES
from bot.core.claims import LIMITS, PEOPLE_METRICS, QUALIFIERS

CALLBACK = "claim_add"  # the modal's callback_id
SHORTCUT = "add_as_claim"  # the message shortcut's callback_id (manifest.yml)
NO_QUALIFIER = "none"  # Slack options need a value; the empty qualifier is this one
PEOPLE_LABELS = {
    "killed": "killed",
    "wounded": "wounded",
    "killed_or_wounded": "killed or wounded",
    "captured": "captured",
}


def _text(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:75]}


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": _text(label), "value": value}


def _input(
    field: str, label: str, element: dict[str, Any], optional: bool = False, hint: str = ""
) -> dict[str, Any]:
    block = {
        "type": "input",
        "block_id": field,
        "label": _text(label),
        "optional": optional,
        "element": {**element, "action_id": field},
    }
    if hint:
        block["hint"] = _text(hint)
    return block


def _plain(initial: str, limit: int, multiline: bool = False) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "max_length": limit}
    if multiline:
        element["multiline"] = True
    if initial:
        element["initial_value"] = initial[:limit]
    return element


def claim_view(
    prefill: dict[str, str] | None = None, metadata: dict[str, str] | None = None
) -> dict[str, Any]:
    """The modal; `prefill` sets initial values (a shortcut's message text and link),
    `metadata` travels with it to the submission (the channel to confirm in)."""
    values = prefill or {}
    metrics = [_option(m, PEOPLE_LABELS[m]) for m in PEOPLE_METRICS] + [
        _option(c.key, c.plural) for c in KNOWN_CATEGORIES
    ]
    qualifiers = [_option(q or NO_QUALIFIER, q or "(none)") for q in QUALIFIERS]
    whose = [_option("russia", "Russia's"), _option("ukraine", "Ukraine's")]
    at_war = [_option("no", "no"), _option("yes", "yes (labelled so)")]
    url: dict[str, Any] = {"type": "url_text_input"}
    if values.get("url"):
        url["initial_value"] = values["url"]
    blocks = [
        _input(
            "party",
            "Who claims it (party)",
            _plain(values.get("party", ""), LIMITS["party"]),
            hint="e.g. Russian Ministry of Defence",
        ),
        _input(
            "speaker",
            "Speaker",
            _plain(values.get("speaker", ""), LIMITS["speaker"]),
            optional=True,
        ),
        _input("metric", "What the figure counts", {"type": "static_select", "options": metrics}),
        _input(
            "value",
            "Figure",
            _plain(values.get("value", ""), 12),
            optional=True,
            hint="e.g. 5,937; for a range, the two fields below (a central figure may stay here)",
        ),
        _input(
            "low",
            "Range: from (or “at least”)",
            _plain(values.get("low", ""), 12),
            optional=True,
            hint="e.g. 70,000",
        ),
        _input(
            "high",
            "Range: to (or “up to”)",
            _plain(values.get("high", ""), 12),
            optional=True,
            hint="e.g. 80,000",
        ),
        _input(
            "qualifier",
            "Qualifier, as said",
            {"type": "static_select", "options": qualifiers},
            optional=True,
        ),
        _input("as_of", "The day the figure refers to", {"type": "datepicker"}),
        _input(
            "stated_on",
            "The day it was said",
            {"type": "datepicker"},
            optional=True,
            hint="Leave empty if not known: it is then cited only as a later estimate",
        ),
        _input(
            "source",
            "Source (outlet or document)",
            _plain(values.get("source", ""), LIMITS["source"]),
        ),
        _input("url", "Link", url, optional=True),
        _input(
            "quote",
            "Quote",
            _plain(values.get("quote", ""), LIMITS["quote"], multiline=True),
            optional=True,
        ),
        _input(
            "whose",
            "Whose losses it counts",
            {"type": "static_select", "options": whose, "initial_option": whose[0]},
            optional=True,
            hint="Only claims about Russian losses are cited beside the General Staff's figures",
        ),
        _input(
            "party_to_war",
            "Said by a party to the war",
            {"type": "static_select", "options": at_war, "initial_option": at_war[0]},
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "title": _text("Add a claim"),
        "submit": _text("Add"),
        "close": _text("Cancel"),
        "private_metadata": json.dumps(metadata or {})[:3000],
        "blocks": blocks,
    }


def submitted_fields(state: dict[str, Any]) -> dict[str, str]:
    """The text of each field from a view_submission's `view.state.values` (crafted or
    incomplete payloads give empty fields, which `parse_claim` then refuses)."""
    fields: dict[str, str] = {}
    values = state if isinstance(state, dict) else {}
    for field, block in values.items():
        element = block.get(field) if isinstance(block, dict) else None
        if not isinstance(element, dict):
            continue
        option = element.get("selected_option")
        raw = (
            option.get("value")
            if isinstance(option, dict)
            else element.get("selected_date") or element.get("value")
        )
        if isinstance(raw, str):
            fields[field] = "" if (field, raw) == ("qualifier", NO_QUALIFIER) else raw
    return fields


def loading_view() -> dict[str, Any]:
    """What opens at once for the shortcut, within the trigger's 3 seconds; the form replaces
    it once the message's link is known."""
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "title": _text("Add a claim"),
        "close": _text("Cancel"),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Reading the message…"}}],
    }
