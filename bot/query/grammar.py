"""The `/losses` grammar: text in, a `Query` (period and categories) or a `UsageError` out.

Relative periods ("last 7 days", "this week") are turned into dates here, against a `today`
that the caller passes in. Pure: no store, no clock, no Slack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.categories import MAX_ALIAS_WORDS, lookup_phrase
from bot.query.dates import DateError, parse_date

USAGE = """\
Usage: /losses [categories] [period]
  /losses                          latest report against the one before it
  /losses on 2022-11-24            one day's report against the one before it
  /losses since 1 Nov 2022         everything reported from that day to the latest report
  /losses between 2022-03-01 and 2022-03-31   (or: from 2022-03-01 to 2022-03-31)
  /losses tanks last 7 days        also: last 2 weeks, this week, this month, yesterday
  /losses since Nov 1 tanks artillery
Dates: 2022-11-01, 1 Nov 2022, Nov 1, 2022, November 1, 24.11.2022, yesterday, monday.
Categories: personnel, tanks, apc, artillery, mlrs, air defence, aircraft, helicopters,
drones, ships, missiles, vehicles, submarines, special equipment."""


class UsageError(ValueError):
    """The text is not a query; `str()` is a short reason to show above the usage text."""


@dataclass(frozen=True)
class Latest:
    """The latest report against the one before it."""


@dataclass(frozen=True)
class On:
    day: date


@dataclass(frozen=True)
class Since:
    """From the last report before `start` to the latest: includes losses reported on `start`."""

    start: date


@dataclass(frozen=True)
class Between:
    """From the last report before `start` to the last report on or before `end`."""

    start: date
    end: date


Period = Latest | On | Since | Between


@dataclass(frozen=True)
class Query:
    text: str
    period: Period
    categories: tuple[str, ...] = ()  # empty: every category


@dataclass(frozen=True)
class Help:
    """The user asked for the usage text."""


_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


def tokenize(text: str) -> list[str]:
    return text.lower().replace(",", " ").split()


def parse_query(text: str, today: date, extra_keys: Iterable[str] = ()) -> Query | Help:
    """Parse the text after `/losses`. `extra_keys` are category keys the store knows."""
    tokens = tokenize(text)
    if tokens in (["help"], ["usage"], ["?"]):
        return Help()
    extra = tuple(extra_keys)
    try:
        categories, i = _categories(tokens, 0, extra)
        period, i = _period(tokens, i, today)
        more, i = _categories(tokens, i, extra)
    except DateError as error:
        raise UsageError(str(error)) from None
    if i < len(tokens):
        raise UsageError(f"I don't understand “{' '.join(tokens[i:])}”.")
    return Query(text.strip(), period, tuple(dict.fromkeys(categories + more)))


def _categories(tokens: list[str], i: int, extra: tuple[str, ...]) -> tuple[list[str], int]:
    found: list[str] = []
    while i < len(tokens):
        for size in range(min(MAX_ALIAS_WORDS, len(tokens) - i), 0, -1):
            key = lookup_phrase(tuple(tokens[i : i + size]), extra)
            if key is not None:
                found.append(key)
                i += size
                break
        else:
            if tokens[i] != "and":
                break
            i += 1
    return found, i


def _date(tokens: list[str], i: int, today: date, after: str) -> tuple[date, int]:
    parsed = parse_date(tokens, i, today)
    if parsed is None:
        got = f"“{tokens[i]}”" if i < len(tokens) else "nothing"
        raise UsageError(f"Expected a date after “{after}”, got {got}.")
    day, used = parsed
    return day, i + used


def _period(tokens: list[str], i: int, today: date) -> tuple[Period, int]:
    word = tokens[i] if i < len(tokens) else None
    if word is None or word in ("latest", "today", "now"):
        return Latest(), i + (word is not None)
    if word == "yesterday":
        return On(today - timedelta(days=1)), i + 1
    if word in ("on", "since"):
        day, i = _date(tokens, i + 1, today, word)
        return (On(day) if word == "on" else Since(day)), i
    if word in ("between", "from"):
        start, i = _date(tokens, i + 1, today, word)
        joiner = tokens[i] if i < len(tokens) else None
        if word == "from" and joiner not in ("to", "until", "till", "-"):
            return Since(start), i
        if joiner not in ("and", "to", "until", "till", "-"):
            raise UsageError(
                f"Expected “{'and' if word == 'between' else 'to'}” and a second date."
            )
        end, i = _date(tokens, i + 1, today, joiner)
        if end < start:
            raise UsageError("The first date must not be after the second.")
        return Between(start, end), i
    if word in ("last", "past"):
        return _last(tokens, i + 1, today)
    if word == "this" and i + 1 < len(tokens) and tokens[i + 1] in ("week", "month"):
        unit = tokens[i + 1]
        start = today - timedelta(days=today.weekday()) if unit == "week" else today.replace(day=1)
        return Since(start), i + 2
    parsed = parse_date(tokens, i, today)
    if parsed is not None:  # a bare date: that day's report
        return On(parsed[0]), i + parsed[1]
    return Latest(), i


def _last(tokens: list[str], i: int, today: date) -> tuple[Period, int]:
    count, unit = 1, tokens[i] if i < len(tokens) else None
    if unit is not None and unit.isdigit():
        count = int(unit)
        unit = tokens[i + 1] if i + 1 < len(tokens) else None
        i += 1
    if unit not in _UNITS or not 1 <= count <= 10_000:
        raise UsageError("Say “last N days” or “last N weeks”, e.g. “last 7 days”.")
    # Reports dated within the N days that end today.
    return Since(today - timedelta(days=count * _UNITS[unit] - 1)), i + 1
