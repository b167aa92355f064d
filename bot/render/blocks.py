"""Slack Block Kit for answers and usage replies. Reuses the text renderer's sentence and table
so Slack and the command line say the same thing. Pure: returns plain dicts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.core.delta import Comparison
from bot.core.links import is_plain_url
from bot.core.query.grammar import USAGE
from bot.core.reports import Report
from bot.core.war import WAR_START
from bot.render.context import more_context
from bot.render.flags import flag_text
from bot.render.text import claim_lines, directions_line, headline, render_table
from bot.render.wording import wording

if TYPE_CHECKING:
    from bot.render.brief import Brief
    from bot.render.wording import Wording

Block = dict[str, Any]
POST_BRIEF = "brief_post"  # the action id of the brief's "Post to channel" button
# A private answer's buttons; each carries the question as typed, and answers it afresh.
ANSWER_POST, ANSWER_CHART, ANSWER_CSV = "answer_post", "answer_chart", "answer_csv"
ANSWER_CONTEXT = "answer_context"
# An alert's "Chart" button (its value: the chart's query) and its overflow menu.
ALERT_CHART, ALERT_MENU, UNSUBSCRIBE = "alert_chart", "alert_menu", "unsubscribe"
MAX_TEXT = 2900  # Slack allows 3,000 characters in a section or context text
MAX_VALUE = 2000  # nor more than 2,000 in a button's value


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the notification and screen-reader text
    blocks: list[Block] = field(default_factory=list)
    more: bool = False  # an answer with context it did not cite: a "More context" button

    def reply_json(self, response_type: str) -> str:
        """What an acknowledgement sends for this message, as JSON. Its 5 kB are encoded once
        per message: a memoised answer asked again is not encoded again (Bolt would, 40 of its
        210 µs in `serve`: bench/slash_command.py, repeated questions)."""
        return f'{{"response_type": {json.dumps(response_type)}, {self._json[1:]}'

    @cached_property
    def _json(self) -> str:
        return json.dumps({"text": self.text, "blocks": self.blocks})


def escape(text: str) -> str:
    """Slack mrkdwn treats &, < and > as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}


def section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn[:MAX_TEXT]}}


def context(*lines: str) -> Block:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "\n".join(lines)[:MAX_TEXT]}],
    }


def code(text: str) -> Block:
    return section(f"```{text}```")


def attribution_line(comparison: Comparison, reports: list[Report | None]) -> str:
    """The source and the reports, linked to their posts where the link is a plain URL (the
    sources check it; checked again here, as the last line before Slack)."""
    words = wording(comparison.lang)
    links = [
        f"<{r.url}|{words.report(r)}>" if r.url and is_plain_url(r.url) else words.report(r)
        for r in reports
        if r is not None
    ]
    return words.say(
        "reports_line", source=escape(words.source(comparison.feeds)), links=", ".join(links)
    )


def answer_message(comparison: Comparison) -> SlackMessage:
    words = wording(comparison.lang)
    base, report = comparison.base, comparison.report
    first = base.date if base is not None else WAR_START
    span = f"{words.date(first, headline=True)} → {words.date(report.date, headline=True)}"
    sentence = headline(comparison)
    where = directions_line(comparison)
    claims = claim_lines(comparison)
    blocks = [
        header(words.say("header", span=span)),
        section(escape(sentence + (f" {where}" if where else ""))),
        *([context(*(f"• {escape(line)}" for line in claims))] if claims else []),
        code(render_table(comparison)),
    ]
    if comparison.flags:
        blocks.append(
            context(*(f"• {escape(flag_text(flag, words))}" for flag in comparison.flags))
        )
    blocks.append(context(attribution_line(comparison, [base, report])))
    return SlackMessage(escape(sentence), blocks, more=more_context(comparison))


