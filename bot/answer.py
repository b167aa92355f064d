"""Which two reports answer a query: the period rules of `/losses`, applied to a `History`.

A question the store cannot answer exactly (a future date, a day with no report, no report
before the period) raises `Unanswerable` with a sentence naming the nearest report; the engine
never falls back to a guess. An answer that reaches the newest report says when that report is
stale. Pure: `today` and the moment of asking (`Freshness`) are passed in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.delta import Comparison, Flag, compare_reports
from bot.freshness import Freshness
from bot.query.grammar import Between, Latest, On, Query, Since
from bot.reports import WAR_START, History, Report
from bot.wording import Wording, wording


class Unanswerable(ValueError):
    """The store cannot answer this query; `str()` says why and what it does have."""


def answer_query(
    query: Query, history: History, today: date, freshness: Freshness | None = None
) -> Comparison:
    base, report, gaps = resolve_period(query, history, today)
    comparison = compare_reports(history, base, report, query.categories, gaps, query.lang)
    latest = history.latest
    assert latest is not None
    return with_staleness(comparison, latest, freshness)


def resolve_period(
    query: Query, history: History, today: date
) -> tuple[Report | None, Report, tuple[Flag, ...]]:
    """The two reports a query compares (base None: from zero) and the gaps around them; the
    cheap first half of an answer, so a precomputed comparison can be looked up by it."""
    words = wording(query.lang)
    latest = history.latest
    if latest is None:
        raise Unanswerable(words.say("empty_store"))
    period = query.period
    gaps: list[Flag] = []
    if isinstance(period, Latest):
        report, base = latest, history.before(latest.date)
        if base is None:
            raise Unanswerable(words.say("only_one", report=words.report(latest)))
    elif isinstance(period, On):
        _not_future(period.day, today, latest, words)
        report = history.on(period.day) or _no_report(history, period.day, words)
        base = _base(history, period.day, gaps, words)
    elif isinstance(period, Since):
        _not_future(period.start, today, latest, words)
        if period.start > latest.date:
            raise Unanswerable(
                words.say("none_since", day=words.date(period.start), report=words.report(latest))
            )
        base, report = _base(history, period.start, gaps, words), latest
    else:
        assert isinstance(period, Between)
        _not_future(period.start, today, latest, words)
        report = history.on_or_before(period.end)
        if report is None or report.date < period.start:
            nearest = history.nearest(period.start)
            start, end = words.date(period.start), words.date(period.end)
            raise Unanswerable(
                words.say("none_between_near", start=start, end=end, report=words.report(nearest))
                if nearest
                else words.say("none_between", start=start, end=end)
            )
        if period.end > today:
            text = words.say("partial", end=words.date(period.end), report=words.report(report))
            gaps.append(Flag("partial", text))
        elif report.date < period.end:
            text = words.say("gap_end", end=words.date(period.end), report=words.report(report))
            gaps.append(Flag("gap", text))
        base = _base(history, period.start, gaps, words)
    return base, report, tuple(gaps)


def with_staleness(
    comparison: Comparison, latest: Report, freshness: Freshness | None
) -> Comparison:
    """The comparison, flagged `stale` when it reaches a newest report older than expected."""
    if freshness is None or comparison.report.date != latest.date:
        return comparison
    message = freshness.stale_message(latest, comparison.wording)
    if message is None:
        return comparison
    return replace(comparison, flags=(Flag("stale", message), *comparison.flags))


def _base(history: History, start: date, gaps: list[Flag], words: Wording) -> Report | None:
    """The report a period starting on `start` counts from: the last one before it."""
    if start <= WAR_START:
        return None  # from zero: the start of the full-scale invasion
    base = history.before(start)
    if base is None:
        earliest = history.earliest
        assert earliest is not None
        raise Unanswerable(
            words.say(
                "no_base",
                day=words.date(start),
                report=words.report(earliest),
                start=WAR_START.isoformat(),
            )
        )
    expected = start - timedelta(days=1)
    if base.date < expected:
        if base.date == expected - timedelta(days=1):
            text = words.say("gap_day", missing=words.date(expected), base=words.report(base))
        else:
            text = words.say(
                "gap_days",
                first=words.date(base.date + timedelta(days=1)),
                last=words.date(expected),
                base=words.report(base),
            )
        gaps.append(Flag("gap", text))
    return base


def _not_future(day: date, today: date, latest: Report, words: Wording) -> None:
    if day > today:
        raise Unanswerable(words.say("future", day=words.date(day), report=words.report(latest)))


def _no_report(history: History, day: date, words: Wording) -> Report:
    nearest = history.nearest(day)
    if nearest is None:
        raise Unanswerable(words.say("no_report", day=words.date(day)))
    raise Unanswerable(
        words.say("no_report_near", day=words.date(day), report=words.report(nearest))
    )
