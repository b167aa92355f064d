"""Slack Block Kit for answers and usage replies. Reuses the text renderer's sentence and table
so Slack and the command line say the same thing. Pure: returns plain dicts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.delta import Comparison
from bot.links import is_plain_url
from bot.query.grammar import USAGE
from bot.render.text import claim_lines, directions_line, headline, render_table
from bot.reports import WAR_START, Report

if TYPE_CHECKING:
    from bot.brief import Brief

Block = dict[str, Any]
POST_BRIEF = "brief_post"  # the action id of the brief's "Post to channel" button
MAX_TEXT = 2900  # Slack allows 3,000 characters in a section or context text


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the notification and screen-reader text
    blocks: list[Block] = field(default_factory=list)


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
    words = comparison.wording
    links = [
        f"<{r.url}|{words.report(r)}>" if r.url and is_plain_url(r.url) else words.report(r)
        for r in reports
        if r is not None
    ]
    return words.say("reports_line", source=escape(comparison.source), links=", ".join(links))


def answer_message(comparison: Comparison) -> SlackMessage:
    words = comparison.wording
    base, report = comparison.base, comparison.report
    first = base.date if base is not None else WAR_START
    span = f"{words.date(first)} → {words.date(report.date)}"
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
        blocks.append(context(*(f"• {escape(flag.message)}" for flag in comparison.flags)))
    blocks.append(context(attribution_line(comparison, [base, report])))
    return SlackMessage(escape(sentence), blocks)


def brief_message(brief: Brief, private: bool = True) -> SlackMessage:
    """The brief as Slack shows it; privately, with a button that posts it to the channel."""
    words = brief.comparison.wording
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
        if "text" in block:
            lines.append(block["text"]["text"].strip("`"))
        for element in block.get("elements", []):
            lines.append(element.get("text", ""))
    return "\n".join(lines)
