"""`losses-bot sources` and `/losses sources`: each transcription's standing, in plain words."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.sources import Dispute, SourceStatus
from bot.render.formatting import fmt_date, fmt_int, fmt_report
from bot.render.wording import EN

MAX_LISTED = 10  # disagreements named; the rest are counted


def source_lines(statuses: Sequence[SourceStatus]) -> list[str]:
    """One line per transcription: its newest report and how far it lags the one ahead."""
    ahead = next((s.name for s in statuses if s.newest is not None and not s.behind), "")
    lines = []
    for status in statuses:
        if status.newest is None:
            lines.append(f"{status.name}: no report yet")
            continue
        days = f"{status.behind} day" + ("" if status.behind == 1 else "s")
        lag = "" if not status.behind else f", {days} behind {ahead}"
        lines.append(f"{status.name}: newest report {fmt_report(status.newest)}{lag}")
    return lines


def sources_text(statuses: Sequence[SourceStatus], disputes: Sequence[Dispute], days: int) -> str:
    if not statuses:
        return "No transcription has given a report yet: `losses-bot import` or `poll`."
    lines = ["Transcriptions of the General Staff's reports:"]
    lines += [f"• {line}" for line in source_lines(statuses)]
    if not disputes:
        lines.append(f"No disagreement in the reports of the last {days} days.")
        return "\n".join(lines)
    lines.append(f"Disagreements in the reports of the last {days} days ({len(disputes)}):")
    for dispute in disputes[-MAX_LISTED:]:
        values = "; ".join(f"{name} {fmt_int(v)}" for name, v in sorted(dispute.values.items()))
        published = dispute.report.totals.get(dispute.category)
        rule = dispute.report.decided.get(dispute.category, "undecided")
        shown = (
            " (undecided: neither is stated as fact)"
            if rule == "undecided" or published is None
            else f" (published: {fmt_int(published)}, decided by {rule.replace('_', ' ')})"
        )
        label = EN.label(dispute.category)
        lines.append(f"• {fmt_date(dispute.report.date)}, {label}: {values}{shown}")
    if len(disputes) > MAX_LISTED:
        lines.append(f"… and {len(disputes) - MAX_LISTED} earlier.")
    return "\n".join(lines)
