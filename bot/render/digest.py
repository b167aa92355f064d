"""The digest message: per category, the period's losses, the change on the period before, and
the highest day. Pure composition over `History`."""

from __future__ import annotations

from datetime import date

from bot.core.answer import Unanswerable, answer_query
from bot.core.categories import PERSONNEL, category
from bot.core.delta import Comparison
from bot.core.digests import DigestPeriod
from bot.core.query.grammar import Between, Query
from bot.core.reports import History
from bot.core.series import period_reports, series
from bot.render.formatting import fmt_change, fmt_date, fmt_int, fmt_report
from bot.render.wording import wording


def _compare(history: History, start: date, end: date) -> Comparison | None:
    query = Query(f"between {start} and {end}", Between(start, end))
    try:
        return answer_query(query, history, end)
    except Unanswerable:
        return None


def percent(now: int, before: int | None) -> str:
    if before is None or before <= 0:
        return "n/a"
    return f"{fmt_change(round((now - before) * 100 / before))}%"


def compose_digest(history: History, period: DigestPeriod) -> tuple[str, str | None]:
    """The digest's text, and the chart query to draw with it (None: nothing to draw)."""
    name = "Weekly" if period.frequency == "weekly" else "Monthly"
    span = f"{fmt_date(period.start)} – {fmt_date(period.end)}"
    unit = "week" if period.frequency == "weekly" else "month"
    current = _compare(history, period.start, period.end)
    if current is None or current.report.date < period.start:
        return f"*{name} summary, {span}*\nNo General Staff report is stored for this {unit}.", None
    before = _compare(history, *period.previous())
    reports = period_reports(history, current)
    rows = [(f"{unit}", f"vs {unit} before", "total", "highest day")]
    labels = []
    for key in current.categories:
        change = current.change.get(key)
        if change is None:
            continue
        points = [p for p in series(history, reports, key) if p.change is not None]
        top = max(points, key=lambda p: p.change or 0, default=None)
        previous = before.change.get(key) if before is not None else None
        rows.append(
            (
                fmt_int(change),
                percent(change, previous),
                fmt_int(current.report.totals[key]),
                f"{fmt_int(top.change or 0)} on {fmt_date(top.report.date)}" if top else "n/a",
            )
        )
        labels.append(category(key).plural)
    width = max(len(label) for label in labels)
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    table = "\n".join(
        "  ".join(
            [label.ljust(width), *(v.rjust(w) for v, w in zip(r[:3], widths, strict=True)), r[3]]
        )
        for label, r in zip(["category", *labels], rows, strict=True)
    )
    lead = PERSONNEL if PERSONNEL in current.change else next(iter(current.change))
    lost = current.change[lead]
    previous_lead = before.change.get(lead) if before is not None else None
    comparison = (
        f", {percent(lost, previous_lead)} on the {unit} before ({fmt_int(previous_lead)})"
        if previous_lead is not None
        else ""
    )
    text = (
        f"*{name} summary, {span}*\n"
        f"Russia lost {fmt_int(lost)} {category(lead).label(lost)} in the General Staff's reports "
        f"of {fmt_report(reports[0])} to {fmt_report(reports[-1])}{comparison}.\n"
        f"```{table}```\n"
        f"Source: {wording(current.lang).source(current.feeds)}. The {unit} counts from "
        + (
            f"the report of {fmt_report(current.base)}, the last before {fmt_date(period.start)}."
            if current.base is not None
            else "the start of the invasion."
        )
    )
    return text, f"{category(lead).plural} between {period.start} and {period.end}"
