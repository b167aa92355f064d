"""The calendar every report is dated by: the first day of the full-scale invasion, the General
Staff's day numbers, and Kyiv time (report dates are Kyiv dates: it publishes each morning)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

# Report dates are Kyiv dates: the General Staff publishes each morning, Kyiv time.
KYIV = ZoneInfo("Europe/Kyiv")
# The first day of the full-scale invasion: day 1 of the General Staff's numbering.
WAR_START = date(2022, 2, 24)


def day_number(on: date) -> int:
    """The General Staff's day number for a date (2022-02-24 is day 1)."""
    return (on - WAR_START).days + 1
