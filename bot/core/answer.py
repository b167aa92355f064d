"""Which two reports answer a query: the period rules of `/losses`, applied to a `History`.

A question the store cannot answer exactly (a future date, a day with no report, no report
before the period) raises `Unanswerable` with its reason, naming the nearest report; the engine
never falls back to a guess. An answer that reaches the newest report says when that report is
stale. Pure: `today` and the moment of asking (`Freshness`) are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.core.categories import PERSONNEL
from bot.core.delta import Comparison, compare_reports
from bot.core.flags import Flag, Unanswerable, flag
from bot.core.freshness import Freshness
from bot.core.query.grammar import Between, Latest, On, Query, Since
from bot.core.reports import History, Report
from bot.core.war import WAR_START

__all__ = ["Period", "Unanswerable", "answer_query", "compare_period", "resolve_period"]


@dataclass(frozen=True)
class Period:
    """The two reports a question compares (`base` None: from zero) and the gaps around them."""

    base: Report | None
    report: Report
    gaps: tuple[Flag, ...]


def answer_query(
    query: Query, history: History, today: date, freshness: Freshness | None = None
) -> Comparison:
    return compare_period(query, history, resolve_period(query, history, today), freshness)


def compare_period(
    query: Query, history: History, period: Period, freshness: Freshness | None = None
) -> Comparison:
    """The answer over a period already resolved: its change, flags and staleness."""
    comparison = compare_reports(
        history, period.base, period.report, query.categories, period.gaps, query.lang
    )
    if query.context:
        comparison = replace(comparison, all_context=True)
    if query.asked_for and PERSONNEL in comparison.categories:  # "wounded since 2024"
        measure = flag("measure", PERSONNEL, asked=query.asked_for)
        comparison = replace(comparison, flags=(*comparison.flags, measure))
    latest = history.latest
    assert latest is not None
    return with_staleness(comparison, latest, freshness)


def resolve_period(query: Query, history: History, today: date) -> Period:
    """The cheap first half of an answer, so a precomputed comparison can be looked up by it."""
    latest = history.latest
    if latest is None:
        raise Unanswerable(flag("unanswerable", form="empty_store"), query.lang)
    period = query.period
    gaps: list[Flag] = []
    if isinstance(period, Latest):
        report, base = latest, history.before(latest.date)
        if base is None:
            raise _refused(query, "only_one", report=latest)
    elif isinstance(period, On):
        _not_future(query, period.day, today, latest)
        report = history.on(period.day) or _no_report(query, history, period.day)
        base = _base(query, history, period.day, gaps)
    elif isinstance(period, Since):
        _not_future(query, period.start, today, latest)
        if period.start > latest.date:
            raise _refused(query, "none_since", day=period.start, report=latest, on=latest.date)
        base, report = _base(query, history, period.start, gaps), latest
    else:
        assert isinstance(period, Between)
        _not_future(query, period.start, today, latest)
        report = history.on_or_before(period.end)
        if report is None or report.date < period.start:
            nearest = history.nearest(period.start)
            if nearest is None:
                raise _refused(query, "none_between", start=period.start, end=period.end)
            raise _refused(
                query, "none_between_near", start=period.start, end=period.end, report=nearest
            )
        if period.end > today:
            gaps.append(flag("partial", end=period.end, report=report))
        elif report.date < period.end:
            gaps.append(flag("gap", form="gap_end", end=period.end, report=report))
        base = _base(query, history, period.start, gaps)
    return Period(base, report, tuple(gaps))


def with_staleness(
    comparison: Comparison, latest: Report, freshness: Freshness | None
) -> Comparison:
    """The comparison, flagged `stale` when it reaches a newest report older than expected."""
    if freshness is None or comparison.report.date != latest.date:
        return comparison
    stale = freshness.stale_flag(latest)
    if stale is None:
        return comparison
    return replace(comparison, flags=(stale, *comparison.flags))


def _refused(query: Query, form: str, **facts: object) -> Unanswerable:
    return Unanswerable(flag("unanswerable", form=form, **facts), query.lang)


def _base(query: Query, history: History, start: date, gaps: list[Flag]) -> Report | None:
    """The report a period starting on `start` counts from: the last one before it."""
    if start <= WAR_START:
        return None  # from zero: the start of the full-scale invasion
    base = history.before(start)
    if base is None:
        earliest = history.earliest
        assert earliest is not None
        raise _refused(query, "no_base", day=start, report=earliest, start=WAR_START.isoformat())
    expected = start - timedelta(days=1)
    if base.date < expected:
        if base.date == expected - timedelta(days=1):
            gaps.append(flag("gap", form="gap_day", missing=expected, base=base))
        else:
            first = base.date + timedelta(days=1)
            gaps.append(flag("gap", form="gap_days", first=first, last=expected, base=base))
    return base


def _not_future(query: Query, day: date, today: date, latest: Report) -> None:
    if day > today:
        raise _refused(query, "future", day=day, report=latest)


def _no_report(query: Query, history: History, day: date) -> Report:
    nearest = history.nearest(day)
    if nearest is None:
        raise _refused(query, "no_report", day=day)
    raise _refused(query, "no_report_near", day=day, report=nearest)
