"""The change between two reports, per category, with the flags a reporter must see.

Never invents a number: a category absent from a report that had listed it before has no change,
only a `missing` flag. Before a category's first listing it counts from zero (`first_listed`);
across a series break the merged figure counts from the sum of its parts (`series_break`). A
total that went down is kept as reported and flagged; corrections the General Staff made inside
the period are named (`correction`). Totals are never adjusted. Flags are data
(`bot.core.flags`): their sentences are written by `bot.render.flags`. Pure code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.core.categories import PERSONNEL, ordered
from bot.core.disputes import dispute_flag, undecided
from bot.core.flags import Flag, flag
from bot.core.reports import Correction, Decrease, History, Report, StatedDifference
from bot.core.series_breaks import break_into, merged_away

if TYPE_CHECKING:
    from bot.core.claims import Claim
    from bot.core.economist import ModelEstimate
    from bot.core.oryx import OryxSnapshot

MAX_NAMED_CORRECTIONS = 3  # past this, corrections are counted, not named


@dataclass(frozen=True)
class Span:
    """A figure of the comparison that no evidence decided: the totals and changes its
    transcriptions give, lowest and highest, and the report whose transcriptions disagree.
    A sentence gives both ends, never one as fact."""

    totals: tuple[int, int]
    change: tuple[int, int]
    report: Report


@dataclass(frozen=True)
class Comparison:
    """Two reports compared. `base` None means "from zero, the start of the invasion"."""

    base: Report | None
    report: Report
    categories: tuple[str, ...]
    change: dict[str, int]
    flags: tuple[Flag, ...]
    # The figures the change is computed between: the report's totals (0 for a category not
    # listed yet) and what it counts from (a sum across a series break, 0 before a listing).
    totals: dict[str, int] = field(default_factory=dict)
    counted_from: dict[str, int] = field(default_factory=dict)
    lang: str = "en"  # the question's language: the answer is written in it
    # The comparison describes one report: the report against the one just before it.
    one_report: bool = False
    # Other parties' claims to cite beside the figures (made on or before the report's date).
    context: tuple[Claim, ...] = ()
    # Oryx's visually confirmed counts for the categories shown, as of the report's date.
    confirmed: OryxSnapshot | None = None
    # Per category, the part of the change the General Staff published as corrections of
    # earlier figures (net) and how many they were, so the sentence itself can say so.
    corrected: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Estimates of the report's day published later (or when is not known): cited apart.
    later: tuple[Claim, ...] = ()
    # The Economist's model for the report's day (its newest fit): an independent estimate.
    modelled: tuple[ModelEstimate, ...] = ()
    # Figures no evidence decided between transcriptions (`bot.core.disputes`), per category.
    uncertain: dict[str, Span] = field(default_factory=dict)
    # Per category with no change, a report of the period that states a rise: (report, rise).
    stated_rise: dict[str, tuple[Report, int]] = field(default_factory=dict)
    # Categories whose total fell in the period where the General Staff published no
    # correction and not every transcription shows the fall: never called a correction.
    unexplained: frozenset[str] = frozenset()
    # Every line of context (`/losses … context`), not the five `pick_context` chooses.
    all_context: bool = False

    @property
    def feeds(self) -> tuple[str, ...]:
        """The sources (transcriptions) the two reports came from, in order, each once."""
        reports = [r for r in (self.base, self.report) if r is not None]
        return tuple(dict.fromkeys(n for r in reports for n in (r.transcriptions or (r.source,))))


def compare_reports(
    history: History,
    base: Report | None,
    report: Report,
    categories: Sequence[str] = (),
    gap_flags: Sequence[Flag] = (),
    lang: str = "en",
) -> Comparison:
    """Change and flags from `base` (exclusive) to `report` (inclusive)."""
    shown = tuple(categories) or _default_categories(base, report)
    change: dict[str, int] = {}
    totals: dict[str, int] = {}
    counted_from: dict[str, int] = {}
    uncertain: dict[str, Span] = {}
    flags: list[Flag] = list(gap_flags)
    falls = _falls(history, base, report, shown)
    unexplained = frozenset(k for k, found in falls.items() if not all(d.explained for d in found))
    for key in shown:
        now, now_flag = _now(history, report, key)
        before, before_flag = _baseline(history, base, report, key)
        if before_flag is not None:
            flags.append(before_flag)
        if now_flag is not None and now_flag != before_flag:  # the same flag once
            flags.append(now_flag)
        if now is not None:
            totals[key] = now
        if now is None or before is None:
            flags.append(_missing(history, base, report, key, now, before))
            continue
        change[key] = now - before
        counted_from[key] = before
        span = _span(base, report, key, now, before)
        if span is not None:
            uncertain[key] = span
        elif now < before:
            form = "decrease_unexplained" if key in unexplained else ""
            flags.append(flag("decrease", key, form, before=before, now=now))
    one_report = base is not None and history.before(report.date) is base
    flags += _corrections(history, base, report, change, one_report, falls)
    flags += _revisions(base, report, change)
    flags += _qualifiers(report, change)
    flags += _disputes(history, base, report, shown)
    flags += _stated(history, base, report, change)
    stated_rise = {
        key: found
        for key in change
        if change[key] == 0 and (found := _stated_rise(history, base, report, key)) is not None
    }
    context, later, modelled = _others(history, report, shown)
    confirmed = history.oryx.confirmed(report.date, shown) if history.oryx else None
    corrected = _corrected(history, base, report, change)
    return Comparison(base, report, shown, change, tuple(flags), totals, counted_from, lang,
                      one_report, context, confirmed, corrected, later, modelled, uncertain,
                      stated_rise, unexplained)  # fmt: skip


def _others(
    history: History, report: Report, shown: Sequence[str]
) -> tuple[tuple[Claim, ...], tuple[Claim, ...], tuple[ModelEstimate, ...]]:
    """Other parties' claims on the people lost, in force on the report's day and later, and
    The Economist's model. Each module is imported only for a history that holds its data:
    4 ms each of a cold `ask` otherwise."""
    if PERSONNEL not in shown:
        return (), (), ()
    context: tuple[Claim, ...] = ()
    later: tuple[Claim, ...] = ()
    if history.claims:
        from bot.core.claims import PEOPLE_METRICS, later_estimates, latest_claims

        people = (*PEOPLE_METRICS, PERSONNEL)
        context = tuple(latest_claims(history.claims, report.date, people))
        later = tuple(later_estimates(history.claims, report.date, people))
    if not history.models:
        return context, later, ()
    from bot.core.economist import model_estimates

    return context, later, tuple(model_estimates(history.models, report.date))


def _corrected(
    history: History, base: Report | None, report: Report, change: Mapping[str, int]
) -> dict[str, tuple[int, int]]:
    """The General Staff's corrections between the two reports, by category: their net and
    how many there were (a net of zero is no correction to mention)."""
    corrected: dict[str, tuple[int, int]] = {}
    for correction in history.corrections_in(base.date if base else None, report.date):
        if correction.key in change and base is not None:
            net, count = corrected.get(correction.key, (0, 0))
            corrected[correction.key] = (net + correction.value, count + 1)
    return {key: found for key, found in corrected.items() if found[0]}


def _span(base: Report | None, report: Report, key: str, now: int, before: int) -> Span | None:
    """The ends of a figure whose transcriptions disagree undecided, in either report."""
    then = undecided(base, key) if base is not None and key in base.totals else ()
    values = undecided(report, key)
    if not values and not then:
        return None
    values, then = values or (now,), then or (before,)
    # Both reports undecided: each transcription's own change where it gives both figures (a
    # transcription one helicopter ahead on both days changed by 0, not by -1 or +1).
    pairs = (
        {name: value - base.disputed[key][name]
         for name, value in report.disputed[key].items() if name in base.disputed[key]}
        if len(values) > 1 and len(then) > 1 and base is not None else {}
    )  # fmt: skip
    changes = list(pairs.values()) or [v - b for v in values for b in then]
    disputed = report if len(values) > 1 else base
    assert disputed is not None
    return Span((min(values), max(values)), (min(changes), max(changes)), disputed)


def _stated_rise(
    history: History, base: Report | None, report: Report, key: str
) -> tuple[Report, int] | None:
    """A report of the period that states a change its totals do not give (the report itself,
    or one found among the stated differences): "no new losses" would contradict it."""
    stated = report.stated.get(key)
    if stated is not None and stated.value:
        return report, stated.value
    for found in history.stated_differences(base.date if base else None, report.date):
        if found.key == key and found.stated.value:
            return found.report, found.stated.value
    return None


def _falls(
    history: History, base: Report | None, report: Report, shown: Sequence[str]
) -> dict[str, list[Decrease]]:
    """The totals that fell between two reports of the period, by category shown."""
    found: dict[str, list[Decrease]] = {}
    for decrease in history.decreases(base.date if base else None, report.date):
        if decrease.key in shown:
            found.setdefault(decrease.key, []).append(decrease)
    return found


def _default_categories(base: Report | None, report: Report) -> tuple[str, ...]:
    """Every category either report gives, less a series merged into another in the period."""
    keys = ordered([*(base.totals if base is not None else {}), *report.totals])
    if base is not None:
        keys = [
            k for k in keys if k in report.totals or merged_away(k, base.date, report.date) is None
        ]
    return tuple(keys)


def _first_listed_flag(first: Report, key: str, later: bool) -> Flag:
    form = "first_listed_later" if later else "first_listed"
    return flag("first_listed", key, form, report=first, total=first.totals[key])


def _now(history: History, report: Report, key: str) -> tuple[int | None, Flag | None]:
    """The report's figure: as given, or 0 when the category was first listed after it."""
    value = report.totals.get(key)
    if value is not None:
        return value, None
    first = history.first_listing(key)
    if first is not None and first.date > report.date:
        return 0, _first_listed_flag(first, key, True)
    return None, None


