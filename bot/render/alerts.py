"""The messages a channel gets when a report arrives or is corrected. Pure composition over
`History`; the alert is composed once, when the report is stored, and posted as composed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.categories import PERSONNEL, category, is_known
from bot.core.confirmation import undecided_figures
from bot.core.delta import Comparison, compare_reports
from bot.core.disputes import dispute_flag
from bot.core.freshness import DEFAULT_MARGIN, is_late
from bot.core.milestones import milestone_notes
from bot.core.records import largest_since
from bot.core.reports import History, Report, givers
from bot.core.series import recent_period
from bot.core.war import KYIV
from bot.render.blocks import (
    SlackMessage,
    alert_buttons,
    attribution_line,
    code,
    context,
    escape,
    header,
    section,
)
from bot.render.flags import flag_text
from bot.render.formatting import fmt_change, fmt_date, fmt_int, fmt_report
from bot.render.text import directions_line, render_table
from bot.render.wording import EN


def _lead(comparison: Comparison) -> str:
    if PERSONNEL in comparison.change and PERSONNEL in comparison.categories:
        return PERSONNEL
    return next(iter(comparison.change), comparison.categories[0])


def _largest_first(comparison: Comparison) -> list[str]:
    """Every category, largest changes first; missing figures last."""
    change = comparison.change
    return sorted(comparison.categories, key=lambda k: (k not in change, -change.get(k, 0)))


def compose_alert(
    history: History,
    report: Report,
    categories: Sequence[str] = (),
    arrived: datetime | None = None,
    late_after: timedelta = DEFAULT_MARGIN,
    unconfirmed: str | None = None,
    corrected: Sequence[tuple[str, int | None, int]] = (),
    confirmations: int = 1,
    approved_by: str | None = None,
) -> SlackMessage:
    """The alert for a new report. One that `arrived` later than `late_after` after its date
    (a source that filled a gap, a bot that was down) says so first: it is not today's news.
    One sent before a second transcription agreed says that first (`unconfirmed_line`); one
    edited after its figures changed (`corrected`: category, was, now) names what changed; one
    an editor approved (`approved_by`, a Slack user id) says who, beside its attribution."""
    base = history.before(report.date)
    comparison = compare_reports(history, base, report, categories)
    # Confirmation covers every figure shown: one fewer transcriptions give than
    # `confirmations` is marked; a category we do not know is left out until another gives it.
    lonely = {k: givers(report, k) for k in report.totals}
    lonely = {k: names for k, names in lonely.items() if len(names) < confirmations}
    hidden = [k for k in comparison.categories if k in lonely and not is_known(k)]
    if hidden:
        keys = [k for k in comparison.categories if k not in hidden]
        comparison = compare_reports(history, base, report, keys)
    late = arrived is not None and is_late(report, arrived, late_after)
    text = _text(report, _summary(comparison, base), arrived if late else None, unconfirmed,
                 corrected)  # fmt: skip
    where = directions_line(comparison)
    if where:
        text = f"{text}. {where.removesuffix('.')}"
    # One header, the labels in the order the text gives them: "Unconfirmed, corrected, late
    # General Staff report: …"; none: "New General Staff report: …".
    flags = (("unconfirmed", unconfirmed is not None), ("corrected", bool(corrected)),
             ("late", late))  # fmt: skip
    labels = [word for word, on in flags if on]
    named = ", ".join(labels).capitalize() if labels else "New"
    blocks = [
        header(f"{named} General Staff report: {fmt_report(report)}"),
        section(escape(text) + "."),
        code(render_table(comparison, _largest_first(comparison))),
    ]
    lines = _notes(history, comparison, base, report, lonely)
    if lines:
        blocks.append(context(*lines))
    approved = [f"Approved by <@{approved_by}>."] if approved_by else []
    blocks.append(context(attribution_line(comparison, [base, report]), *approved))
    chart = " ".join([*categories, recent_period(history, report.date)])
    return alert_buttons(SlackMessage(escape(text), blocks), chart)


def _text(
    report: Report,
    summary: str,
    late: datetime | None,
    unconfirmed: str | None,
    corrected: Sequence[tuple[str, int | None, int]],
) -> str:
    """The alert's sentence: what is unconfirmed, then what was corrected, then the report
    (`late`: when a late report arrived)."""
    text = f"New General Staff report, {fmt_report(report)}: {summary}"
    if late is not None:
        on = fmt_date(late.astimezone(KYIV).date())
        text = (
            f"Late: the report of {fmt_report(report)} arrived on {on}. General Staff report, "
            f"{fmt_report(report)}: {summary}"
        )
    if corrected:
        changes = "; ".join(
            f"{category(key).plural} {fmt_int(new)}"
            + (f" (was {fmt_int(old)})" if old is not None else "")
            for key, old, new in corrected
        )
        text = f"Corrected: {changes}. {text}"
    return f"Unconfirmed: {unconfirmed}. {text}" if unconfirmed is not None else text


def _summary(comparison: Comparison, base: Report | None) -> str:
    """The lead category's change in one clause: never one value as fact where it is disputed,
    never "no new losses" where the report states a rise."""
    lead = _lead(comparison)
    label = category(lead)
    change = comparison.change.get(lead)
    total = comparison.totals.get(lead)
    since = (
        f"since the previous report of {fmt_report(base)}"
        if base is not None
        else "since the start of the invasion"
    )
    span = comparison.uncertain.get(lead)
    if change is None or total is None:
        return f"no figure for {label.plural} in this report"
    if span is not None:  # never one value as fact: both ends
        (low_n, high_n), (low, high) = span.change, span.totals
        now = f"between {fmt_int(low)} and {fmt_int(high)}" if low != high else fmt_int(low)
        lost = (
            f"between {fmt_int(low_n)} and {fmt_int(high_n)}" if low_n != high_n else fmt_int(low_n)
        )
        return f"transcriptions disagree on {label.plural}: {lost} {since}; total {now}"
    if change == 0 and lead in comparison.stated_rise:
        stated = comparison.stated_rise[lead][1]
        return (
            f"the {label.plural} total is {fmt_int(total)} as in the previous report, though "
            f"this report states {fmt_change(stated)}"
        )
    if change < 0 and lead in comparison.unexplained:
        return (
            f"the {label.plural} total the transcriptions give went down by {fmt_int(-change)} "
            f"{since}, to {fmt_int(total)}, with no correction by the General Staff"
        )
    if change >= 0 and not label.lost:
        return f"{fmt_int(change)} {label.label(change)} taken {since}; total {fmt_int(total)}"
    if change >= 0:
        return (
            f"Russia lost {fmt_int(change)} {label.label(change)} {since}; total {fmt_int(total)}"
        )
    return f"the {label.plural} total went down by {fmt_int(-change)} {since}, to {fmt_int(total)}"


def _notes(
    history: History,
    comparison: Comparison,
    base: Report | None,
    report: Report,
    lonely: dict[str, tuple[str, ...]],
) -> list[str]:
    """The alert's footnotes: flags, milestones, records, figures only one source gives."""
    shown = set(comparison.categories)
    notes = [f for f in comparison.flags if f.kind != "qualifier"]
    if base is not None:
        crossed = milestone_notes(dict(base.totals), dict(report.totals))
        notes += [f for f in crossed if f.category in shown]
    notes += [f for f in largest_since(history, report) if f.category in shown]
    lines = [f"• {escape(flag_text(n, EN))}" for n in notes]
    lines += [
        f"• Unconfirmed: only {escape(', '.join(lonely[k]))} gives the "
        f"{escape(category(k).plural)} figure so far."
        for k in comparison.categories
        if k in lonely
    ]
    return lines


