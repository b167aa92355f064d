"""Which figure to publish where transcriptions of one report disagree, decided by evidence.

Every source is somebody's transcription of the General Staff's morning report, and on about one
date in a dozen two of them differ. Which one is listed first says nothing about which one is
right; the evidence the store already holds usually does. A careful data editor with the files
side by side checks, in this order (`RULES`):

1. `primary`: the General Staff's own post, where it was read (`bot.sources.genstaff`), is the
   report itself.
2. `stated_change`: the candidate whose change from the previous report's published figure is a
   change the report itself states (russianwarship.rip's `increase`, the rise in an orc-losses
   link, the post's "(+1160)"), or that change plus a correction the General Staff published.
3. `next_stated_change`: the candidate from which the next report's published figure gives the
   change the next report states.
4. `repeated_record`: a candidate whose transcription repeats the previous report (every
   category equal, or this one equal while a rise is stated) loses.
5. `uncorrected_fall`: a candidate that makes the total fall, on its day or the next, where the
   General Staff published no correction, loses.
6. `majority`: the value most transcriptions give.
7. Otherwise `undecided`: the first in the order of preference is used for arithmetic, and every
   sentence says that the transcriptions disagree instead of stating it.

Decisions chain: a neighbour decided by evidence is evidence in turn, so a 39-day run where one
transcription is one helicopter ahead is decided where the run ends, and back from there. The
strongest evidence is followed first (rule 2 everywhere before rule 3 anywhere), so a weak rule
never decides a figure that stronger evidence reaches a step later. Pure: everything is passed in.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from bot.core.flags import Flag, flag
from bot.core.reports import History, Report

PRIMARY = frozenset({"genstaff"})  # transcriptions that are the General Staff's own text
EVIDENCE = ("stated_change", "next_stated_change", "repeated_record", "uncorrected_fall")
RULES = ("primary", *EVIDENCE, "majority", "undecided")
ONE_DAY = timedelta(days=1)

# date -> category -> transcription -> value (a figure, or a change a report states)
Figures = Mapping[date, Mapping[str, Mapping[str, int]]]


@dataclass(frozen=True)
class Decision:
    """One disputed figure: every transcription's value, the one published, and why."""

    values: Mapping[str, int]
    value: int  # published: decided, or the first in the order of preference when undecided
    rule: str  # one of `RULES`

    @property
    def decided(self) -> bool:
        return self.rule != "undecided"


def most_given(values: Mapping[str, int], order: Sequence[str]) -> int:
    """The value most transcriptions give; a tie goes to the first of them in `order` (for
    the change a report states, which is a check, never decided by evidence)."""
    counts = Counter(values.values())
    most = max(counts.values())
    tied = [name for name, value in values.items() if counts[value] == most]
    return values[first_of(tied, order)]


def first_of(names: Iterable[str], order: Sequence[str]) -> str:
    """The first of `names` in `order` (names it lacks after, alphabetically)."""
    rank = {name: i for i, name in enumerate(order)}
    return min(names, key=lambda n: (rank.get(n, len(rank)), n))


def decide(
    figures: Figures,
    stated: Figures,
    corrections: Mapping[tuple[date, str], int],
    order: Sequence[str],
) -> dict[tuple[date, str], Decision]:
    """A decision for every (date, category) of `figures` whose transcriptions disagree."""
    decisions: dict[tuple[date, str], Decision] = {}
    days: dict[str, list[date]] = {}  # per category, the dates that give it, oldest first
    split: dict[str, dict[date, dict[str, int]]] = {}  # per category, its disputed figures
    for day in sorted(figures):
        for key, by in figures[day].items():
            days.setdefault(key, []).append(day)
            if len(by) > 1 and _split(by):
                split.setdefault(key, {})[day] = dict(by)
    if not split:
        return decisions
    copies = repeats(figures, {day for disputed in split.values() for day in disputed})
    for key, disputed in sorted(split.items()):
        found = _Category(key, days[key], disputed, figures, stated, corrections, order, copies)
        decisions.update(found.decide())
    return decisions


def repeats(figures: Figures, days: Iterable[date] | None = None) -> set[tuple[date, str]]:
    """(date, transcription) of records of `days` (default: every day) that repeat the previous
    day's report: every figure equal to its own record of the day before, or to the figures all
    transcriptions agreed on then, in personnel and in at least four in five of the rest (a
    copy with a figure or two retyped). Never on a real new report:
    on the whole history only orc-losses' records of 27 Feb 2022 (its link: "for the three
    previous days, 24-26 February") and of 3 Nov 2024 (2 Nov's, every figure) do so."""
    found: set[tuple[date, str]] = set()
    for day in figures if days is None else days:  # only disputed days matter: 60 of 1,640
        before = figures.get(day - ONE_DAY)
        if not before:
            continue
        agreed = {c: next(iter(by.values())) for c, by in before.items() if not _split(by)}
        names = {n for by in figures[day].values() for n in by}
        for name in names:
            record = _record(figures, day, name)
            if len(record) < 3:
                continue
            if record == _record(figures, day - ONE_DAY, name) or _mostly(record, agreed):
                found.add((day, name))
    return found