def _baseline(
    history: History, base: Report | None, report: Report, key: str
) -> tuple[int | None, Flag | None]:
    """What the change counts from: the base's figure, a sum across a series break, or 0."""
    if base is None:
        return 0, None  # from the start of the invasion
    merge = break_into(key, base.date, report.date)
    if merge is not None:
        parts = [(m, base.totals.get(m)) for m in merge.members]
        common = {"on": merge.on, "members": merge, "into": merge.into, "base": base}
        absent = tuple(m for m, v in parts if v is None)
        if absent:
            return None, flag("series_break", key, "series_break_missing", absent=absent, **common)
        values = tuple(v for _, v in parts if v is not None)
        total = sum(values)
        return total, flag("series_break", key, parts=values, sum=total, **common)
    value = base.totals.get(key)
    if value is not None:
        return value, None
    first = history.first_listing(key)
    if first is not None and first.date > base.date:
        return 0, _first_listed_flag(first, key, first.date > report.date)
    return None, None


def _missing(
    history: History,
    base: Report | None,
    report: Report,
    key: str,
    now: int | None,
    before: int | None,
) -> Flag:
    where = tuple(r for r, v in ((base, before), (report, now)) if v is None and r is not None)
    merge = merged_away(key, base.date, report.date) if base is not None else None
    last = history.last_listing(key)
    if now is None and merge is not None:
        return flag("missing", key, "missing_merged", reports=where, on=merge.on, into=merge.into)
    if now is None and last is not None and last.date < report.date:
        return flag("missing", key, "missing_dropped", reports=where, last=last)
    return flag("missing", key, reports=where)


