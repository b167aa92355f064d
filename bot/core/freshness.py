"""Whether the newest report is as recent as it should be, and whether a report came late.

The General Staff publishes every morning, Kyiv time, so a report's age counts from the start of
its date in Kyiv. Past a margin (`LOSSES_STALE_AFTER`, 36 hours by default) the newest report
is stale: answers that reach it say so, and an alert for a report that arrives that late says
it is late, so nothing old reads as today's news. Pure: `now` is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.core.flags import Flag, flag
from bot.core.reports import Report
from bot.core.war import KYIV

DEFAULT_MARGIN = timedelta(hours=36)


def report_age(report: Report, now: datetime) -> timedelta:
    return now - datetime.combine(report.date, time(0), KYIV)


def is_late(report: Report, now: datetime, margin: timedelta = DEFAULT_MARGIN) -> bool:
    return report_age(report, now) > margin


@dataclass(frozen=True)
class Freshness:
    """The moment an answer is given and the margin it judges the newest report by.

    `now` is best rounded down to the hour by the caller, so answers can be memoised."""

    now: datetime
    margin: timedelta = DEFAULT_MARGIN

    def stale_flag(self, latest: Report) -> Flag | None:
        """A `stale` flag when `latest` is older than the margin, else None."""
        age = report_age(latest, self.now)
        if age <= self.margin:
            return None
        return flag("stale", report=latest, age=age)
