"""When a new report may be alerted: once a second transcription agrees, or after a wait.

Every source is a transcription of the General Staff's report, and about one date in a hundred
has a figure one of them got wrong. With more than one source polled, a channel in the default
`confirmed` mode is alerted when at least `required` transcriptions give the report's published
personnel figure and no figure is left undecided between them (`bot.core.disputes`), or once
`wait` has passed since the first transcription gave it, whichever comes first; an alert sent on
the wait's expiry says it is unconfirmed, and gives both values of an undecided figure. A channel
in `fast` mode is alerted at the first transcription, labelled. Pure: `now` is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.categories import PERSONNEL
from bot.core.reports import Report

MODES = ("confirmed", "fast")  # a channel's choice: `/losses mode fast|confirmed`


@dataclass(frozen=True)
class Confirmation:
    """When a new report's alert goes out, and how often a posted alert may change after."""

    required: int = 2  # LOSSES_CONFIRMATIONS (1 when a single source is polled)
    wait: timedelta = timedelta(seconds=10_800)  # LOSSES_CONFIRM_WAIT
    # A posted alert is edited at most once per `cooldown` (LOSSES_CORRECTION_COOLDOWN): what
    # changes meanwhile waits and goes out as one edit, with the figures current then; and it
    # gets at most `replies` thread replies a day. A source that flips a figure each poll would
    # otherwise edit an alert 288 times a day.
    cooldown: timedelta = timedelta(seconds=1800)
    replies: int = 3


def agreeing(report: Report) -> int:
    """How many transcriptions give the report's published personnel figure."""
    values = report.disputed.get(PERSONNEL)
    if values is None:
        return max(len(report.transcriptions), 1)
    return sum(1 for value in values.values() if value == report.totals.get(PERSONNEL))


def undecided_figures(report: Report) -> tuple[str, ...]:
    """The figures of the report its transcriptions disagree on with no evidence deciding
    (`bot.core.disputes`): a `confirmed` channel waits for a decision."""
    return tuple(k for k, rule in report.decided.items() if rule == "undecided")


def confirmed(report: Report, policy: Confirmation) -> bool:
    return agreeing(report) >= policy.required and not undecided_figures(report)


def alert_now(
    report: Report, first_seen: datetime, now: datetime, mode: str, policy: Confirmation
) -> bool:
    """Whether a channel in `mode` is alerted about `report` (first seen at `first_seen`) now."""
    return mode == "fast" or confirmed(report, policy) or now - first_seen >= policy.wait


SINGLE_SOURCE = Confirmation(required=1)  # one source polled: its report is the report