def _corrections(
    history: History,
    base: Report | None,
    report: Report,
    change: dict[str, int],
    one_report: bool,
    falls: Mapping[str, list[Decrease]],
) -> list[Flag]:
    """One flag per category whose change contains corrections by the General Staff: those it
    published (the correction file) and, over several reports, totals that went down where
    every transcription shows it (a fall only some show is a `decrease_unexplained`)."""
    after = base.date if base is not None else None
    known: dict[str, list[Correction]] = {}
    for correction in history.corrections_in(after, report.date):
        if correction.key in change:
            known.setdefault(correction.key, []).append(correction)
    # With one step between the reports, the net change (and its `decrease` flag) shows a fall.
    named: dict[str, list[Decrease]] = {}
    if not one_report:
        for key, found in falls.items():
            for decrease in found:
                same = any(_same_event(c, decrease) for c in known.get(key, []))
                if decrease.explained and not same:
                    named.setdefault(key, []).append(decrease)
    return [
        _correction_flag(key, known.get(key, []), named.get(key, []))
        for key in change
        if key in known or key in named
    ]


def _same_event(correction: Correction, fall: Decrease) -> bool:
    """A fall is the published correction of its day, or of the day before (the dataset dates
    the tanks' -5 of May 2023 on the 27th; the total fell on the 28th): one event, not two."""
    before = (fall.date - correction.date).days
    return before in (0, 1) and (before == 0 or correction.value < 0)


