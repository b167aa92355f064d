"""Charts and CSV files for a query: which period and categories they cover, and their names.

The same period grammar as every question. Without a period a chart shows the last 30 days and
an export the whole history; without categories a chart shows personnel and an export every
category. Pure: `today` is passed in; the PNG is drawn by `bot.render.chart`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.answer import answer_query
from bot.core.categories import PERSONNEL, ordered
from bot.core.delta import Comparison
from bot.core.flags import Unanswerable, flag
from bot.core.query.grammar import Latest, Query, Since, UsageError, language, parse_query
from bot.core.reports import History
from bot.core.series import CHART_DAYS, period_reports
from bot.core.war import WAR_START
from bot.render.chart import MAX_CATEGORIES, chart_title, render_chart
from bot.render.csv_export import export_csv
from bot.render.text import reports_caption
from bot.render.wording import wording


@dataclass(frozen=True)
class Artifact:
    data: bytes
    filename: str
    title: str
    caption: str  # the attribution, posted with the file


def _resolve(
    text: str, history: History, today: date, default: Since, most: int | None = None
) -> tuple[Comparison, list[str]]:
    """The comparison for the period, and the categories the user named (maybe none)."""
    query = parse_query(text, today, history.keys)
    if not isinstance(query, Query):
        raise UsageError("usage_file_period", language(text))
    if most is not None and len(query.categories) > most:
        raise UsageError("usage_chart_most", query.lang, most=most)
    if query.period == Latest():
        query = Query(query.text, default, query.categories, query.lang)
    return answer_query(query, history, today), list(query.categories)


def _span(comparison: Comparison, history: History) -> str:
    reports = period_reports(history, comparison)
    return f"{reports[0].date.isoformat()}-to-{reports[-1].date.isoformat()}"


def chart_artifact(text: str, history: History, today: date) -> tuple[Comparison, list[str]]:
    """Check a chart request (raises UsageError or Unanswerable) before anything is drawn."""
    start = Since(today - timedelta(days=CHART_DAYS - 1))
    comparison, named = _resolve(text, history, today, start, MAX_CATEGORIES)
    if len(period_reports(history, comparison)) < 2:
        only = flag("unanswerable", form="chart_one_report", report=comparison.report)
        raise Unanswerable(only, comparison.lang)
    return comparison, named or [PERSONNEL]


def draw_chart(
    history: History, comparison: Comparison, keys: list[str], fmt: str = "png"
) -> Artifact:
    names = "-".join(k.replace("_", "-") for k in keys)
    return Artifact(
        render_chart(history, comparison, keys, fmt),
        f"losses-{names}-{_span(comparison, history)}.{fmt}",
        chart_title(comparison, keys, history),
        reports_caption(comparison, history, "file_caption"),
    )


def export_plan(text: str, history: History, today: date) -> tuple[Comparison, list[str]]:
    """Check an export request (raises UsageError or Unanswerable) before the CSV is written:
    the period and the categories named (none: every category)."""
    return _resolve(text, history, today, Since(WAR_START))


def export_filename(comparison: Comparison, history: History) -> str:
    return f"losses-{_span(comparison, history)}.csv"


def write_export(history: History, comparison: Comparison, named: list[str]) -> Artifact:
    """The CSV of a checked export request: over the full history a few hundred milliseconds,
    so in the file process, never on the event loop."""
    reports = period_reports(history, comparison)
    keys = named or ordered(k for r in reports for k in r.totals)
    words = wording(comparison.lang)
    labels = ", ".join(map(words.label, keys)) if len(keys) <= 3 else words.say("all_categories")
    return Artifact(
        export_csv(history, reports, keys).encode(),
        export_filename(comparison, history),
        words.say("export_title", labels=labels, n=words.counting("reports", len(reports))),
        reports_caption(comparison, history, "file_caption"),
    )


def export_artifact(text: str, history: History, today: date) -> Artifact:
    return write_export(history, *export_plan(text, history, today))
