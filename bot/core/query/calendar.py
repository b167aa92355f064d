"""Calendar and relative periods: `2023`, `march 2022`, `q1 2023`, `2023-W10`, `week 10`,
`last 7 days`, `past month`, `last week` (the calendar week before this one), `this year`, `ytd`.

A whole period counts from the last report before its first day to the last report of its last
day: `march 2022` is the report of 28 Feb against the report of 31 Mar. A period given without
its year is the most recent one that has begun. Pure: `today` is passed in.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from bot.core.query.dates import MONTHS, is_number
from bot.core.query.periods import Between, Latest, Period, Since, UsageError
from bot.core.query.vocabulary import suggestion

_YEAR = re.compile(r"20\d{2}")
_QUARTER = re.compile(r"q([1-4])")
_ISO_WEEK = re.compile(r"(\d{4})-?w(\d{1,2})")
_DAY_OF_MONTH = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_UNITS = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "quarter": "quarters",
    "quarters": "quarters",
    "year": "years",
    "years": "years",
}
MAX_COUNT = 10_000

Found = tuple[Period, int]  # the period and the index of the token after it


def shift_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def month_period(year: int, month: int) -> Between:
    return Between(date(year, month, 1), date(year, month, monthrange(year, month)[1]))


def quarter_period(year: int, quarter: int) -> Between:
    first = date(year, 3 * quarter - 2, 1)
    return Between(first, shift_months(first, 3) - timedelta(days=1))


def year_period(year: int) -> Between:
    return Between(date(year, 1, 1), date(year, 12, 31))


def week_period(year: int, week: int) -> Between:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise UsageError("usage_no_week", year=year, week=week) from None
    return Between(monday, monday + timedelta(days=6))


def _recent(make: object, today: date, *args: int) -> Between:
    """The period of this year if it has begun, else last year's."""
    assert callable(make)
    this_year: Between = make(today.year, *args)
    return this_year if this_year.start <= today else make(today.year - 1, *args)


def _year_at(tokens: list[str], i: int) -> int | None:
    return int(tokens[i]) if i < len(tokens) and _YEAR.fullmatch(tokens[i]) else None


def calendar_period(tokens: list[str], i: int, today: date) -> Found | None:
    """A year, a month, a quarter or an ISO week starting at `tokens[i]`, or None."""
    if i >= len(tokens):
        return None
    word = tokens[i]
    if m := _QUARTER.fullmatch(word):
        year = _year_at(tokens, i + 1)
        if year is not None:
            return quarter_period(year, int(m.group(1))), i + 2
        return _recent(quarter_period, today, int(m.group(1))), i + 1
    if m := _ISO_WEEK.fullmatch(word):
        return week_period(int(m.group(1)), int(m.group(2))), i + 1
    if word == "week" and i + 1 < len(tokens) and is_number(tokens[i + 1]):
        week, year = int(tokens[i + 1]), _year_at(tokens, i + 2)
        if year is not None:
            return week_period(year, week), i + 3
        this_year = week_period(today.isocalendar().year, week)
        if this_year.start > today:
            return week_period(today.isocalendar().year - 1, week), i + 2
        return this_year, i + 2
    if word in MONTHS:
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if _DAY_OF_MONTH.fullmatch(nxt):
            return None  # "march 1": a date
        year = _year_at(tokens, i + 1)
        if year is not None:
            return month_period(year, MONTHS[word]), i + 2
        return _recent(month_period, today, MONTHS[word]), i + 1
    year = _year_at(tokens, i)
    if year is not None:
        if i + 1 < len(tokens) and (m := _QUARTER.fullmatch(tokens[i + 1])):
            return quarter_period(year, int(m.group(1))), i + 2
        return year_period(year), i + 1
    return None


def rolling(count: int, unit: str, today: date) -> Since:
    """The reports dated within the `count` units that end today."""
    if not 1 <= count <= MAX_COUNT:
        raise UsageError("usage_count", most=MAX_COUNT)
    if unit == "days":
        return Since(today - timedelta(days=count - 1))
    if unit == "weeks":
        return Since(today - timedelta(days=7 * count - 1))
    months = {"months": 1, "quarters": 3, "years": 12}[unit] * count
    return Since(shift_months(today, -months) + timedelta(days=1))


def _previous(unit: str, today: date) -> Between:
    """The whole calendar week, month, quarter or year before the current one."""
    if unit == "weeks":
        monday = today - timedelta(days=today.weekday() + 7)
        return Between(monday, monday + timedelta(days=6))
    if unit == "months":
        last = shift_months(today, -1)
        return month_period(last.year, last.month)
    if unit == "quarters":
        last = shift_months(today, -3)
        return quarter_period(last.year, (last.month - 1) // 3 + 1)
    return year_period(today.year - 1)


def _current(unit: str, today: date) -> Since:
    if unit == "weeks":
        return Since(today - timedelta(days=today.weekday()))
    if unit == "months":
        return Since(today.replace(day=1))
    if unit == "quarters":
        return Since(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1))
    return Since(date(today.year, 1, 1))


def last_period(tokens: list[str], i: int, today: date) -> Found | None:
    """`last N days`, `past week`, `last month`, `this year`, `ytd` starting at `tokens[i]`."""
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word == "ytd" or tokens[i : i + 3] == ["year", "to", "date"]:
        return _current("years", today), i + (1 if word == "ytd" else 3)
    if word == "this":
        unit = _UNITS.get(tokens[i + 1]) if i + 1 < len(tokens) else None
        if unit is None or unit == "days":
            raise UsageError("usage_this")
        return _current(unit, today), i + 2
    if word not in ("last", "past"):
        return None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if is_number(nxt) and tokens[i + 2 : i + 3] in (["hours"], ["hour"]):
        # "the last 24 hours": a report covers a day, so the newest one, or whole days
        days = -(-int(nxt) // 24)
        return (Latest() if days <= 1 else rolling(days, "days", today)), i + 3
    if is_number(nxt) and i + 2 < len(tokens) and tokens[i + 2] in _UNITS:
        return rolling(int(nxt), _UNITS[tokens[i + 2]], today), i + 3
    unit = _UNITS.get(nxt)
    if unit is None:
        typo = tokens[i + 2] if is_number(nxt) and i + 2 < len(tokens) else nxt
        hint = suggestion(typo)
        raise UsageError("usage_last", hint=hint)
    if word == "past" or unit == "days":
        return rolling(1, unit, today), i + 2
    return _previous(unit, today), i + 2
