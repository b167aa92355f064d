"""The CSV names each figure of a row that its transcriptions disagree on, with every value."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from bot.core.reports import History
from bot.render.csv_export import export_csv
from tests.support.payloads import report


def test_a_disputed_figure_is_named_in_its_row_and_the_row_keeps_the_published_one() -> None:
    reports = [
        replace(report("2026-03-31", helicopters=350), transcriptions=("dataset",)),
        replace(
            report("2026-04-01", helicopters=350, tanks=12000),
            transcriptions=("dataset", "orc-losses"),
            disputed={"helicopters": {"dataset": 351, "orc-losses": 350}},
        ),
    ]
    history = History(reports)
    rows = list(csv.DictReader(io.StringIO(export_csv(history, reports, ["helicopters"]))))
    assert [r["disputed"] for r in rows] == ["", "helicopters: 350 (orc-losses), 351 (dataset)"]
    assert rows[1]["helicopters"] == "350"
    only_tanks = list(csv.DictReader(io.StringIO(export_csv(history, reports, ["tanks"]))))
    assert only_tanks[1]["disputed"] == ""  # a figure not exported is not named
