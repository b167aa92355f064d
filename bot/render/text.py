"""Plain-text answers: the copy-ready sentence, the table, the notes and the attribution.

Slack's Block Kit rendering reuses `headline` and `table_rows`, so a sentence reads the same
wherever it appears. Pure string composition.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.categories import category
from bot.delta import AUTHORITY, Comparison
from bot.formatting import fmt_change, fmt_date, fmt_int, fmt_report
from bot.reports import WAR_START

Row = tuple[str, str, str]


def lead_category(comparison: Comparison) -> str:
    """The category the sentence is about: the first asked for; personnel leads by default."""
    return comparison.categories[0]


def _between(comparison: Comparison) -> str:
    assert comparison.base is not None
    return (
        f"between the General Staff's reports of {fmt_report(comparison.base)} "
        f"and {fmt_report(comparison.report)}"
    )


def headline(comparison: Comparison, key: str | None = None) -> str:
    """One sentence a reporter can paste: who lost how many, between which reports."""
    key = key or lead_category(comparison)
    cat = category(key)
    change = comparison.change.get(key)
    report = fmt_report(comparison.report)
    if comparison.base is None:
        if change is None:
            return f"The report of {report} has no figure for {cat.plural}."
        return (
            f"Russia lost {fmt_int(change)} {cat.label(change)} since the start of the full-scale "
            f"invasion on {fmt_date(WAR_START)}, according to the report of {report} by the "
            f"{AUTHORITY}."
        )
    between = _between(comparison)
    if change is None:
        return f"The reports compared ({between}) have no figure for {cat.plural}."
    total = fmt_int(comparison.report.totals[key])
    if change > 0:
        return (
            f"Russia lost {fmt_int(change)} {cat.label(change)} {between}, bringing the total "
            f"to {total}, according to the {AUTHORITY}."
        )
    if change == 0:
        return (
            f"No new losses of {cat.plural} were reported {between}; the total remains {total}, "
            f"according to the {AUTHORITY}."
        )
    return (
        f"The reported total of {cat.plural} went down by {fmt_int(-change)} {between}, to "
        f"{total}: a correction by the {AUTHORITY}."
    )


def table_rows(comparison: Comparison, keys: Sequence[str] | None = None) -> list[Row]:
    """(category, change, total) per category, in `keys` order (default: the comparison's);
    "missing" where a report has no figure."""
    rows = []
    change, totals = comparison.change, comparison.report.totals
    for key in comparison.categories if keys is None else keys:
        total, delta = totals.get(key), change.get(key)
        rows.append(
            (
                category(key).plural,
                "missing" if delta is None else fmt_change(delta),
                "missing" if total is None else fmt_int(total),
            )
        )
    return rows


def render_table(comparison: Comparison, keys: Sequence[str] | None = None) -> str:
    """A fixed-width table, for a terminal or a Slack code block."""
    rows = [("category", "change", "total"), *table_rows(comparison, keys)]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    return "\n".join(f"{a.ljust(w0)}  {b.rjust(w1)}  {c.rjust(w2)}" for a, b, c in rows)


def attribution(comparison: Comparison) -> str:
    reports = [r for r in (comparison.base, comparison.report) if r is not None]
    links = "; ".join(f"{fmt_report(r)}: {r.url}" for r in reports if r.url)
    return f"Source: {comparison.source}." + (f" Original posts: {links}." if links else "")


def render_text(comparison: Comparison) -> str:
    parts = [headline(comparison), "", render_table(comparison)]
    if comparison.flags:
        parts += ["", *(f"Note: {flag.message}" for flag in comparison.flags)]
    parts += ["", attribution(comparison)]
    return "\n".join(parts)
