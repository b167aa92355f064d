"""What every source is: something that gives the reports dated on or after a day.

Also the checks every payload passes before anything is stored. A file import is all or nothing:
one bad record rejects the file (`PayloadError`, with the reason). A poll skips a bad record
with a logged reason and keeps the valid ones (`Checks.skip_bad_records`), so one broken record
cannot stop the poller; a payload that cannot be parsed at all stores nothing. Nothing a source
sends is trusted: dates must be between the invasion and tomorrow in Kyiv, day numbers must
agree with them, totals must be plausible integers, keys short and distinct, links plain
http(s) URLs.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from bot.core.categories import ceiling, normalise_key
from bot.core.links import is_plain_url
from bot.core.reports import Report
from bot.core.war import WAR_START, day_number

log = logging.getLogger(__name__)
MAX_KEY_LENGTH = 64  # characters of a category name, on every database alike
MAX_TEXT_LENGTH = 300  # characters of a text field (the `reports.directions` column)
T = TypeVar("T")


class SourceError(Exception):
    """The source could not be read (network, HTTP status, timeout): try again later."""


class PayloadError(SourceError):
    """The source answered with something that is not a valid report payload."""


@dataclass
class Checks:
    """What records are checked against, and what becomes of a bad one."""

    not_after: date | None = None  # the newest date accepted: tomorrow in Kyiv
    skip_bad_records: bool = False  # polls: skip and log; imports: reject the whole file
    rejected: list[str] = field(default_factory=list)  # why each skipped record was skipped

    def record(self, parse: Callable[..., T], *args: Any) -> T | None:
        """`parse(*args)`, or None (logged, counted) for a bad record when skipping."""
        try:
            return parse(*args)
        except PayloadError as error:
            if not self.skip_bad_records:
                raise
            log.warning("skipped a record: %s", error)
            self.rejected.append(str(error))
            return None


class Source(Protocol):
    name: str
    rejected: list[str]  # the records the last fetch skipped, with the reasons

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


def check_date(on: date, where: str, not_after: date | None) -> date:
    """A report date between the invasion and tomorrow: a record dated 2030 would otherwise
    become the newest report and every poll would ask for reports after it."""
    if on < WAR_START:
        raise PayloadError(f"{where}: dated before the invasion ({on})")
    if not_after is not None and on > not_after:
        raise PayloadError(f"{where}: dated in the future ({on})")
    return on


def check_key(raw: Any, where: str) -> str:
    """A category name: a short string that names something once normalised."""
    if not isinstance(raw, str) or len(raw) > MAX_KEY_LENGTH:
        shown = raw[:40] + "…" if isinstance(raw, str) else repr(raw)
        raise PayloadError(f"{where}: not a category name ({shown!r})")
    key = normalise_key(raw)
    if not key:
        raise PayloadError(f"{where}: not a category name ({raw!r})")
    return key


def clean_url(value: Any, where: str) -> str | None:
    """A link to the original post, only if it is a plain http(s) URL: anything else (Slack
    markup such as `<!channel>`, spaces, `|`) is dropped with a warning; the figures are kept."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and is_plain_url(value):
        return value
    log.warning("%s: dropped a link that is not a plain http(s) URL: %.80r", where, value)
    return None


def clean_text(value: Any, where: str, longest: int = MAX_TEXT_LENGTH) -> str | None:
    """A short line of text from a source (where most losses were): printable, one line, at
    most `longest` characters; anything else is dropped with a warning. It is escaped wherever
    it is written into Slack."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and len(value) <= longest and value.isprintable():
        return " ".join(value.split())
    log.warning("%s: dropped a text that is not one short printable line: %.60r", where, value)
    return None


def check_day(day: Any, on: date, where: str) -> int:
    """The day number must agree with the date: it catches rows written with the wrong year."""
    if isinstance(day, bool) or not isinstance(day, int):
        raise PayloadError(f"{where}: day must be an integer, got {day!r}")
    if day != day_number(on):
        raise PayloadError(f"{where}: day {day} does not match date {on} (day {day_number(on)})")
    return day


def check_total(value: Any, where: str, key: str = "") -> int | None:
    """A cumulative total: a non-negative integer below the category's plausible ceiling.
    None (or NaN) means "not reported"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise PayloadError(f"{where}: expected an integer total, got {str(value)[:40]!r}")
    if value < 0:
        raise PayloadError(f"{where}: a cumulative total cannot be negative ({value})")
    if value > ceiling(key):
        raise PayloadError(f"{where}: {str(value)[:40]} is not a plausible total")
    return value


def merge_reports(
    reports: Iterable[Report], where: str, checks: Checks | None = None
) -> list[Report]:
    """One report per date, from parts (pages, or the dataset's two files) that may overlap.

    Parts may add categories to a date; they may not disagree on a figure (a poll then drops
    that date, logged; an import is rejected).
    """
    merged: dict[date, Report] = {}
    clashed: set[date] = set()
    for part in reports:
        have = merged.get(part.date)
        if have is None:
            merged[part.date] = part
            continue
        clash = [k for k, v in part.totals.items() if have.totals.get(k, v) != v]
        if clash:
            error = PayloadError(f"{where}: {part.date} appears twice with different {clash}")
            if checks is None or not checks.skip_bad_records:
                raise error
            checks.record(_raise, error)
            clashed.add(part.date)
            continue
        merged[part.date] = Report(
            date=have.date,
            day=have.day,
            source=have.source,
            totals={**have.totals, **part.totals},
            url=have.url or part.url,
            qualifiers={**have.qualifiers, **part.qualifiers},
            directions=have.directions or part.directions,
        )
    return sorted((r for r in merged.values() if r.date not in clashed), key=lambda r: r.date)


def parse_records(
    records: Any, where: str, parse: Callable[..., Report], what: str, checks: Checks | None
) -> list[Report]:
    """A JSON array of records, each `parse`d (a bad one rejects the file, or is skipped by a
    poll's `checks`); a date given twice rejects it."""
    checks = checks or Checks()
    if not isinstance(records, list):
        raise PayloadError(
            f"{where}: expected a JSON array of {what}s, got {type(records).__name__}"
        )
    parsed = (
        checks.record(parse, record, f"{where} {what} {i}", checks.not_after)
        for i, record in enumerate(records)
    )
    reports = [r for r in parsed if r is not None]
    seen: set[date] = set()
    for report in reports:
        if report.date in seen:
            raise PayloadError(f"{where}: {report.date} appears in two {what}s")
        seen.add(report.date)
    return reports


def _raise(error: Exception) -> None:
    raise error


def require_totals(totals: Mapping[str, int], where: str) -> None:
    if not totals:
        raise PayloadError(f"{where}: no figures in the record")
