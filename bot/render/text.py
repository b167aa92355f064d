"""Plain-text answers: the copy-ready sentence, the table, the notes and the attribution, in the
language of the question.

Slack's Block Kit rendering reuses `headline` and `table_rows`, so a sentence reads the same
wherever it appears. Pure string composition.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.categories import category
from bot.core.delta import Comparison, Span
from bot.core.reports import History
from bot.core.series import period_reports
from bot.core.war import WAR_START
from bot.render.context import (
    claim_sentence,
    later_sentence,
    model_line,
    oryx_sentence,
    shown_claims,
)
from bot.render.directions import directions_sentence
from bot.render.flags import flag_text
from bot.render.wording import wording

Row = tuple[str, str, str]


def lead_category(comparison: Comparison) -> str:
    """The category the sentence is about: the first asked for; personnel leads by default."""
    return comparison.categories[0]


def headline(comparison: Comparison, key: str | None = None) -> str:
    """One sentence a reporter can paste: who lost how many, between which reports."""
    words = wording(comparison.lang)
    key = key or lead_category(comparison)
    label = words.label(key)
    change = comparison.change.get(key)
    report = words.report(comparison.report)
    lost = category(key).lost
    span = comparison.uncertain.get(key)
    if span is not None:
        return _undecided(comparison, key, span)
    if comparison.base is None:
        if change is None:
            return words.say("no_figure_one", report=report, label=label)
        return words.say(
            "from_zero" if lost else "from_zero_taken",
            n=words.int(change),
            label=words.counted(key, change),
            start=words.date(WAR_START),
            report=report,
            authority=words.authority,
        )
    between = words.say("between", base=words.report(comparison.base), report=report)
    if change is None:
        return words.say("no_figure_two", base=words.report(comparison.base), report=report,
                         label=label)  # fmt: skip
    total = words.int(comparison.totals[key])
    if change > 0:
        return words.say(
            "lost" if lost else "taken",
            n=words.int(change),
            label=words.counted(key, change),
            between=between + corrected_clause(comparison, key),
            total=total,
            authority=words.authority,
        )
    rise = comparison.stated_rise.get(key)
    if change == 0 and rise is not None:
        return words.say(
            "none_new_stated",
            label=label,
            between=between,
            total=total,
            stated_report=words.report(rise[0]),
            stated=words.change(rise[1]),
        )
    template = "none_new" if change == 0 else "went_down"
    if change < 0 and key in comparison.unexplained:
        template = "went_down_unexplained"
    return words.say(
        template,
        n=words.int(-change),
        label=label,
        between=between,
        total=total,
        authority=words.authority,
    )


def _undecided(comparison: Comparison, key: str, span: Span) -> str:
    """The sentence for a figure no evidence decided: both ends, never one as fact."""
    words = wording(comparison.lang)
    low, high = span.totals
    total = (
        words.say("undecided_total", low=words.int(low), high=words.int(high))
        if low != high
        else words.int(low)
    )
    common = {"disputed": words.report(span.report), "label": words.label(key), "total": total}
    if comparison.base is None:
        return words.say("undecided_from_zero", start=words.date(WAR_START), **common)
    between = words.say(
        "between", base=words.report(comparison.base), report=words.report(comparison.report)
    )
    low_n, high_n = span.change
    if low_n == high_n:  # each transcription gives the same change: only the total is open
        return words.say("undecided_one", between=between, n=words.int(low_n), **common)
    return words.say(
        "undecided", between=between, low_n=words.int(low_n), high_n=words.int(high_n), **common
    )


def corrected_clause(comparison: Comparison, key: str) -> str:
    """ ", of which 1,650 is a correction by the General Staff": in the sentence itself, so a
    pasted sentence never passes a correction off as new losses."""
    net, count = comparison.corrected.get(key, (0, 0))
    if not net:
        return ""
    words = wording(comparison.lang)
    part = 0 < net <= comparison.change.get(key, 0)  # a part of what was lost; else it reduced it
    form = ("of_which_correction" if part else "after_correction") + ("s" if count > 1 else "")
    return words.say(form, n=words.int(net), change=words.change(net), count=count,
                     count_of=words.count_of(count))  # fmt: skip


def directions_line(comparison: Comparison) -> str | None:
    """Where most losses were, for an answer that describes one report that says so."""
    directions = comparison.report.directions
    if not comparison.one_report or not directions:
        return None
    return directions_sentence(directions, wording(comparison.lang))


def claim_lines(comparison: Comparison) -> list[str]:
    """What others say, below the General Staff's figure, each attributed and dated: by
    default at most five lines (`shown_claims`: each group's latest claim said by then, The
    Economist's interval, Oryx's count); with `context`, every claim and the estimates of the
    day published later."""
    words = wording(comparison.lang)
    on = comparison.report.date
    lines = [claim_sentence(claim, words, on) for claim in shown_claims(comparison)]
    model = model_line(comparison.modelled, words)
    confirmed = comparison.confirmed
    oryx = oryx_sentence(confirmed, words) if confirmed is not None else None
    lines += [line for line in (model, oryx) if line]
    if comparison.all_context:
        lines += [later_sentence(claim, words) for claim in comparison.later]
    return lines


def table_rows(comparison: Comparison, keys: Sequence[str] | None = None) -> list[Row]:
    """(category, change, total) per category, in `keys` order (default: the comparison's);
    "missing" where a report has no figure."""
    words = wording(comparison.lang)
    missing = words.say("missing_cell")
    rows = []
    for key in comparison.categories if keys is None else keys:
        total, delta = comparison.totals.get(key), comparison.change.get(key)
        span = comparison.uncertain.get(key)
        if span is not None:  # undecided: both ends, as the sentence gives them
            rows.append((words.label(key), _ends(span.change, words.change),
                         _ends(span.totals, words.int)))  # fmt: skip
            continue
        rows.append(
            (
                words.label(key),
                missing if delta is None else words.change(delta),
                missing if total is None else words.int(total),
            )
        )
    return rows


def _ends(ends: tuple[int, int], say: Callable[[int], str]) -> str:
    """ "+1,160–2,320": a range in a table cell, or one figure where both ends meet."""
    low, high = ends
    return say(low) if low == high else f"{say(low)}–{say(high).lstrip('+')}"


def render_table(comparison: Comparison, keys: Sequence[str] | None = None) -> str:
    """A fixed-width table, for a terminal or a Slack code block."""
    words = wording(comparison.lang)
    heading = (words.say("col_category"), words.say("col_change"), words.say("col_total"))
    rows = [heading, *table_rows(comparison, keys)]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    return "\n".join(f"{a.ljust(w0)}  {b.rjust(w1)}  {c.rjust(w2)}" for a, b, c in rows)


def reports_caption(comparison: Comparison, history: History, form: str) -> str:
    """Who gave the figures and the reports a chart or a file holds (`form`: the chart's own
    caption, or the one posted with a file)."""
    words = wording(comparison.lang)
    reports = period_reports(history, comparison)
    return words.say(
        form,
        source=words.source(comparison.feeds),
        first=words.report(reports[0]),
        last=words.report(reports[-1]),
    )


def attribution(comparison: Comparison) -> str:
    words = wording(comparison.lang)
    reports = [r for r in (comparison.base, comparison.report) if r is not None]
    links = "; ".join(f"{words.report(r)}: {r.url}" for r in reports if r.url)
    text = words.say("attribution", source=words.source(comparison.feeds))
    return text + (words.say("original_posts", links=links) if links else "")


def render_text(comparison: Comparison) -> str:
    words = wording(comparison.lang)
    where = directions_line(comparison)
    parts = [headline(comparison), *([where] if where else []), *claim_lines(comparison)]
    parts += ["", render_table(comparison)]
    if comparison.flags:
        parts += [
            "",
            *(words.say("note", text=flag_text(flag, words)) for flag in comparison.flags),
        ]
    parts += ["", attribution(comparison)]
    return "\n".join(parts)
