"""What every source is: something that gives the reports dated on or after a day.

Also the checks every payload passes before anything is stored: a payload with one bad record is
rejected whole (`PayloadError`, with the reason), because half a report is a wrong report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Protocol

from bot.reports import Report, day_number


class SourceError(Exception):
    """The source could not be read (network, HTTP status, timeout): try again later."""


class PayloadError(SourceError):
    """The source answered with something that is not a valid report payload."""


class Source(Protocol):
    name: str

    async def fetch(self, since: date | None) -> list[Report]:
        """Reports dated on or after `since` (all of them when None), validated."""
        ...


def parse_date_field(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise PayloadError(f"{where}: date must be a YYYY-MM-DD string, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PayloadError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def check_day(day: Any, on: date, where: str) -> int:
    """The day number must agree with the date: it catches rows written with the wrong year."""
    if isinstance(day, bool) or not isinstance(day, int):
        raise PayloadError(f"{where}: day must be an integer, got {day!r}")
    if day != day_number(on):
        raise PayloadError(f"{where}: day {day} does not match date {on} (day {day_number(on)})")
    return day


def check_total(value: Any, where: str) -> int | None:
    """A cumulative total: a non-negative integer. None (or NaN) means "not reported"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise PayloadError(f"{where}: expected an integer total, got {value!r}")
    if value < 0:
        raise PayloadError(f"{where}: a cumulative total cannot be negative ({value})")
    return value


def merge_reports(reports: Iterable[Report], where: str) -> list[Report]:
    """One report per date, from parts (pages, or the dataset's two files) that may overlap.

    Parts may add categories to a date; they may not disagree on a figure or a day number.
    """
    merged: dict[date, Report] = {}
    for part in reports:
        have = merged.get(part.date)
        if have is None:
            merged[part.date] = part
            continue
        clash = [k for k, v in part.totals.items() if have.totals.get(k, v) != v]
        if clash:
            raise PayloadError(f"{where}: {part.date} appears twice with different {clash}")
        merged[part.date] = Report(
            date=have.date,
            day=have.day,
            source=have.source,
            totals={**have.totals, **part.totals},
            url=have.url or part.url,
            qualifiers={**have.qualifiers, **part.qualifiers},
        )
    return sorted(merged.values(), key=lambda r: r.date)


def require_totals(totals: Mapping[str, int], where: str) -> None:
    if not totals:
        raise PayloadError(f"{where}: no figures in the record")
