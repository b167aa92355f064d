"""How numbers and dates are printed: one place, so every message reads the same."""

from __future__ import annotations

from datetime import date

from bot.core.reports import Report


def fmt_int(n: int) -> str:
    """85720 -> "85,720"."""
    return f"{n:,}"


def fmt_change(n: int) -> str:
    """310 -> "+310", -14 -> "-14", 0 -> "0"."""
    return f"+{n:,}" if n > 0 else f"{n:,}"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_date(day: date) -> str:
    """2022-11-24 -> "24 Nov 2022". English month names whatever the server's locale (and
    without strftime, which is slow)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def fmt_report(report: Report) -> str:
    """ "24 Nov 2022 (day 274)": how a report is named wherever a figure is attributed."""
    return f"{fmt_date(report.date)} (day {report.day})"
