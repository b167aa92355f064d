"""The newest report's answers, computed once per history rather than once per question.

Most questions a desk asks end at the newest report: `/losses`, `since 2022-11-01`, `last 7
days`, `between 1 March and today`. Over all categories, in English and without a gap at the
start, such an answer depends only on the report it counts from. Made in advance, one takes
0.02 ms to give instead of 0.25 ms; each holds about 7 KiB. So the answers from zero and from
each of the `LATEST_BASES` newest reports (two years: every `last N days`, `this year`, `last
year`, `since` a day of them) are made, 6 MiB whatever the war's length (one per report took 12
MiB in 2026 and would take 190 MiB at sixteen times its history). They are made in a worker
thread when the history changes (`LossesService.refresh_history`), so such a question that has
not been asked before is answered as fast as a repeated one. Anything else (categories
asked for, Ukrainian, a gap, a stale newest report, a workspace's own claims) is computed as
before; the message is the same either way (tested).
"""

from __future__ import annotations

from datetime import date

from bot.core.answer import Period
from bot.core.delta import compare_reports
from bot.core.freshness import Freshness
from bot.core.query.grammar import Query
from bot.core.reports import History, Report
from bot.render.blocks import SlackMessage, answer_message

LATEST_BASES = 800  # about 7 KiB each: 6 MiB


class LatestAnswers:
    """Thread-safe by replacement: `build` makes a new table off the loop and swaps it in."""

    def __init__(self, bases: int = LATEST_BASES) -> None:
        self.bases = bases  # how many of the newest earlier reports to answer from
        self._table: tuple[History | None, dict[date | None, SlackMessage]] = (None, {})
        self._checked: tuple[Freshness, Report, bool] | None = None  # the last staleness

    def build(self, history: History) -> None:
        """Every answer from an earlier report (or from zero) to `history`'s newest one."""
        latest = history.latest
        messages: dict[date | None, SlackMessage] = {}
        if latest is not None:
            for base in (None, *history.reports[-self.bases - 1 : -1]):
                comparison = compare_reports(history, base, latest)
                messages[None if base is None else base.date] = answer_message(comparison)
        self._table = (history, messages)

    def message(
        self,
        history: History,
        query: Query,
        period: Period,
        freshness: Freshness | None,
    ) -> SlackMessage | None:
        """The precomputed message for this comparison, or None where it must be computed."""
        built, messages = self._table
        if (
            built is not history
            or period.report is not history.latest
            or period.gaps
            or query.categories
            or query.lang != "en"
            or (freshness is not None and self._stale(freshness, period.report))
        ):
            return None
        base = period.base
        return messages.get(None if base is None else base.date)

    def _stale(self, freshness: Freshness, report: Report) -> bool:
        """Whether `report` is stale by `freshness`, worked out once for each (the same
        `Freshness` is given all hour), not for each question."""
        checked = self._checked
        if checked is None or checked[0] is not freshness or checked[1] is not report:
            stale = freshness.stale_flag(report) is not None
            checked = self._checked = (freshness, report, stale)
        return checked[2]
