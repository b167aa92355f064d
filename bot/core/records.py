"""Notable facts about one report's daily figures: "the largest daily tank loss since 12 Mar 2023".

Pure: reads a `History`, returns flags (`record`); `bot.render.flags` writes their sentences.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.flags import Flag, flag
from bot.core.reports import History, Report

NOTABLE_AFTER = timedelta(days=30)  # a record over less than a month is not news


def largest_since(history: History, report: Report) -> list[Flag]:
    """A `record` flag for each category whose daily change in `report` is its largest for at
    least a month (`since` the last day it was as large, or ever)."""
    found: list[Flag] = []
    for key in report.totals:
        series = history.daily_changes(key)
        try:
            i = series.index(report.date)
        except ValueError:
            continue
        change = series.changes[i]
        if change <= 0:
            continue
        at = next((n for n in range(i - 1, -1, -1) if series.changes[n] >= change), None)
        earlier = None if at is None else series[at][0]
        if earlier is None and report.date - series[0][0] >= NOTABLE_AFTER:
            found.append(flag("record", key, "record_ever", n=change))
        elif earlier is not None and report.date - earlier >= NOTABLE_AFTER:
            found.append(flag("record", key, "record_since", n=change, since=earlier))
    return found
