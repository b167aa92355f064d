"""The change between two reports, per category, with the flags a reporter must see.

Never invents a number: a category absent from either report has no change, only a `missing`
flag. A total that went down is kept as reported and flagged as a correction. Pure code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.categories import category, ordered
from bot.formatting import fmt_change, fmt_date, fmt_int, fmt_report
from bot.reports import Decrease, History, Report

AUTHORITY = "General Staff of the Armed Forces of Ukraine"
QUALIFIER_WORDS = {"about": "about", "more": "more than", "more than": "more than"}


@dataclass(frozen=True)
class Flag:
    kind: str  # decrease | correction | revised | qualifier | missing | gap
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

    @property
    def source(self) -> str:
        feeds = dict.fromkeys(r.source for r in (self.base, self.report) if r is not None)
        return f"{AUTHORITY} (data via {' and '.join(feeds)})"


def compare_reports(
    history: History,
    base: Report | None,
    report: Report,
    categories: Sequence[str] = (),
    gap_flags: Sequence[Flag] = (),
) -> Comparison:
    """Change and flags from `base` (exclusive) to `report` (inclusive)."""
    base_totals = base.totals if base is not None else {}
    shown = tuple(categories) or tuple(ordered([*base_totals, *report.totals]))
    change: dict[str, int] = {}
    flags: list[Flag] = list(gap_flags)
    for key in shown:
        label = category(key).plural
        now = report.totals.get(key)
        before = base_totals.get(key, 0 if base is None else None)
        if now is None or before is None:
            where = [r for r, v in ((base, before), (report, now)) if v is None and r is not None]
            named = " and ".join(fmt_report(r) for r in where)
            flags.append(Flag("missing", f"No figure for {label} in the report of {named}.", key))
            continue
        change[key] = now - before
        if now < before:
            flags.append(
                Flag(
                    "decrease",
                    f"The {label} total went down from {fmt_int(before)} to {fmt_int(now)}: "
                    "the General Staff corrected an earlier figure.",
                    key,
                )
            )
    flags += _corrections_inside(history, base, report, change)
    flags += _revisions(base, report, change)
    flags += _qualifiers(report, change)
    return Comparison(base, report, shown, change, tuple(flags))


def _corrections_inside(
    history: History, base: Report | None, report: Report, change: dict[str, int]
) -> list[Flag]:
    """One flag per category whose total went down somewhere inside the period."""
    # With one step between the reports, the net change already shows the decrease.
    if base is not None and history.before(report.date) is base:
        return []
    by_key: dict[str, list[Decrease]] = {}
    for decrease in history.decreases(base.date if base is not None else None, report.date):
        if decrease.key in change:
            by_key.setdefault(decrease.key, []).append(decrease)
    flags = []
    for key, found in by_key.items():
        what = "a correction" if len(found) == 1 else f"{len(found)} corrections"
        flags.append(
            Flag(
                "correction",
                f"Includes {what} of {category(key).plural} by the General Staff: "
                + "; ".join(map(_decrease_note, found))
                + ".",
                key,
            )
        )
    return flags


@lru_cache(maxsize=4096)
def _decrease_note(decrease: Decrease) -> str:
    """ "30 Nov 2024, 3,700 → 3,617 (-83)": decreases are few and asked about often."""
    return (
        f"{fmt_date(decrease.date)}, {fmt_int(decrease.previous)} → {fmt_int(decrease.value)} "
        f"({fmt_change(decrease.change)})"
    )


def _revisions(base: Report | None, report: Report, change: dict[str, int]) -> list[Flag]:
    flags = []
    for r in (base, report):
        if r is None:
            continue
        for key, first in r.first_reported.items():
            if key in change:
                flags.append(
                    Flag(
                        "revised",
                        f"Revised figure: the report of {fmt_date(r.date)} first gave "
                        f"{category(key).plural} as {fmt_int(first)}, "
                        f"now {fmt_int(r.totals[key])}.",
                        key,
                    )
                )
    return flags


def _qualifiers(report: Report, change: dict[str, int]) -> list[Flag]:
    flags = []
    for key, word in report.qualifiers.items():
        if key in change and key in report.totals:
            wording = QUALIFIER_WORDS.get(word, word)
            flags.append(
                Flag(
                    "qualifier",
                    f"The General Staff gives {category(key).plural} as "
                    f"“{wording} {fmt_int(report.totals[key])}”.",
                    key,
                )
            )
    return flags