def unconfirmed_line(report: Report) -> str:
    """Why an alert is unconfirmed: "only russianwarship.rip has published this report so far"."""
    names = report.transcriptions or (report.source,)
    if len(names) == 1:
        return f"only {names[0]} has published this report so far"
    open_ = undecided_figures(report)
    if open_ and PERSONNEL not in report.disputed:
        labels = " and ".join(category(k).plural for k in open_)
        return f"its transcriptions ({', '.join(names)}) disagree on {labels} and nothing decides"
    return f"its transcriptions ({', '.join(names)}) do not agree on personnel yet"


def compose_correction(
    history: History,
    report: Report,
    changes: Sequence[tuple[str, int | None, int]],
    source: str,
    flapping: Sequence[tuple[str, str, int]] = (),
) -> SlackMessage:
    """A changed published figure: what it was, what it is now, and why: the transcriptions
    disagree and the evidence decided another (the rule, in words), or the source restated it;
    and a figure a transcription keeps changing (`flapping`: category, who, how often today)."""
    parts = [
        f"{category(key).plural} now {fmt_int(new)}"
        + (f" (was {fmt_int(old)}, {fmt_change(new - old)})" if old is not None else "")
        for key, old, new in changes
    ]
    text = f"Correction to the General Staff report of {fmt_report(report)}: " + "; ".join(parts)
    why = [
        flag_text(dispute_flag(history, report, key), EN)
        for key, _old, _new in changes
        if key in report.disputed
    ]
    if len(why) < len(changes):
        why.append(f"{source} restated the report.")
    shown = dict((key, new) for key, _old, new in changes)
    why += [  # a figure that flips back and forth: how often, and what the bot shows
        f"{name} has changed the {category(key).plural} figure {count} times today; the bot "
        f"shows {fmt_int(shown[key])}."
        for key, name, count in flapping
        if key in shown
    ]
    blocks = [
        section(escape(text) + "."),
        context(*(escape(line) for line in why)),
        context(
            f"Source: General Staff of the Armed Forces of Ukraine (data via {escape(source)})."
        ),
    ]
    return SlackMessage(escape(text), blocks)
