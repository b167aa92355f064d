"""Notable facts about one report's daily figures: "the largest daily tank loss since 12 Mar 2023".

Pure: reads a `History`, returns sentences.
"""

from __future__ import annotations

from datetime import timedelta

from bot.categories import category
from bot.formatting import fmt_date, fmt_int
from bot.reports import History, Report

NOTABLE_AFTER = timedelta(days=30)  # a record over less than a month is not news


def largest_since(history: History, report: Report) -> list[tuple[str, str]]:
    """(key, sentence) for each category whose daily change in `report` is its largest for at
    least a month."""
    found: list[tuple[str, str]] = []
    for key in report.totals:
        series = history.daily_changes(key)
        i = next((n for n, (day, _) in enumerate(series) if day == report.date), None)
        if i is None or series[i][1] <= 0:
            continue
        change = series[i][1]
        earlier = next((day for day, c in reversed(series[:i]) if c >= change), None)
        label = category(key).plural
        if earlier is None and report.date - series[0][0] >= NOTABLE_AFTER:
            found.append(
                (key, f"The largest daily figure for {label} on record ({fmt_int(change)}).")
            )
        elif earlier is not None and report.date - earlier >= NOTABLE_AFTER:
            found.append(
                (
                    key,
                    f"The largest daily figure for {label} since {fmt_date(earlier)} "
                    f"({fmt_int(change)}).",
                )
            )
    return found