def brief_message(brief: Brief, private: bool = True) -> SlackMessage:
    """The brief as Slack shows it; privately, with a button that posts it to the channel."""
    words = wording(brief.comparison.lang)
    points = "\n".join(f"• {escape(point)}" for point in brief.key_points)
    blocks = [
        header(brief.title),
        section(f"*{words.say('brief_key_points')}*\n{points}"),
        *(section(escape(paragraph)) for paragraph in brief.paragraphs),
        *([context(*(escape(note) for note in brief.notes))] if brief.notes else []),
        context(escape(brief.disclosure)),
    ]
    if private:
        value = {"date": brief.comparison.report.date.isoformat(), "lang": brief.lang}
        label = "Опублікувати в каналі" if brief.lang == "uk" else "Post to channel"
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": POST_BRIEF,
                        "text": {"type": "plain_text", "text": label},
                        "value": json.dumps(value),
                    }
                ],
            }
        )
    return SlackMessage(escape(brief.title), blocks)


def button(action_id: str, label: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label},
        "value": value[:MAX_VALUE],
    }
    return {**element, "style": style} if style else element


def with_actions(message: SlackMessage, *elements: Block) -> SlackMessage:
    """`message` with a row of buttons below."""
    row = {"type": "actions", "elements": list(elements)}
    return SlackMessage(message.text, [*message.blocks, row])


def answer_buttons(message: SlackMessage, question: str, words: Wording) -> SlackMessage:
    """A private answer with "Post to channel", "Chart this" and "CSV" (in the answer's
    language); each carries the question, so a click answers it again from the store."""
    if len(question) > MAX_VALUE:
        return message
    return with_actions(
        message,
        button(ANSWER_POST, words.say("button_post"), question, "primary"),
        button(ANSWER_CHART, words.say("button_chart"), question),
        button(ANSWER_CSV, words.say("button_csv"), question),
        *([button(ANSWER_CONTEXT, words.say("button_context"), question)] if message.more else []),
    )


def alert_buttons(message: SlackMessage, chart_query: str) -> SlackMessage:
    """An alert's "Chart" button and its menu: "Unsubscribe this channel", confirmed first."""
    menu = {
        "type": "overflow",
        "action_id": ALERT_MENU,
        "options": [
            {
                "text": {"type": "plain_text", "text": "Unsubscribe this channel"},
                "value": UNSUBSCRIBE,
            }
        ],
        "confirm": {
            "title": {"type": "plain_text", "text": "Unsubscribe?"},
            "text": {
                "type": "mrkdwn",
                "text": "This channel will get no more alerts of new General Staff reports. "
                "`/losses subscribe` brings them back.",
            },
            "confirm": {"type": "plain_text", "text": "Unsubscribe"},
            "deny": {"type": "plain_text", "text": "Keep alerts"},
            "style": "danger",
        },
    }
    return with_actions(message, button(ALERT_CHART, "Chart", chart_query), menu)


def usage_message(reason: str | None = None, usage: str = USAGE) -> SlackMessage:
    lead = f"{reason}\n" if reason else ""
    blocks = [*([section(escape(reason))] if reason else []), code(escape(usage))]
    return SlackMessage(escape(f"{lead}{usage}"), blocks)


def notice_message(text: str) -> SlackMessage:
    """A sentence for the user; Slack control characters in it are escaped."""
    return SlackMessage(escape(text), [section(escape(text))])


def unanswerable_message(reason: str) -> SlackMessage:
    """Why the store cannot answer, and where the grammar is."""
    hint = "`/losses help` shows every kind of question, with examples."
    return SlackMessage(escape(f"{reason}\n{hint}"), [section(escape(reason)), context(hint)])


def mrkdwn_message(mrkdwn: str) -> SlackMessage:
    """Text we composed with Slack markup in it (channel mentions like <#C123>)."""
    return SlackMessage(mrkdwn, [section(mrkdwn)])


def plain_text(message: SlackMessage) -> str:
    """A message's blocks as terminal text: for dry runs and logs."""
    lines = []
    for block in message.blocks:
        if block.get("type") == "actions":
            continue  # buttons: nothing to read
        if "text" in block:
            lines.append(block["text"]["text"].strip("`"))
        for element in block.get("elements", []):
            lines.append(element.get("text", ""))
    return "\n".join(lines)
