"""Charts a reader can trust, read from the drawn figure itself: whole-number ticks for counts,
labels as printed elsewhere, titles that fit, day ticks (never hours) for short periods."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.app.artifacts import chart_artifact, draw_chart
from bot.core.answer import Unanswerable
from bot.core.reports import History, Report
from bot.core.war import day_number
from bot.render.chart import build_figure
from bot.render.flags import said

TODAY = date(2023, 3, 31)


def history(**series: list[int]) -> History:
    """Reports for the last len(series) days up to TODAY, each key with its running totals."""
    days = len(next(iter(series.values())))
    first = TODAY - timedelta(days=days - 1)
    return History(
        Report(first + timedelta(days=i), day_number(first + timedelta(days=i)), "test",
               {key: values[i] for key, values in series.items()})
        for i in range(days)
    )  # fmt: skip


def running(start: int, changes: list[int]) -> list[int]:
    totals = [start]
    for change in changes:
        totals.append(totals[-1] + change)
    return totals


def figure(h: History, text: str) -> object:
    comparison, keys = chart_artifact(text, h, TODAY)
    fig = build_figure(h, comparison, keys)
    fig.canvas.draw()
    return fig


def labels(axis: object) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]  # type: ignore[attr-defined]


def test_count_axes_have_whole_number_ticks_each_once() -> None:
    h = history(
        planes=running(300, [0] * 20 + [1] + [0] * 9),
        tanks=running(3000, [2, 4, 1, 0, 3] * 6),
    )
    fig = figure(h, "tanks aircraft last 30 days")
    tanks_ax, planes_ax = fig.axes  # type: ignore[attr-defined]
    for ax in (tanks_ax, planes_ax):
        ticks = labels(ax.yaxis)
        assert len(ticks) == len(set(ticks)), ticks  # never "0, 0, 0, 1, 1, 1"
        assert all(float(t.replace(",", "")).is_integer() for t in ticks), ticks
    assert "1" in labels(planes_ax.yaxis)
    assert all(float(v).is_integer() for v in tanks_ax.get_yticks())
    assert max(tanks_ax.get_yticks()) >= 4  # the 4-tank bar is inside the ticked range


def test_panel_titles_print_labels_as_everywhere_else() -> None:
    h = history(mlrs=running(390, [1] * 10), uav_systems=running(1500, [3] * 10))
    fig = figure(h, "mlrs drones last 10 days")
    titles = [ax.get_title(loc="left") for ax in fig.axes]  # type: ignore[attr-defined]
    assert titles[0].startswith("MLRS lost per report") and titles[1].startswith("UAVs lost")


def test_a_long_title_is_wrapped_to_fit_the_width() -> None:
    keys = ("armoured_fighting_vehicles", "vehicles_fuel_tanks", "special_military_equip",
            "aa_warfare_systems")  # fmt: skip
    h = history(**{k: running(100, [1] * 30) for k in keys})
    fig = figure(h, "apc vehicles special equipment air defence last 30 days")
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    title = fig._suptitle  # type: ignore[attr-defined]
    assert "\n" in title.get_text()
    assert title.get_window_extent(renderer).x1 <= fig.bbox.width  # type: ignore[attr-defined]


def test_a_short_period_has_day_ticks_never_hours() -> None:
    h = history(tanks=running(2895, [0, 2, 1]))
    fig = figure(h, "tanks last 2 days")
    ticks = labels(fig.axes[-1].xaxis)  # type: ignore[attr-defined]
    assert ticks and not any(":" in t for t in ticks)
    assert ticks == ["30 Mar", "31 Mar"]


def test_a_single_report_is_refused_with_a_clear_sentence() -> None:
    h = history(tanks=running(2895, [0, 2, 1]))
    with pytest.raises(Unanswerable) as refused:
        chart_artifact("tanks on 2023-03-31", h, TODAY)
    assert said(refused.value).startswith("A chart needs at least two reports; this period has one")


def test_a_chart_is_png_or_svg() -> None:
    h = history(tanks=running(2895, [0, 2, 1]))
    comparison, keys = chart_artifact("tanks last 2 days", h, TODAY)
    assert draw_chart(h, comparison, keys).data.startswith(b"\x89PNG")
    svg = draw_chart(h, comparison, keys, "svg")
    assert svg.filename.endswith(".svg") and b"<svg" in svg.data[:1000]


def test_a_figure_its_transcriptions_disagree_on_is_marked() -> None:
    h = history(tanks=running(2895, [1, 2, 1]))
    disputed = replace(
        h.reports[2], transcriptions=("a", "b"), disputed={"tanks": {"a": 2898, "b": 2899}}
    )
    h = History([*h.reports[:2], disputed, *h.reports[3:]])
    fig = figure(h, "tanks since 2023-03-29")
    (ax,) = fig.axes  # type: ignore[attr-defined]
    (marks,) = [c for c in ax.collections if c.get_label() == "transcriptions disagree"]
    assert len(marks.get_offsets()) == 1
    assert "transcriptions disagree" in [t.get_text() for t in ax.get_legend().get_texts()]
    plain = figure(history(tanks=running(2895, [1, 2, 1])), "tanks since 2023-03-29")
    assert plain.axes[0].get_legend() is None  # type: ignore[attr-defined]


def test_a_chart_asked_in_ukrainian_is_ukrainian_in_every_word() -> None:
    h = history(tanks=running(3000, [2, 4, 1, 0, 3] * 6))
    fig = figure(h, "танки за останні 30 днів")
    texts = [t.get_text() for t in fig.texts]  # type: ignore[attr-defined]
    assert fig._suptitle.get_text().startswith(
        "Втрати Росії: танки, 2 березня 2023 – 31 березня 2023"
    )  # type: ignore[attr-defined]
    (ax,) = fig.axes  # type: ignore[attr-defined]
    assert ax.get_title(loc="left").startswith("Танки: втрати за кожен звіт; загалом 3\u00a0060")
    assert ax.get_legend().get_texts()[0].get_text() == "середнє за 7 звітів"
    ticks = labels(ax.xaxis)
    assert ticks and all(t.endswith("бер.") for t in ticks), ticks  # no English month
    assert any(t.startswith("Джерело: Генеральний штаб ЗСУ") for t in texts)
    english = figure(h, "tanks last 30 days")
    assert english._suptitle.get_text().startswith("Russian losses: tanks")  # type: ignore[attr-defined]
