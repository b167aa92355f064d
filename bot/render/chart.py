"""Charts of daily losses as PNG: bars for each report's change, a 7-report average line, the
total in each panel's title, the period in the figure's title, and the attribution and report
dates in a caption. Corrections (a total that went down) are drawn as red bars below zero.

matplotlib with the Agg backend, imported only when a chart is drawn, so an idle server does not
carry it; the object API (`Figure`), not pyplot, so charts can be drawn in worker threads.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from bot.categories import category
from bot.delta import Comparison
from bot.formatting import fmt_date, fmt_int, fmt_report
from bot.reports import History
from bot.series import period_reports, series

WIDTH, HEIGHT, DPI = 1200, 675, 100  # 16:9, readable at Slack's preview size
MAX_CATEGORIES = 4
MAX_BARS = 120  # beyond this many reports, bars become lines
BAR, CORRECTION, AVERAGE = "#4a6fa5", "#c0392b", "#1b1b1b"


def chart_title(comparison: Comparison, keys: Sequence[str], history: History) -> str:
    reports = period_reports(history, comparison)
    labels = ", ".join(category(k).plural for k in keys)
    return f"Russian losses: {labels}, {fmt_date(reports[0].date)} – {fmt_date(reports[-1].date)}"


def render_chart(history: History, comparison: Comparison, keys: Sequence[str]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    reports = period_reports(history, comparison)
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(len(keys), 1, sharex=True, squeeze=False)[:, 0]
    thousands = FuncFormatter(lambda value, _pos: f"{value:,.0f}")
    for ax, key in zip(axes, keys, strict=True):
        points = [p for p in series(history, reports, key) if p.change is not None]
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
            ax.plot(days[6:], average, color=AVERAGE, linewidth=1.6, label="7-report average")
            ax.legend(loc="upper left", frameon=False, fontsize=9)
        ax.axhline(0, color="#888888", linewidth=0.6)
        ax.yaxis.set_major_formatter(thousands)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        total = comparison.report.totals.get(key)
        total_text = "no figure" if total is None else fmt_int(total)
        ax.set_title(
            f"{category(key).plural.capitalize()} lost per report; total {total_text} "
            f"on {fmt_report(comparison.report)}"
            + ("; red: corrections" if any(c < 0 for c in changes) else ""),
            loc="left",
            fontsize=11,
        )
    locator = AutoDateLocator()
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(locator))
    figure.suptitle(chart_title(comparison, keys, history), x=0.01, ha="left", fontsize=14,
                    fontweight="bold")  # fmt: skip
    figure.text(
        0.01,
        0.01,
        f"Source: {comparison.source}. Daily change between consecutive reports, "
        f"{fmt_report(reports[0])} to {fmt_report(reports[-1])}.",
        fontsize=8.5,
        color="#444444",
    )
    # Fixed margins rather than tight_layout, which draws the figure once more just to measure.
    figure.subplots_adjust(left=0.07, right=0.985, top=0.86, bottom=0.13, hspace=0.45)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
