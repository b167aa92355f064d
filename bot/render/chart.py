"""Charts of daily losses as PNG: bars for each report's change, a 7-report average line, the
total in each panel's title, the period in the figure's title, and the attribution and report
dates in a caption. Corrections (a total that went down) are drawn as red bars below zero.

Counts are drawn with whole-number ticks; a period of up to a month gets one tick per day (or
every few days), never hours; a title too long for the width is wrapped. PNG or SVG.

matplotlib with the Agg backend, imported only when a chart is drawn, so an idle server does not
carry it; the object API (`Figure`), not pyplot, so charts can be drawn in worker threads.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.core.categories import category
from bot.core.delta import Comparison
from bot.core.reports import History
from bot.core.series import period_reports, series
from bot.render.text import reports_caption
from bot.render.wording import UK_MONTHS_SHORT, Wording, wording

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 1200, 675, 100  # 16:9, readable at Slack's preview size
MAX_CATEGORIES = 4
MAX_BARS = 120  # beyond this many reports, bars become lines
BAR, CORRECTION, AVERAGE = "#4a6fa5", "#c0392b", "#1b1b1b"
DISPUTED = "#e08a00"  # a marker on a figure its transcriptions disagree on
FORMATS = ("png", "svg")
TITLE_WIDTH = 95  # characters of the bold title that fit the figure's width
CAPTION_WIDTH = 170  # characters of the small caption that do
DAILY_TICKS_UP_TO = 31  # days: shorter periods get day ticks


def chart_title(comparison: Comparison, keys: Sequence[str], history: History) -> str:
    """The figure's title, in the question's language, as every word on the chart is."""
    words = wording(comparison.lang)
    reports = period_reports(history, comparison)
    return words.say(
        "chart_title",
        labels=", ".join(words.label(k) for k in keys),
        first=words.date(reports[0].date, headline=True),
        last=words.date(reports[-1].date, headline=True),
    )


def uk_tick(day: date, daily: bool) -> str:
    """A date on a Ukrainian chart's axis: day and month ("24 лист.") on a chart of days; else
    the year at its start, a month at its first day."""
    short = UK_MONTHS_SHORT[day.month - 1]
    if daily or day.day != 1:
        return f"{day.day} {short}"
    return str(day.year) if day.month == 1 else short


def render_chart(
    history: History, comparison: Comparison, keys: Sequence[str], fmt: str = "png"
) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"a chart is PNG or SVG, not {fmt}")
    buffer = io.BytesIO()
    build_figure(history, comparison, keys).savefig(buffer, format=fmt)
    return buffer.getvalue()


def build_figure(history: History, comparison: Comparison, keys: Sequence[str]) -> Figure:
    """The chart as a matplotlib figure (drawn by `render_chart`; tests read its ticks)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    words = wording(comparison.lang)
    reports = period_reports(history, comparison)
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(len(keys), 1, sharex=True, squeeze=False)[:, 0]
    for ax, key in zip(axes, keys, strict=True):
        points = [p for p in series(history, reports, key) if p.change is not None]
        _panel(ax, key, points, comparison, words)
    _date_axis(axes[-1], reports[0].date, reports[-1].date, words)
    title = textwrap.fill(chart_title(comparison, keys, history), TITLE_WIDTH)
    figure.suptitle(title, x=0.01, ha="left", fontsize=14, fontweight="bold")
    caption = textwrap.fill(reports_caption(comparison, history, "chart_caption"), CAPTION_WIDTH)
    figure.text(0.01, 0.01, caption, fontsize=8.5, color="#444444")
    # Fixed margins rather than tight_layout, which draws the figure once more just to measure.
    top = 0.86 - 0.045 * title.count("\n")
    figure.subplots_adjust(
        left=0.07, right=0.985, top=top, bottom=0.13 + 0.02 * caption.count("\n"), hspace=0.45
    )
    return figure


def _panel(
    ax: Any, key: str, points: Sequence[Any], comparison: Comparison, words: Wording
) -> None:
    """One category's panel: its changes, their weekly average, the disputed reports."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    days = [p.report.date for p in points]
    changes = [p.change or 0 for p in points]
    if len(days) <= MAX_BARS:
        colours = [CORRECTION if c < 0 else BAR for c in changes]
        ax.bar(days, changes, width=0.9, color=colours, linewidth=0)
    else:  # one filled step area per colour: a thousand rectangles would take seconds
        ax.fill_between(days, [max(c, 0) for c in changes], step="mid", color=BAR, linewidth=0)
        if any(c < 0 for c in changes):
            lows = [min(c, 0) for c in changes]
            ax.fill_between(days, lows, step="mid", color=CORRECTION, linewidth=0)
    if len(changes) >= 7:
        average = [sum(changes[i - 6 : i + 1]) / 7 for i in range(6, len(changes))]
        ax.plot(days[6:], average, color=AVERAGE, linewidth=1.6, label=words.say("chart_average"))
    disputed = [(p.report.date, p.change or 0) for p in points if key in p.report.disputed]
    if disputed:  # the published figure, where transcriptions of the report disagree
        ax.scatter([d for d, _ in disputed], [c for _, c in disputed], marker="v", s=30,
                   color=DISPUTED, zorder=3, label=words.say("chart_disputed"))  # fmt: skip
    if len(changes) >= 7 or disputed:
        ax.legend(loc="upper left", frameon=False, fontsize=9)
    ax.axhline(0, color="#888888", linewidth=0.6)
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True, min_n_ticks=2))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: words.int(round(value))))
    if not changes or max(abs(c) for c in changes) == 0:
        ax.set_ylim(-1, 1)  # nothing happened: 0 in the middle, not a stretched axis
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    total = comparison.report.totals.get(key)
    ax.set_title(
        words.say(
            "chart_panel" if category(key).lost else "chart_panel_taken",
            Label=words.title(key),
            total=words.say("missing_cell") if total is None else words.int(total),
            report=words.report(comparison.report),
        )
        + (words.say("chart_corrections") if any(c < 0 for c in changes) else ""),
        loc="left",
        fontsize=11,
    )


def _date_axis(ax: Any, first: date, last: date, words: Wording) -> None:
    """Days for a short period, months or years for a long one, in the chart's language."""
    from matplotlib.dates import (
        AutoDateLocator,
        ConciseDateFormatter,
        DateFormatter,
        DayLocator,
        date2num,
        num2date,
    )
    from matplotlib.ticker import FuncFormatter

    span = (last - first).days + 1
    # matplotlib names months in English (strftime); a Ukrainian chart writes its own.
    daily = span <= DAILY_TICKS_UP_TO
    ukrainian = FuncFormatter(lambda value, _pos: uk_tick(num2date(value).date(), daily))
    if daily:
        ax.xaxis.set_major_locator(DayLocator(interval=max(1, math.ceil(span / 10))))
        english: Any = DateFormatter("%d %b")
        ax.xaxis.set_major_formatter(ukrainian if words.lang == "uk" else english)
        # Half a day either side: room for the outer bars, no tick beyond the period.
        ax.set_xlim(date2num(first) - 0.6, date2num(last) + 0.6)
    else:
        locator = AutoDateLocator(minticks=3, maxticks=12)
        ax.xaxis.set_major_locator(locator)
        english = ConciseDateFormatter(locator)
        ax.xaxis.set_major_formatter(ukrainian if words.lang == "uk" else english)
