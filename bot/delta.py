"""The change between two reports, per category, with the flags a reporter must see.

Never invents a number: a category absent from a report that had listed it before has no change,
only a `missing` flag. Before a category's first listing it counts from zero (`first_listed`);
across a series break the merged figure counts from the sum of its parts (`series_break`). A
total that went down is kept as reported and flagged; corrections the General Staff made inside
the period are named (`correction`). Totals are never adjusted. Pure code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.categories import PERSONNEL, ordered
from bot.claims import PEOPLE_METRICS, Claim, latest_claims
from bot.oryx import OryxSnapshot
from bot.reports import Correction, Decrease, History, Report
from bot.series_breaks import break_into, merged_away
from bot.wording import Wording, wording

MAX_NAMED_CORRECTIONS = 3  # past this, corrections are counted, not named
QUALIFIERS = {"about": "about", "more": "more", "more than": "more"}  # word -> template


@dataclass(frozen=True)
class Flag:
    # decrease | correction | revised | qualifier | missing | gap | first_listed | series_break
    # | stale | partial
    kind: str
    message: str
    category: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "category": self.category, "message": self.message}


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
    lang: str = "en"
    # The comparison describes one report: the report against the one just before it.
    one_report: bool = False
    # Other parties' claims to cite beside the figures (made on or before the report's date).
    context: tuple[Claim, ...] = ()
    # Oryx's visually confirmed counts for the categories shown, as of the report's date.
    confirmed: OryxSnapshot | None = None

    @property
    def wording(self) -> Wording:
        return wording(self.lang)

    @property
    def source(self) -> str:
        feeds = dict.fromkeys(r.source for r in (self.base, self.report) if r is not None)
        words = self.wording
        return words.say("source", authority=words.authority, feeds=words.say("and").join(feeds))


def compare_reports(
    history: History,
    base: Report | None,
    report: Report,
    categories: Sequence[str] = (),
    gap_flags: Sequence[Flag] = (),
    lang: str = "en",
) -> Comparison:
    """Change and flags from `base` (exclusive) to `report` (inclusive)."""
    words = wording(lang)
    shown = tuple(categories) or _default_categories(base, report)
    change: dict[str, int] = {}
    totals: dict[str, int] = {}
    counted_from: dict[str, int] = {}
    flags: list[Flag] = list(gap_flags)
    for key in shown:
        now, now_flag = _now(history, report, key, words)
        before, before_flag = _baseline(history, base, report, key, words)
        if before_flag is not None:
            flags.append(before_flag)
        if now_flag is not None and now_flag != before_flag:  # the same flag once
            flags.append(now_flag)
        if now is not None:
            totals[key] = now
        if now is None or before is None:
            flags.append(_missing(history, base, report, key, now, before, words))
            continue
        change[key] = now - before
        counted_from[key] = before
        if now < before:
            flags.append(
                Flag(
                    "decrease",
                    words.say(
                        "decrease",
                        label=words.label(key),
                        before=words.int(before),
                        now=words.int(now),
                    ),
                    key,
                )
            )
    one_report = base is not None and history.before(report.date) is base
    flags += _corrections(history, base, report, change, words, one_report)
    flags += _revisions(base, report, change, words)
    flags += _qualifiers(report, change, words)
    context = (
        tuple(latest_claims(history.claims, report.date, (*PEOPLE_METRICS, PERSONNEL)))
        if PERSONNEL in shown
        else ()
    )
    confirmed = history.oryx.confirmed(report.date, shown) if history.oryx else None
    return Comparison(
        base,
        report,
        shown,
        change,
        tuple(flags),
        totals,
        counted_from,
        lang,
        one_report,
        context,
        confirmed,
    )


def _default_categories(base: Report | None, report: Report) -> tuple[str, ...]:
    """Every category either report gives, less a series merged into another in the period."""
    keys = ordered([*(base.totals if base is not None else {}), *report.totals])
    if base is not None:
        keys = [
            k for k in keys if k in report.totals or merged_away(k, base.date, report.date) is None
        ]
    return tuple(keys)


def _first_listed_flag(first: Report, key: str, later: bool, words: Wording) -> Flag:
    return Flag(
        "first_listed",
        words.say(
            "first_listed_later" if later else "first_listed",
            Label=words.title(key),
            label=words.label(key),
            report=words.report(first),
            total=words.int(first.totals[key]),
        ),
        key,
    )


def _now(
    history: History, report: Report, key: str, words: Wording
) -> tuple[int | None, Flag | None]:
    """The report's figure: as given, or 0 when the category was first listed after it."""
    value = report.totals.get(key)
    if value is not None:
        return value, None
    first = history.first_listing(key)
    if first is not None and first.date > report.date:
        return 0, _first_listed_flag(first, key, True, words)
    return None, None


