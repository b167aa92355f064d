"""The reports inside a compared period, and each one's change from the report before it:
what a chart draws and what an export lists. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.delta import Comparison
from bot.reports import History, Report


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
