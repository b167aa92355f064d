"""A link to this bot's live data, unfurled in Slack: the newest report's date, its personnel
change and total as a small table, the link's own period's sentence, and whose figures they
are (issue 32)."""

from __future__ import annotations

from typing import Any

from bot.core.delta import Comparison
from bot.render.blocks import attribution_line, code, context, escape, section
from bot.render.text import headline, render_table
from bot.render.wording import wording


def unfurl_attachment(comparison: Comparison, period: Comparison | None = None) -> dict[str, Any]:
    """What `chat.unfurl` shows under the link, for the comparison of the newest report; and
    the copy-ready sentence of the link's own period, if it names one."""
    words = wording(comparison.lang)
    title = words.say("unfurl_title", report=words.report(comparison.report))
    reports = [comparison.base, comparison.report]
    span = [section(escape(headline(period)))] if period is not None else []
    return {
        "blocks": [
            section(f"*{escape(title)}*"),
            code(render_table(comparison)),
            *span,
            context(attribution_line(comparison, reports)),
        ]
    }
