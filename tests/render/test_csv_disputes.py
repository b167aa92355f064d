"""The CSV names each figure of a row that its transcriptions disagree on, with every value and
the rule that decided the published one, and marks the change of the day after as counted from
a disputed figure."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from bot.core.reports import History
from bot.render.csv_export import export_csv
from tests.support.payloads import report


def test_a_disputed_figure_is_named_in_its_row_with_its_rule_and_the_next_row_depends_on_it() -> (
    None
):
    reports = [
        replace(report("2026-03-31", helicopters=350), transcriptions=("dataset",)),
        replace(
            report("2026-04-01", helicopters=350, tanks=12000),
            transcriptions=("dataset", "orc-losses"),
            disputed={"helicopters": {"dataset": 351, "orc-losses": 350}},
            decided={"helicopters": "uncorrected_fall"},
        ),
        replace(report("2026-04-02", helicopters=350, tanks=12001), transcriptions=("dataset",)),
    ]
    history = History(reports)
    rows = list(csv.DictReader(io.StringIO(export_csv(history, reports, ["helicopters"]))))
    assert [r["disputed"] for r in rows] == [
        "",
        "helicopters: 350 (orc-losses), 351 (dataset) [uncorrected_fall]",
        "helicopters_change: counts from the disputed figure of 2026-04-01 [uncorrected_fall]",
    ]
    assert rows[1]["helicopters"] == "350"
    only_tanks = list(csv.DictReader(io.StringIO(export_csv(history, reports, ["tanks"]))))
    assert [r["disputed"] for r in only_tanks] == ["", "", ""]  # a figure not exported: unnamed
