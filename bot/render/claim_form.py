"""The "Add a claim" modal: its Block Kit view, prefilled from a message for the "Add as claim"
shortcut, and the fields read back from a submission. Pure: dicts in, dicts out.

One input block per field of `bot.core.claims.FIELDS`, with the field's name as its `block_id`, so a
`ClaimError` from `parse_claim` is shown on the field it names (`response_action: errors`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Field:
    """One field of the form: its block id is the claim's field name (`bot.core.claims`)."""

    name: str
    label: str
    kind: str = "text"  # text | long | number | date | url | metric | qualifier | whose | war
    optional: bool = False
    hint: str = ""


# The form, in the order it shows.
FIELDS = (
    Field("party", "Who claims it (party)", hint="e.g. Russian Ministry of Defence"),
    Field("speaker", "Speaker", optional=True),
    Field("metric", "What the figure counts", "metric"),
    Field("value", "Figure", "number", True,
          "e.g. 5,937; for a range, the two fields below (a central figure may stay here)"),
    Field("low", "Range: from (or “at least”)", "number", True, "e.g. 70,000"),
    Field("high", "Range: to (or “up to”)", "number", True, "e.g. 80,000"),
    Field("qualifier", "Qualifier, as said", "qualifier", True),
    Field("as_of", "The day the figure refers to", "date"),
    Field("stated_on", "The day it was said", "date", True,
          "Leave empty if not known: it is then cited only as a later estimate"),
    Field("reported_on", "The day a report of it was published", "date", True,
          "Where that is all that dates it: cited as “reported on”, never “said on”"),
    Field("source", "Source (outlet or document)"),
    Field("url", "Link", "url", True),
    Field("quote", "Quote", "long", True),
    Field("note", "Note for the desk (never printed)", "long", True),
    Field("whose", "Whose losses it counts", "whose", True,
          "Only claims about Russian losses are cited beside the General Staff's figures"),
    Field("party_to_war", "Said by a party to the war", "war", True),
)  # fmt: skip


def _select(options: list[dict[str, Any]], first: bool = False) -> dict[str, Any]:
    """A menu; `first`: its first option chosen until the user picks another."""
    menu: dict[str, Any] = {"type": "static_select", "options": options}
    return {**menu, "initial_option": options[0]} if first else menu


def _element(field: Field, initial: str) -> dict[str, Any]:
    """The input a field's kind needs, with its initial value."""
    if field.kind in ("text", "long"):
        return _plain(initial, LIMITS[field.name], multiline=field.kind == "long")
    if field.kind == "number":
        return _plain(initial, 12)
    if field.kind == "date":
        return {"type": "datepicker"}
    if field.kind == "url":
        return {"type": "url_text_input", **({"initial_value": initial} if initial else {})}
    if field.kind == "metric":
        return _select([_option(m, PEOPLE_LABELS[m]) for m in PEOPLE_METRICS]
                       + [_option(c.key, c.plural) for c in KNOWN_CATEGORIES])  # fmt: skip
    if field.kind == "qualifier":
        return _select([_option(q or NO_QUALIFIER, q or "(none)") for q in QUALIFIERS])
    if field.kind == "whose":
        return _select([_option("russia", "Russia's"), _option("ukraine", "Ukraine's")], True)
    return _select([_option("no", "no"), _option("yes", "yes (labelled so)")], True)


def claim_view(
    prefill: dict[str, str] | None = None, metadata: dict[str, str] | None = None
) -> dict[str, Any]:
    """The modal; `prefill` sets initial values (a shortcut's message text and link),
    `metadata` travels with it to the submission (the channel to confirm in)."""
    values = prefill or {}
    blocks = [
        _input(f.name, f.label, _element(f, values.get(f.name, "")), f.optional, f.hint)
        for f in FIELDS
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