def _correction_flag(key: str, known: list[Correction], falls: list[Decrease]) -> Flag:
    if len(known) == 1 and not falls:
        only = known[0]
        return flag("correction", key, "correction_one", change=only.value, on=only.date)
    if len(falls) == 1 and not known:
        fall = falls[0]
        return flag(
            "correction",
            key,
            "correction_fall",
            before=fall.previous,
            now=fall.value,
            on=fall.date,
        )
    items: list[Correction | Decrease] = sorted([*known, *falls], key=lambda item: item.date)
    if len(items) > MAX_NAMED_CORRECTIONS:  # counted, not named
        net = sum(i.value if isinstance(i, Correction) else i.change for i in items)
        return flag(
            "correction",
            key,
            "correction_many" if net else "correction_many_cancel",
            count=len(items),
            first=items[0].date,
            last=items[-1].date,
            net=net,
        )
    return flag("correction", key, "correction_some", items=tuple(items))


def _revisions(base: Report | None, report: Report, change: dict[str, int]) -> list[Flag]:
    return [
        flag("revised", key, on=r.date, first=first, now=r.totals[key])
        for r in (base, report)
        if r is not None
        for key, first in r.first_reported.items()
        if key in change and key in r.totals
    ]


def _qualifiers(report: Report, change: dict[str, int]) -> list[Flag]:
    return [
        flag("qualifier", key, wording=word, total=report.totals[key])
        for key, word in report.qualifiers.items()
        if key in change and key in report.totals
    ]


def _stated(
    history: History, base: Report | None, report: Report, change: dict[str, int]
) -> list[Flag]:
    """Each report in the period whose own stated change of a category shown is not the change
    its totals give (both numbers); past a few in one category, counted."""
    by_key: dict[str, list[StatedDifference]] = {}
    for found in history.stated_differences(base.date if base is not None else None, report.date):
        if found.key in change:
            by_key.setdefault(found.key, []).append(found)
    flags: list[Flag] = []
    for key, found in by_key.items():
        if len(found) > MAX_NAMED_CORRECTIONS:
            flags.append(
                flag(
                    "stated_change_differs",
                    key,
                    "stated_change_differs_many",
                    count=len(found),
                    first=found[0].report.date,
                    last=found[-1].report.date,
                )
            )
            continue
        flags += [
            flag(
                "stated_change_differs",
                key,
                report=item.report,
                stated=item.stated.value,
                computed=item.computed,
                by=item.stated.by,
            )
            for item in found
        ]
    return flags


def _disputes(
    history: History, base: Report | None, report: Report, shown: Sequence[str]
) -> list[Flag]:
    """Each figure shown that the transcriptions of its report disagree on, with every value,
    the published one and why it is published (`bot.core.disputes`)."""
    return [
        dispute_flag(history, r, key)
        for r in (base, report)
        if r is not None
        for key in shown
        if key in r.disputed
    ]
