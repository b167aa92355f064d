"""Reports and the history they form: plain data that the query engine reads.

A `Report` is one General Staff report as the store holds it now (its current figures).
`History` is every stored report in date order with the look-ups the engine needs; it is built
once per load and is immutable, so it can be shared between requests. No I/O here.
"""

from __future__ import annotations

import bisect
import copy
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, overload

from bot.core.series_breaks import break_into, has_break_into

if TYPE_CHECKING:
    from bot.core.claims import Claim
    from bot.core.economist import ModelFit
    from bot.core.oryx import OryxCounts


@dataclass(frozen=True, slots=True)
class StatedChange:
    """The day's change as the General Staff's report states it (russianwarship.rip's
    `increase`, the headline in an orc-losses link), and the transcriptions that give it: a check
    on the change computed from the totals, never a figure published in its place."""

    value: int
    by: tuple[str, ...]


class Totals(Mapping[str, int]):
    """A report's totals held compactly: its categories (one tuple shared by every report with
    the same ones) and their values in an array. A dict of ints takes about 1 KiB a report, this
    about 250 bytes; at sixteen times today's history that is 20 MiB of an idle server."""

    __slots__ = ("_index", "_values")
    _indexes: ClassVar[dict[tuple[str, ...], dict[str, int]]] = {}  # one per set of categories

    def __init__(self, totals: Mapping[str, int]) -> None:
        keys = tuple(totals)
        index = self._indexes.get(keys)
        if index is None:
            index = self._indexes.setdefault(keys, {k: i for i, k in enumerate(keys)})
        self._index = index
        self._values = array("q", totals.values())

    def __getitem__(self, key: str) -> int:
        return self._values[self._index[key]]

    def get(self, key: str, default: Any = None) -> Any:
        i = self._index.get(key)
        return default if i is None else self._values[i]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[type[Totals], tuple[dict[str, int]]]:
        return Totals, (dict(self.items()),)


@dataclass(frozen=True, slots=True)
class Report:
    """One report: cumulative totals since the invasion began, one per category."""

    date: date
    day: int
    source: str
    totals: Mapping[str, int]
    url: str | None = None
    # The report's own wording of a figure, e.g. {"personnel_units": "about"}.
    qualifiers: Mapping[str, str] = field(default_factory=dict)
    # For figures the source later restated: what was first reported.
    first_reported: Mapping[str, int] = field(default_factory=dict)
    # For published figures the store later restated (a transcription restating its own, or a
    # decision between transcriptions made again): what was first published.
    first_published: Mapping[str, int] = field(default_factory=dict)
    # Where most losses were, as the General Staff put it ("Avdiivka, Bakhmut and Lyman").
    directions: str | None = None
    # The transcriptions that gave this report (russianwarship.rip, orc-losses, ...), and for
    # each figure they disagree on, every value by transcription: the published one is in
    # `totals` (the value most of them give).
    transcriptions: tuple[str, ...] = ()
    disputed: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # For each disputed figure, the rule that decided the published one (`bot.core.disputes`
    # RULES): "undecided" where no evidence did, and no sentence may state it as fact.
    decided: Mapping[str, str] = field(default_factory=dict)
    # Figures not every transcription of the report gives: the ones that do.
    partial: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The day's change per category as the report itself states it, where a transcription
    # carries it (`StatedChange`).
    stated: Mapping[str, StatedChange] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type[Report], tuple[Any, ...]]:
        # Reports reach the file process (`bot.app.file_workers`) pickled; the store shares one
        # read-only empty mapping between them, which pickle cannot copy: its mappings go as dicts.
        values = (getattr(self, f.name) for f in fields(self))
        return Report, tuple(dict(v) if isinstance(v, Mapping) else v for v in values)


def givers(report: Report, key: str) -> tuple[str, ...]:
    """The transcriptions that give the report's figure of `key`."""
    return report.partial.get(key) or report.transcriptions or (report.source,)


@dataclass(frozen=True)
class Correction:
    """The part of one report's change that the General Staff says corrects earlier figures,
    not new losses (the dataset's correction file). Already included in the totals."""

    date: date
    key: str
    value: int  # signed
    source: str


@dataclass(frozen=True)
class Decrease:
    """A cumulative total that went down from one report to the next. A correction by the
    General Staff only where it is `explained`: it published a correction of that category on
    the day (or the day before), or every transcription of both reports shows the fall.
    Otherwise it may be one transcription's slip, and no sentence calls it a correction."""

    date: date
    key: str
    previous: int
    value: int
    explained: bool = True

    @property
    def change(self) -> int:
        return self.value - self.previous


@dataclass(frozen=True)
class StatedDifference:
    """A report whose stated change of a category is not the change its totals give from the
    day before, and no correction by the General Staff explains the difference."""

    report: Report
    key: str
    stated: StatedChange
    computed: int