def _mostly(record: Mapping[str, int], before: Mapping[str, int]) -> bool:
    """Personnel and four in five of the other figures as the day before: personnel rose
    every day of the war but seven rounded ones of March 2022, when the equipment moved."""
    shared = [c for c in record if c in before]
    same = sum(1 for c in shared if record[c] == before[c])
    headline = "personnel_units"
    return (
        len(shared) >= 3
        and record.get(headline) is not None
        and record.get(headline) == before.get(headline)
        and 5 * same >= 4 * len(shared)
    )


def _split(values: Mapping[str, int]) -> bool:
    """Whether the transcriptions of a figure disagree."""
    return len(set(values.values())) > 1


class _Category:
    """The decisions of one category, made together so that they can chain."""

    def __init__(
        self,
        key: str,
        days: list[date],
        disputed: dict[date, dict[str, int]],
        figures: Figures,
        stated: Figures,
        corrections: Mapping[tuple[date, str], int],
        order: Sequence[str],
        repeats: set[tuple[date, str]],
    ) -> None:
        self.key, self.days, self.figures, self.stated = key, days, figures, stated
        self.corrections, self.order, self.repeats = corrections, order, repeats
        self.open = disputed  # the candidates still standing, per disputed date
        self.found: dict[date, Decision] = {}

    def _known(self, day: date | None) -> int | None:
        """The settled figure of `day`: agreed by its transcriptions, or decided (None: no
        report, or a dispute not decided yet)."""
        if day is None:
            return None
        if day in self.open:
            found = self.found.get(day)
            return found.value if found is not None and found.decided else None
        values = self.figures.get(day, {}).get(self.key)
        return next(iter(values.values())) if values else None

    def decide(self) -> dict[tuple[date, str], Decision]:
        if not self.open:
            return {}
        for day, values in self.open.items():
            named = {n: v for n, v in values.items() if n in PRIMARY}
            if len(set(named.values())) == 1:
                self._settle(day, next(iter(named.values())), "primary")
        for depth in range(1, len(EVIDENCE) + 1):
            self._follow(EVIDENCE[:depth])
        for day in list(self._undecided()):
            counts = Counter(self.open[day].values()).most_common(2)
            if len(counts) == 1 or counts[0][1] > counts[1][1]:
                self._settle(day, counts[0][0], "majority")
        self._follow(EVIDENCE)  # a majority is evidence for its neighbours too
        for day in self._undecided():
            values = self.figures[day][self.key]
            standing = self.open[day]
            chosen = standing[first_of(standing, self.order)]
            self.found[day] = Decision(dict(values), chosen, "undecided")
        return {(day, self.key): found for day, found in self.found.items()}

    def _undecided(self) -> list[date]:
        return [day for day in self.open if day not in self.found]

    def _settle(self, day: date, value: int, rule: str) -> None:
        self.found[day] = Decision(dict(self.figures[day][self.key]), value, rule)

    def _follow(self, rules: Sequence[str]) -> None:
        """Apply `rules` until nothing more is decided, forwards and backwards in turn, so a
        decision reaches along a run in one pass."""
        forwards = True
        while True:
            days = self._undecided()
            progress = False
            for day in days if forwards else reversed(days):
                for rule in rules:
                    chosen = self._apply(rule, day)
                    if chosen is not None:
                        self._settle(day, chosen, rule)
                        progress = True
                        break
            if not progress:
                return
            forwards = not forwards

    def _apply(self, rule: str, day: date) -> int | None:
        """The value `rule` decides for `day`, or None; a rule that rules out a candidate
        removes it for the rules after it."""
        standing = self.open[day]
        if rule == "stated_change":
            return _one(v for v in set(standing.values()) if self._gives_stated(day, v))
        if rule == "next_stated_change":
            after = self._neighbour(day, +1)
            then = self._known(after) if after == day + ONE_DAY else None
            if after is None or then is None:
                return None
            return _one(v for v in set(standing.values()) if self._gives_stated(after, then, v))
        losers = self._repeated(day) if rule == "repeated_record" else self._falls(day)
        kept = {n: v for n, v in standing.items() if v not in losers}
        if kept and len(kept) < len(standing):
            self.open[day] = kept
            if len(set(kept.values())) == 1:
                return next(iter(kept.values()))
        return None

    def _neighbour(self, day: date, step: int) -> date | None:
        i = bisect.bisect_left(self.days, day) + step
        return self.days[i] if 0 <= i < len(self.days) else None

    def _gives_stated(self, day: date, value: int, before: int | None = None) -> bool:
        """Whether `value` on `day`, counted from `before` (default: the previous day's settled
        figure), gives a change the report of `day` states, with or without its correction."""
        said = set(self.stated.get(day, {}).get(self.key, {}).values())
        if not said:
            return False
        if before is None:
            previous = self._neighbour(day, -1)
            before = self._known(previous) if previous == day - ONE_DAY else None
            if before is None:
                return False
        change = value - before
        return change in said or change - self.corrections.get((day, self.key), 0) in said

    def _repeated(self, day: date) -> set[int]:
        """Values of transcriptions whose record repeats the previous report's (`repeats`), or
        whose figure does while the report states a rise."""
        previous = day - ONE_DAY
        rise = any(v != 0 for v in self.stated.get(day, {}).get(self.key, {}).values())
        settled = self._known(previous)
        losers = set()
        for name, value in self.open[day].items():
            own = self.figures.get(previous, {}).get(self.key, {}).get(name)
            if (day, name) in self.repeats or (rise and value in (own, settled)):
                losers.add(value)
        return losers

    def _falls(self, day: date) -> set[int]:
        """Values that make the total fall from the previous report, or the next report fall
        from them, where the General Staff published no correction."""
        losers = set()
        before = self._known(self._neighbour(day, -1))
        after = self._neighbour(day, +1)
        then = self._known(after)
        for value in set(self.open[day].values()):
            if before is not None and value < before and not self._corrected(day):
                losers.add(value)
            if then is not None and then < value and not self._corrected(after):
                losers.add(value)
        return losers

    def _corrected(self, day: date | None) -> bool:
        """Whether the General Staff published a correction of this category on the day."""
        return day is not None and bool(self.corrections.get((day, self.key)))