def _baseline(
    history: History, base: Report | None, report: Report, key: str, words: Wording
) -> tuple[int | None, Flag | None]:
    """What the change counts from: the base's figure, a sum across a series break, or 0."""
    if base is None:
        return 0, None  # from the start of the invasion
    merge = break_into(key, base.date, report.date)
    if merge is not None:
        parts = [(m, base.totals.get(m)) for m in merge.members]
        members = merge.names.get(words.lang) or words.say("and").join(
            words.label(m) for m, _ in parts
        )
        common = {
            "on": words.date(merge.on),
            "members": members,
            "into": words.label(merge.into),
            "base": words.report(base),
        }
        absent = [m for m, v in parts if v is None]
        if absent:
            text = words.say(
                "series_break_missing", absent=", ".join(words.label(m) for m in absent), **common
            )
            return None, Flag("series_break", text, key)
        values = [v for _, v in parts if v is not None]
        total = sum(values)
        text = words.say(
            "series_break",
            parts=" + ".join(words.int(v) for v in values),
            sum=words.int(total),
            **common,
        )
        return total, Flag("series_break", text, key)
    value = base.totals.get(key)
    if value is not None:
        return value, None
    first = history.first_listing(key)
    if first is not None and first.date > base.date:
        return 0, _first_listed_flag(first, key, first.date > report.date, words)
    return None, None


def _missing(
    history: History,
    base: Report | None,
    report: Report,
    key: str,
    now: int | None,
    before: int | None,
    words: Wording,
) -> Flag:
    where = [r for r, v in ((base, before), (report, now)) if v is None and r is not None]
    named = words.say("and").join(words.report(r) for r in where)
    label = words.label(key)
    merge = merged_away(key, base.date, report.date) if base is not None else None
    last = history.last_listing(key)
    if now is None and merge is not None:
        text = words.say(
            "missing_merged",
            label=label,
            reports=named,
            on=words.date(merge.on),
            into=words.label(merge.into),
        )
    elif now is None and last is not None and last.date < report.date:
        text = words.say("missing_dropped", label=label, reports=named, last=words.report(last))
    else:
        text = words.say("missing", label=label, reports=named)
    return Flag("missing", text, key)


def _corrections(
    history: History,
    base: Report | None,
    report: Report,
    change: dict[str, int],
    words: Wording,
    one_report: bool,
) -> list[Flag]:
    """One flag per category whose change contains corrections by the General Staff: those it
    published (the correction file) and, over several reports, totals that went down."""
    after = base.date if base is not None else None
    known: dict[str, list[Correction]] = {}
    for correction in history.corrections_in(after, report.date):
        if correction.key in change:
            known.setdefault(correction.key, []).append(correction)
    # With one step between the reports, the net change (and its `decrease` flag) shows a fall.
    falls: dict[str, list[Decrease]] = {}
    if not one_report:
        for decrease in history.decreases(after, report.date):
            explained = any(c.date == decrease.date for c in known.get(decrease.key, []))
            if decrease.key in change and not explained:
                falls.setdefault(decrease.key, []).append(decrease)
    flags = []
    for key in [k for k in change if k in known or k in falls]:
        flags.append(
            Flag(
                "correction",
                _correction_text(key, known.get(key, []), falls.get(key, []), words),
                key,
            )
        )
    return flags


def _correction_text(
    key: str, known: list[Correction], falls: list[Decrease], words: Wording
) -> str:
    label = words.label(key)
    if len(known) == 1 and not falls:
        only = known[0]
        return words.say(
            "correction_one", label=label, change=words.change(only.value), on=words.date(only.date)
        )
    if len(falls) == 1 and not known:
        fall = falls[0]
        return words.say(
            "correction_fall",
            label=label,
            before=words.int(fall.previous),
            now=words.int(fall.value),
            on=words.date(fall.date),
        )
    items: list[tuple[date, int, Correction | Decrease]] = sorted(
        [(c.date, c.value, c) for c in known] + [(d.date, d.change, d) for d in falls],
        key=lambda item: item[0],
    )
    if len(items) > MAX_NAMED_CORRECTIONS:  # counted, not named: formatted only when shown
        return words.say(
            "correction_many",
            label=label,
            count=len(items),
            first=words.date(items[0][0]),
            last=words.date(items[-1][0]),
            net=words.change(sum(i[1] for i in items)),
        )
    named = [
        words.say("correction_item", change=words.change(item.value), on=words.date(item.date))
        if isinstance(item, Correction)
        else words.say(
            "decrease_item",
            before=words.int(item.previous),
            now=words.int(item.value),
            on=words.date(item.date),
        )
        for _, _, item in items
    ]
    return words.say("correction_some", label=label, items="; ".join(named))


def _revisions(
    base: Report | None, report: Report, change: dict[str, int], words: Wording
) -> list[Flag]:
    flags = []
    for r in (base, report):
        if r is None:
            continue
        for key, first in r.first_reported.items():
            if key in change and key in r.totals:
                text = words.say(
                    "revised",
                    on=words.date(r.date),
                    label=words.label(key),
                    first=words.int(first),
                    now=words.int(r.totals[key]),
                )
                flags.append(Flag("revised", text, key))
    return flags


def _qualifiers(report: Report, change: dict[str, int], words: Wording) -> list[Flag]:
    flags = []
    for key, word in report.qualifiers.items():
        if key in change and key in report.totals:
            said = words.say(QUALIFIERS[word]) if word in QUALIFIERS else word
            text = words.say(
                "qualifier",
                label=words.label(key),
                wording=said,
                total=words.int(report.totals[key]),
            )
            flags.append(Flag("qualifier", text, key))
    return flags
