"""The CSV export: one row per report, for the data desk's spreadsheet. Pure.

Plain integers (no thousands separators, no quotes) so a spreadsheet reads numbers, canonical
keys in the header so scripts can rely on them, an empty cell where a report has no figure.
With Oryx's counts in the store, `oryx_as_of` and an `oryx_<match>` column per matching
category hold Oryx's visually confirmed count on that date (its last scrape on or before it),
empty outside the span of Oryx's file: a second source, in its own columns, never summed in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.formatting import fmt_int
from bot.oryx import MATCHES
from bot.reports import History, Report
from bot.series import series


def export_csv(history: History, reports: Sequence[Report], keys: Sequence[str]) -> str:
    columns = [
        (key, {p.report.date: p for p in series(history, list(reports), key)}) for key in keys
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    oryx = history.oryx if history.oryx else None
    matches = [m for m in MATCHES if set(m.categories) & set(keys)] if oryx else []
    oryx_header = ["oryx_as_of", *(f"oryx_{m.key}" for m in matches)] if matches else []
    writer.writerow(
        [
            "date",
            "day",
            *(c for key in keys for c in (key, f"{key}_change")),
            "revised",
            "source",
            *oryx_header,
        ]
    )
    for report in reports:
        row: list[object] = [report.date.isoformat(), report.day]
        for _key, points in columns:
            point = points[report.date]
            row += [
                "" if point.total is None else point.total,
                "" if point.change is None else point.change,
            ]
        revised = "; ".join(
            f"{key} first reported as {fmt_int(first)}"
            for key, first in report.first_reported.items()
            if key in keys
        )
        extra: list[object] = []
        if oryx is not None and matches:
            values = [oryx.column(m, report.date) for m in matches]
            known = any(v is not None for v in values)
            as_of = oryx.scrape_on_or_before(report.date) if known else None
            extra = [as_of.isoformat() if as_of else "", *("" if v is None else v for v in values)]
        writer.writerow([*row, revised, report.source, *extra])
    return out.getvalue()