def _record(figures: Figures, day: date, name: str) -> dict[str, int]:
    """One transcription's whole record of a day."""
    return {c: by[name] for c, by in figures.get(day, {}).items() if name in by}


def _one(values: Iterable[int]) -> int | None:
    found = set(values)
    return found.pop() if len(found) == 1 else None


def corrections_by_day(items: Iterable[tuple[date, str, int]]) -> dict[tuple[date, str], int]:
    """The General Staff's corrections, net per (date, category)."""
    net: dict[tuple[date, str], int] = {}
    for day, key, value in items:
        net[(day, key)] = net.get((day, key), 0) + value
    return net


def dispute_flag(history: History, report: Report, key: str) -> Flag:
    """The `transcriptions_disagree` flag of one disputed figure: every value, the published
    one, the rule that decided it (`decided_by`) and the evidence its sentence states."""
    values = dict(report.disputed[key])
    rule = report.decided.get(key, "undecided")
    published = report.totals.get(key)
    evidence: dict[str, Any] = {}
    form = rule if rule in RULES else "undecided"
    if rule == "stated_change":
        if key in report.stated:
            evidence["stated"] = report.stated[key].value
        else:  # decided by a statement no longer the one most transcriptions give
            form = "stated_change_unnamed"
    elif rule == "next_stated_change":
        after = history.after(report.date)
        if after is not None and key in after.stated:
            evidence.update(next=after, stated=after.stated[key].value)
        else:
            form = "next_stated_change_unnamed"
    elif rule == "repeated_record":
        evidence["losers"] = tuple(sorted(n for n, v in values.items() if v != published))
    elif rule == "uncorrected_fall":
        evidence["others"] = tuple(sorted({v for v in values.values() if v != published}))
    return flag(
        "transcriptions_disagree",
        key,
        f"disagree_{form}",
        report=report,
        values=values,
        published=published,
        decided_by=rule,
        **evidence,
    )


def undecided(report: Report, key: str) -> tuple[int, ...]:
    """The values of a figure no evidence decided, lowest first; () where it is decided or
    agreed, so a sentence can state it."""
    if report.decided.get(key, "undecided") != "undecided" or key not in report.disputed:
        return ()
    return tuple(sorted(set(report.disputed[key].values())))


def published_report(
    report: Report,
    figures: Figures,
    decisions: Mapping[tuple[date, str], Decision],
    order: Sequence[str],
) -> Report:
    """The report as published: every category any transcription gives, at its agreed or
    decided value, named after the first transcription (in `order`) that gave the date."""
    on = figures.get(report.date, {})
    totals = {
        category: decisions[(report.date, category)].value
        if (report.date, category) in decisions
        else next(iter(values.values()))
        for category, values in on.items()
    }
    givers = {name for values in on.values() for name in values}
    source = first_of(givers, order) if givers else report.source
    return replace(report, totals=totals or dict(report.totals), source=source)
