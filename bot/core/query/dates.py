"""Dates as a reporter types them: `2022-11-01`, `1 Nov 2022`, `Nov 1, 2022`, `November 1`,
`24.11.2022`, `24.11`, `yesterday`, `monday`, `day 274` (the General Staff's day number).

A date without a year is the most recent such date that is not in the future; as the end of a
range it is the first such date on or after the range's start (`from nov 1 to nov 30`).
Ukrainian month names reach this module already translated (`bot.core.query.ukrainian`).

A small grammar of our own rather than dateparser: dateparser guesses (it reads `1/11` either
way round and takes relative words we do not want), costs about half a second of imports on
every CLI call, and a newsroom needs a date to mean one thing or be refused. "Today" is always
a parameter; this module never reads the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.query.periods import UsageError
from bot.core.war import WAR_START

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")  # 2022-11-24, 2022/11/24, 2022.11.24
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")  # 24.11.2022, 24.11.22
# 11/24/2022 (American) or 24/11/2022: read only where one of the two numbers is over 12.
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DOTTED_SHORT = re.compile(r"(\d{1,2})\.(\d{1,2})\.?")
_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: "²".isdigit() is True, int("²") fails


def is_number(token: str) -> bool:
    """A count or a day number as typed: at most six ASCII digits."""
    return _NUMBER.fullmatch(token) is not None


_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_YEAR = re.compile(r"\d{4}")


class DateError(UsageError):
    """Text that looks like a date but is not one (e.g. 30 Feb 2023)."""


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError("usage_not_a_date", text=text) from None


def _recent(month: int, day: int, today: date, text: str, not_before: date | None = None) -> date:
    """The most recent such day and month that is not in the future (29 Feb: the last leap
    year); with `not_before`, the first one on or after it."""
    if not_before is not None:
        for year in range(not_before.year, not_before.year + 5):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate >= not_before:
                return candidate
        raise DateError("usage_not_a_date", text=text)
    for year in range(today.year, today.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise DateError("usage_not_a_date", text=text)


@dataclass(frozen=True)
class ParsedDate:
    day: date
    used: int  # how many tokens it took
    # For a date typed without a year: (month, day of month), so a range can re-resolve it.
    yearless: tuple[int, int] | None = None


def day_date(number: int, text: str) -> date:
    """The date of the General Staff's day `number` (day 1 is 24 Feb 2022)."""
    if not 1 <= number <= 40_000:
        raise DateError("usage_not_a_war_day", text=text)
    return WAR_START + timedelta(days=number - 1)


def parse_date(
    tokens: list[str], start: int, today: date, not_before: date | None = None
) -> ParsedDate | None:
    """Read a date from `tokens[start:]`, or None when none starts there."""
    if start >= len(tokens):
        return None
    word = tokens[start]
    nxt = tokens[start + 1 : start + 3]
    if word == "today":
        return ParsedDate(today, 1)
    if word == "yesterday":
        return ParsedDate(today - timedelta(days=1), 1)
    if word in WEEKDAYS:
        return ParsedDate(today - timedelta(days=(today.weekday() - WEEKDAYS[word]) % 7), 1)
    if word == "day" and nxt and is_number(nxt[0]):
        return ParsedDate(day_date(int(nxt[0]), f"day {nxt[0]}"), 2)
    if m := _ISO.fullmatch(word):
        return ParsedDate(_make(*map(int, m.groups()), word), 1)
    if m := _DOTTED.fullmatch(word):
        day, month, year = map(int, m.groups())
        return ParsedDate(_make(year if year > 99 else 2000 + year, month, day, word), 1)
    if m := _SLASHED.fullmatch(word):
        return ParsedDate(_slashed(*map(int, m.groups()), word), 1)
    if m := _DOTTED_SHORT.fullmatch(word):
        day, month = map(int, m.groups())
        return ParsedDate(_recent(month, day, today, word, not_before), 1, (month, day))
    # "1 Nov 2022", "1 November"
    if (m := _DAY.fullmatch(word)) and nxt and nxt[0] in MONTHS:
        return _day_month(MONTHS[nxt[0]], int(m.group(1)), tokens, start, today, not_before)
    # "Nov 1, 2022", "November 1"
    if word in MONTHS and nxt and (m := _DAY.fullmatch(nxt[0])):
        return _day_month(MONTHS[word], int(m.group(1)), tokens, start, today, not_before)
    return None


def _slashed(first: int, second: int, year: int, text: str) -> date:
    """A slashed date means one thing only when one of its numbers cannot be a month: 11/24/2022
    is 24 Nov, 24/11/2022 too; 1/11/2022 could be 1 Nov or 11 Jan, and is refused with both."""
    if first == second or first > 12:
        return _make(year, second, first, text)
    if second > 12:
        return _make(year, first, second, text)
    as_day_first, as_month_first = (
        _make(year, second, first, text),
        _make(year, first, second, text),
    )
    raise UsageError("usage_ambiguous_date", text=text, first=as_day_first, second=as_month_first)


def _day_month(
    month: int, day: int, tokens: list[str], start: int, today: date, not_before: date | None
) -> ParsedDate:
    year = tokens[start + 2] if start + 2 < len(tokens) else ""
    if _YEAR.fullmatch(year):
        return ParsedDate(_make(int(year), month, day, " ".join(tokens[start : start + 3])), 3)
    text = " ".join(tokens[start : start + 2])
    return ParsedDate(_recent(month, day, today, text, not_before), 2, (month, day))


def latest_on_or_before(month: int, day: int, end: date) -> date | None:
    """The most recent such day and month on or before `end`: the start of `from 1 mar to
    31 mar 2022`, whose year is the end's."""
    for year in range(end.year, end.year - 2, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= end:
            return candidate
    return None
