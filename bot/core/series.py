"""The reports inside a compared period, and each one's change from the report before it:
what a chart draws and what an export lists. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.delta import Comparison
from bot.core.reports import History, Report


@dataclass(frozen=True)
class Point:
    report: Report
    change: int | None  # from the previous report with this category; None: not comparable
    total: int | None  # None: the report has no figure for this category


def period_reports(history: History, comparison: Comparison) -> list[Report]:
    """The reports after `comparison.base` up to and including `comparison.report`."""
    after = comparison.base.date if comparison.base is not None else date.min
    return [r for r in history.reports if after < r.date <= comparison.report.date]


def series(history: History, reports: list[Report], key: str) -> list[Point]:
    changes = dict(history.daily_changes(key))
    return [Point(r, changes.get(r.date), r.totals.get(key)) for r in reports]


CHART_DAYS = 30  # a chart asked for without a period covers this many days


def recent_period(history: History, until: date) -> str:
    """The period of a chart of the `CHART_DAYS` days to `until`, as a query says it: starting
    no earlier than the day after the store's first report (a period needs a report before it)."""
    start = until - timedelta(days=CHART_DAYS - 1)
    if history.earliest is not None:
        start = max(start, history.earliest.date + timedelta(days=1))
    return f"between {start.isoformat()} and {until.isoformat()}"
