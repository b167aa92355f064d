"""Dates as a reporter types them: `2022-11-01`, `1 Nov 2022`, `Nov 1, 2022`, `November 1`,
`24.11.2022`, `yesterday`, `monday`.

A small grammar of our own rather than dateparser: dateparser guesses (it reads `1/11` either
way round and takes relative words we do not want), costs about half a second of imports on
every CLI call, and a newsroom needs a date to mean one thing or be refused. "Today" is always
a parameter; this module never reads the clock.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_YEAR = re.compile(r"\d{4}")


class DateError(ValueError):
    """Text that looks like a date but is not one (e.g. 30 Feb 2023)."""


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"“{text}” is not a date in the calendar.") from None


def _recent(month: int, day: int, today: date, text: str) -> date:
    """The most recent such day and month that is not in the future (29 Feb: the last leap year)."""
    for year in range(today.year, today.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise DateError(f"“{text}” is not a date in the calendar.")


def parse_date(tokens: list[str], start: int, today: date) -> tuple[date, int] | None:
    """Read a date from `tokens[start:]`; return it and how many tokens it took, or None."""
    if start >= len(tokens):
        return None
    word = tokens[start]
    nxt = tokens[start + 1 : start + 3]
    if word == "today":
        return today, 1
    if word == "yesterday":
        return today - timedelta(days=1), 1
    if word in WEEKDAYS:
        return today - timedelta(days=(today.weekday() - WEEKDAYS[word]) % 7), 1
    if m := _ISO.fullmatch(word):
        return _make(*map(int, m.groups()), word), 1
    if m := _DOTTED.fullmatch(word):
        day, month, year = map(int, m.groups())
        return _make(year, month, day, word), 1
    # "1 Nov 2022", "1 November"
    if (m := _DAY.fullmatch(word)) and nxt and nxt[0] in MONTHS:
        month, day = MONTHS[nxt[0]], int(m.group(1))
        if len(nxt) > 1 and _YEAR.fullmatch(nxt[1]):
            return _make(int(nxt[1]), month, day, " ".join(tokens[start : start + 3])), 3
        return _recent(month, day, today, " ".join(tokens[start : start + 2])), 2
    # "Nov 1, 2022", "November 1"
    if word in MONTHS and nxt and (m := _DAY.fullmatch(nxt[0])):
        month, day = MONTHS[word], int(m.group(1))
        if len(nxt) > 1 and _YEAR.fullmatch(nxt[1]):
            return _make(int(nxt[1]), month, day, " ".join(tokens[start : start + 3])), 3
        return _recent(month, day, today, " ".join(tokens[start : start + 2])), 2
    return None
