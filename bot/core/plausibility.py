"""Whether a new report's figures are believable next to the history: a total that moves by
more than `JUMP_FACTOR` times the largest daily change the category has ever had, for each day
since the report it is compared with (and by more than `MIN_ALLOWANCE`), is held back, not
stored or alerted, until someone looks. It catches a typo (tanks 655 -> 6555) or a compromised
source before twenty desks publish it. Three times, not ten: personnel's largest day is +3,160
(3 Mar 2022), so ten times let a one-day jump of 31,000 through; the largest daily rises of
later years are below half of it, so three times holds back no real report.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.reports import History, Report

JUMP_FACTOR = 3
MIN_ALLOWANCE = 100


def implausible(reports: Sequence[Report], history: History) -> dict[date, str]:
    """The reports to hold back, each with the reason. A report is compared with the one before
    it, whether stored or arriving in the same batch; categories without history pass."""
    held: dict[date, str] = {}
    incoming = sorted(reports, key=lambda r: r.date)
    for i, report in enumerate(incoming):
        stored = history.before(report.date)
        earlier = [r for r in incoming[:i] if r.date not in held]
        previous = max(
            [*earlier, *([stored] if stored else [])], key=lambda r: r.date, default=None
        )
        if previous is None:
            continue
        days = max((report.date - previous.date).days, 1)
        for key, value in report.totals.items():
            before, largest = previous.totals.get(key), history.largest_daily_change(key)
            if before is None or largest is None:
                continue
            limit = max(MIN_ALLOWANCE, JUMP_FACTOR * largest * days)
            if abs(value - before) > limit:
                held[report.date] = (
                    f"{report.date}: {key} jumps from {before:,} to {value:,} since "
                    f"{previous.date}, more than {JUMP_FACTOR} times its largest daily change "
                    f"a day"
                )
                break
    return held
