"""How each transcription stands: the newest report it gave, how far it lags the first, and the
figures transcriptions disagreed on lately. Pure: read from a `History`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.disputes import PRIMARY
from bot.core.reports import History, Report

RECENT_DAYS = 30  # the disagreements `sources` lists


@dataclass(frozen=True)
class SourceStatus:
    name: str
    newest: Report | None  # the newest report it transcribed; None: none yet
    behind: int  # days behind the newest report of any transcription (0: it is first)


@dataclass(frozen=True)
class Dispute:
    report: Report
    category: str
    values: Mapping[str, int]  # by transcription


def sources_status(history: History, names: Iterable[str] = ()) -> list[SourceStatus]:
    """Every transcription in the history, and any of `names` (configured) that gave none; not
    the General Staff's own posts, read only for a dispute, never a feed that lags."""
    newest: dict[str, Report] = {}
    for report in history.reports:
        for name in report.transcriptions:
            if name not in PRIMARY:
                newest[name] = report
    first = max((r.date for r in newest.values()), default=None)
    found = dict.fromkeys([*names, *sorted(newest)])
    return [
        SourceStatus(
            name,
            newest.get(name),
            (first - newest[name].date).days if name in newest and first else 0,
        )
        for name in found
    ]


def recent_disputes(history: History, today: date, days: int = RECENT_DAYS) -> list[Dispute]:
    """Every figure the transcriptions of a report dated in the last `days` disagree on."""
    since = today - timedelta(days=days)
    return [
        Dispute(report, category, values)
        for report in history.reports
        if report.date > since
        for category, values in report.disputed.items()
    ]
