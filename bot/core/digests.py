"""Which digest period is due for a channel, in its own time zone. Pure: `now` is passed in.

Weekly digests are due every Monday at 09:00 local time and cover the week before (Monday to
Sunday, by report date); monthly ones on the 1st at 09:00 and cover the month before. Only the
latest due period is ever posted: after downtime it goes out late, once, and older missed ones
are not sent as a backlog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

MAX_ZONE_NAME = 64  # the `channel_settings.timezone` column

DUE_AT = time(9, 0)


@dataclass(frozen=True)
class DigestPeriod:
    frequency: str
    start: date
    end: date
    due_at: datetime  # aware

    @property
    def key(self) -> str:
        return f"{self.frequency}:{self.start.isoformat()}"

    def previous(self) -> tuple[date, date]:
        """The period before, to compare with."""
        if self.frequency == "weekly":
            return self.start - timedelta(days=7), self.end - timedelta(days=7)
        end = self.start - timedelta(days=1)
        return end.replace(day=1), end


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str) -> ZoneInfo:
    """An IANA time zone, or ValueError with a sentence for the user. Only names in the zone
    database: "Europe" is a folder of it, not a zone, and a path is not a name."""
    if len(name) <= MAX_ZONE_NAME and name in _zone_names():
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    shown = name if len(name) <= MAX_ZONE_NAME else name[:MAX_ZONE_NAME] + "…"
    raise ValueError(
        f"“{shown}” is not a time zone name; use an IANA name such as Europe/Kyiv, "
        "Europe/London or America/New_York."
    )


def latest_due(frequency: str, timezone: str, now: datetime) -> DigestPeriod:
    tz = zone(timezone)
    local = now.astimezone(tz)
    if frequency == "weekly":
        boundary = local.date() - timedelta(days=local.weekday())
        if local < datetime.combine(boundary, DUE_AT, tz):
            boundary -= timedelta(days=7)
        start, end = boundary - timedelta(days=7), boundary - timedelta(days=1)
    else:
        boundary = local.date().replace(day=1)
        if local < datetime.combine(boundary, DUE_AT, tz):
            boundary = (boundary - timedelta(days=1)).replace(day=1)
        end = boundary - timedelta(days=1)
        start = end.replace(day=1)
    return DigestPeriod(frequency, start, end, datetime.combine(boundary, DUE_AT, tz))