def _everyone_fell(before: Report, report: Report, key: str) -> bool:
    """Whether every transcription of `report` gives a figure below every one of `before`."""
    now = report.disputed.get(key) or {"": report.totals[key]}
    then = before.disputed.get(key) or {"": before.totals[key]}
    return max(now.values()) < min(then.values())


class DailyChanges(Sequence[tuple[date, int]]):
    """A category's change report by report, oldest first: (date, change) pairs held as two
    arrays. Lists of tuples took about 1.4 KiB a report over every category, built by the first
    answer; these about 0.2 KiB."""

    __slots__ = ("changes", "days")

    def __init__(self) -> None:
        self.days = array("l")  # each report's date, as an ordinal (`date.toordinal`)
        self.changes = array("q")

    def append(self, day: date, change: int) -> None:
        self.days.append(day.toordinal())
        self.changes.append(change)

    def index(self, day: date, start: int = 0, stop: int | None = None) -> int:
        """Where `day`'s change is (bisected); ValueError where the report has none."""
        ordinal = day.toordinal()
        i = bisect.bisect_left(self.days, ordinal, start, len(self.days) if stop is None else stop)
        if i == len(self.days) or self.days[i] != ordinal:
            raise ValueError(f"no change on {day}")
        return i

    def falls(self) -> Iterator[tuple[date, int]]:
        """The (date, change) pairs where the total fell, without a date made for every other
        report (a cold `ask` builds every decrease: 22,000 changes, a few dozen falls)."""
        for ordinal, change in zip(self.days, self.changes, strict=True):
            if change < 0:
                yield date.fromordinal(ordinal), change

    @overload
    def __getitem__(self, i: int) -> tuple[date, int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[date, int]]: ...
    def __getitem__(self, i: int | slice) -> tuple[date, int] | list[tuple[date, int]]:
        if isinstance(i, slice):
            return [
                (date.fromordinal(d), c) for d, c in zip(self.days[i], self.changes[i], strict=True)
            ]
        return date.fromordinal(self.days[i]), self.changes[i]

    def __len__(self) -> int:
        return len(self.days)

    def __iter__(self) -> Iterator[tuple[date, int]]:
        return zip(map(date.fromordinal, self.days), self.changes, strict=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class History:
    """All stored reports, oldest first, with look-ups by date."""

    def __init__(
        self,
        reports: Iterable[Report],
        corrections: Iterable[Correction] = (),
        claims: Iterable[Claim] = (),
        oryx: OryxCounts | None = None,
        models: Mapping[str, ModelFit] | None = None,
    ) -> None:
        self.reports: tuple[Report, ...] = tuple(sorted(reports, key=lambda r: r.date))
        self.corrections: tuple[Correction, ...] = tuple(
            sorted(corrections, key=lambda c: (c.date, c.key))
        )
        self.claims: tuple[Claim, ...] = tuple(claims)  # other parties' figures, in force
        self.oryx = oryx  # Oryx's visually confirmed counts: a second source, kept apart
        # The Economist's model, its newest fit by kind: an independent estimate, kept apart.
        self.models: Mapping[str, ModelFit] = dict(models or {})
        self._dates = [r.date for r in self.reports]
        self._correction_dates = [c.date for c in self.corrections]
        self._daily: dict[str, DailyChanges] = {}
        self._teams: dict[str, History] = {}

    def __reduce__(self) -> tuple[type[History], tuple[Any, ...]]:
        """What the file process is sent: the data, not the look-ups built from it."""
        return History, (self.reports, self.corrections, self.claims, self.oryx, self.models)

    def for_team(self, team_id: str) -> History:
        """The history as one workspace's answers see it: the operator's claims and the ones its
        own desk entered, never another workspace's. The same object while no claim belongs to
        a workspace, so answers stay memoised across workspaces; one view per workspace else."""
        if self._shared_claims_only:
            return self
        view = self._teams.get(team_id)
        if view is None:
            view = copy.copy(self)  # shares the reports and their derived tables
            view.claims = tuple(c for c in self.claims if c.team_id in (None, team_id))
            view._teams = {}
            self._teams[team_id] = view
        return view

    @cached_property
    def _shared_claims_only(self) -> bool:
        """No claim belongs to one workspace (looked at once, not on every question)."""
        return all(c.team_id is None for c in self.claims)

    def __len__(self) -> int:
        return len(self.reports)

    @property
    def latest(self) -> Report | None:
        return self.reports[-1] if self.reports else None

    @property
    def earliest(self) -> Report | None:
        return self.reports[0] if self.reports else None

    def on(self, day: date) -> Report | None:
        i = bisect.bisect_left(self._dates, day)
        return self.reports[i] if i < len(self._dates) and self._dates[i] == day else None

    def before(self, day: date) -> Report | None:
        """The last report dated strictly before `day`."""
        i = bisect.bisect_left(self._dates, day)
        return self.reports[i - 1] if i > 0 else None

    def on_or_before(self, day: date) -> Report | None:
        i = bisect.bisect_right(self._dates, day)
        return self.reports[i - 1] if i > 0 else None

    def after(self, day: date) -> Report | None:
        """The first report dated strictly after `day`."""
        i = bisect.bisect_right(self._dates, day)
        return self.reports[i] if i < len(self._dates) else None

    def nearest(self, day: date) -> Report | None:
        candidates = [r for r in (self.on_or_before(day), self.after(day)) if r is not None]
        return min(candidates, key=lambda r: abs((r.date - day).days), default=None)

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(k for r in self.reports for k in r.totals)

    @cached_property
    def _listings(self) -> tuple[dict[str, Report], dict[str, Report]]:
        first: dict[str, Report] = {}
        last: dict[str, Report] = {}
        for report in self.reports:
            for key in report.totals:
                first.setdefault(key, report)
                last[key] = report
        return first, last

    def first_listing(self, key: str) -> Report | None:
        """The first report that gives a figure for `key`: before it, the category counts as 0."""
        return self._listings[0].get(key)

    def last_listing(self, key: str) -> Report | None:
        return self._listings[1].get(key)

    def corrections_in(self, after: date | None, until: date) -> list[Correction]:
        """The General Staff's corrections dated in (after, until]."""
        lo = 0 if after is None else bisect.bisect_right(self._correction_dates, after)
        hi = bisect.bisect_right(self._correction_dates, until)
        return list(self.corrections[lo:hi])

    def daily_changes(self, key: str) -> DailyChanges:
        """(date, change from the previous report) for every report after the first with `key`.

        Across a series break the change counts from the sum of the merged series."""
        cached = self._daily.get(key)
        if cached is None:
            cached, last, last_report = DailyChanges(), None, None
            merges = has_break_into(key)  # most keys have none: no look-up per report
            for report in self.reports:
                value = report.totals.get(key)
                if value is None:
                    continue
                if last is not None and last_report is not None:
                    merge = break_into(key, last_report.date, report.date) if merges else None
                    if merge is None:
                        cached.append(report.date, value - last)
                    elif all(m in last_report.totals for m in merge.members):
                        members = sum(last_report.totals[m] for m in merge.members)
                        cached.append(report.date, value - members)
                last, last_report = value, report
            self._daily[key] = cached
        return cached

    def largest_daily_change(self, key: str) -> int | None:
        """The largest change (either way) between two consecutive reports, or None."""
        return max((abs(c) for _, c in self.daily_changes(key)), default=None)

    @cached_property
    def _decreases(self) -> tuple[tuple[Decrease, ...], list[date]]:
        """Every decrease in the history, and their dates for bisecting (built on first use)."""
        corrected = {(c.date, c.key) for c in self.corrections}
        found: list[Decrease] = []
        for key in self.keys:
            for day, change in self.daily_changes(key).falls():
                report = self.on(day)
                if report is not None:
                    value = report.totals[key]
                    before = self.before(day)
                    explained = (
                        (day, key) in corrected
                        or (day - timedelta(days=1), key) in corrected
                        or before is None
                        or key not in before.totals
                        or _everyone_fell(before, report, key)
                    )
                    found.append(Decrease(day, key, value - change, value, explained))
        found.sort(key=lambda d: (d.date, d.key))
        return tuple(found), [d.date for d in found]

    @cached_property
    def _stated_differences(self) -> tuple[tuple[StatedDifference, ...], list[date]]:
        """Every report whose stated change is not its computed one (built on first use, once
        per history). Only against the day before: the report states one day's change."""
        corrections: dict[tuple[date, str], int] = {}
        for correction in self.corrections:
            at = (correction.date, correction.key)
            corrections[at] = corrections.get(at, 0) + correction.value
        found: list[StatedDifference] = []
        for report in self.reports:
            if not report.stated:
                continue
            before = self.on(report.date - timedelta(days=1))
            if before is None:
                continue
            for key, stated in report.stated.items():
                if key not in report.totals or key not in before.totals:
                    continue
                computed = report.totals[key] - before.totals[key]
                if computed - stated.value not in (0, corrections.get((report.date, key), 0)):
                    found.append(StatedDifference(report, key, stated, computed))
        return tuple(found), [d.report.date for d in found]

    def stated_differences(self, after: date | None, until: date) -> list[StatedDifference]:
        """Reports in (after, until] whose stated change differs from the computed one."""
        found, dates = self._stated_differences
        lo = 0 if after is None else bisect.bisect_right(dates, after)
        hi = bisect.bisect_right(dates, until)
        return list(found[lo:hi])

    def decreases(self, after: date | None, until: date) -> list[Decrease]:
        """Decreases reported in (after, until]: corrections inside a compared period."""
        found, dates = self._decreases
        lo = 0 if after is None else bisect.bisect_right(dates, after)
        hi = bisect.bisect_right(dates, until)
        return list(found[lo:hi])
