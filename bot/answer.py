"""Which two reports answer a query: the period rules of `/losses`, applied to a `History`.

A question the store cannot answer exactly (a future date, a day with no report, no report
before the period) raises `Unanswerable` with a sentence naming the nearest report; the engine
never falls back to a guess. Pure: `today` is passed in.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.delta import Comparison, Flag, compare_reports
from bot.formatting import fmt_date, fmt_report
from bot.query.grammar import Between, Latest, On, Query, Since
from bot.reports import WAR_START, History, Report


class Unanswerable(ValueError):
    """The store cannot answer this query; `str()` says why and what it does have."""


def answer_query(query: Query, history: History, today: date) -> Comparison:
    latest = history.latest
    if latest is None:
        raise Unanswerable(
            "The store holds no reports yet: run `losses-bot import` or `losses-bot poll`."
        )
    period = query.period
    gaps: list[Flag] = []
    if isinstance(period, Latest):
        report, base = latest, history.before(latest.date)
        if base is None:
            raise Unanswerable(f"Only one report is stored ({fmt_report(latest)}).")
    elif isinstance(period, On):
        _not_future(period.day, today, latest)
        report = history.on(period.day) or _no_report(history, period.day)
        base = _base(history, period.day, gaps)
    elif isinstance(period, Since):
        _not_future(period.start, today, latest)
        if period.start > latest.date:
            raise Unanswerable(
                f"No report since {fmt_date(period.start)} yet; the latest is {fmt_report(latest)}."
            )
        base, report = _base(history, period.start, gaps), latest
    else:
        assert isinstance(period, Between)
        _not_future(period.start, today, latest)
        report = history.on_or_before(period.end)
        if report is None or report.date < period.start:
            nearest = history.nearest(period.start)
            raise Unanswerable(
                f"No report between {fmt_date(period.start)} and {fmt_date(period.end)}"
                + (f"; the nearest is {fmt_report(nearest)}." if nearest else ".")
            )
        if report.date < period.end:
            gaps.append(
                Flag(
                    "gap",
                    f"No report for {fmt_date(period.end)}; the comparison ends with the "
                    f"report of {fmt_report(report)}.",
                )
            )
        base = _base(history, period.start, gaps)
    return compare_reports(history, base, report, query.categories, gaps)


def _base(history: History, start: date, gaps: list[Flag]) -> Report | None:
    """The report a period starting on `start` counts from: the last one before it."""
    if start <= WAR_START:
        return None  # from zero: the start of the full-scale invasion
    base = history.before(start)
    if base is None:
        earliest = history.earliest
        assert earliest is not None
        raise Unanswerable(
            f"The store has no report before {fmt_date(start)} to count from; the earliest is "
            f"{fmt_report(earliest)}. Use `since {WAR_START.isoformat()}` to count from the "
            "start of the invasion."
        )
    expected = start - timedelta(days=1)
    if base.date < expected:
        missing = (
            fmt_date(expected)
            if base.date == expected - timedelta(days=1)
            else f"{fmt_date(base.date + timedelta(days=1))} to {fmt_date(expected)}"
        )
        gaps.append(
            Flag(
                "gap",
                f"No report for {missing} in the store; the change is counted from the report "
                f"of {fmt_report(base)}.",
            )
        )
    return base


def _not_future(day: date, today: date, latest: Report) -> None:
    if day > today:
        raise Unanswerable(
            f"{fmt_date(day)} is in the future; the latest report is {fmt_report(latest)}."
        )


def _no_report(history: History, day: date) -> Report:
    nearest = history.nearest(day)
    hint = f"; the nearest is {fmt_report(nearest)}" if nearest is not None else ""
    raise Unanswerable(f"There is no report for {fmt_date(day)} in the store{hint}.")
