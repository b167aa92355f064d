"""The CSV export: one row per report, for the data desk's spreadsheet. Pure.

Plain integers (no thousands separators, no quotes) so a spreadsheet reads numbers, canonical
keys in the header so scripts can rely on them, an empty cell where a report has no figure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.formatting import fmt_int
from bot.reports import History, Report
from bot.series import series


def export_csv(history: History, reports: Sequence[Report], keys: Sequence[str]) -> str:
    columns = [
        (key, {p.report.date: p for p in series(history, list(reports), key)}) for key in keys
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["date", "day", *(c for key in keys for c in (key, f"{key}_change")), "revised", "source"]
    )
    for report in reports:
        row: list[object] = [report.date.isoformat(), report.day]
        for _key, points in columns:
            point = points[report.date]
            row += ["" if point.total is None else point.total,
                    "" if point.change is None else point.change]  # fmt: skip
        revised = "; ".join(
            f"{key} first reported as {fmt_int(first)}"
            for key, first in report.first_reported.items()
            if key in keys
        )
        writer.writerow([*row, revised, report.source])
    return out.getvalue()
