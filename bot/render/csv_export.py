"""The CSV export: one row per report, for the data desk's spreadsheet. Pure.

Plain integers (no thousands separators, no quotes) so a spreadsheet reads numbers, canonical
keys in the header so scripts can rely on them, an empty cell where a report has no figure.
`disputed` names each figure of the row that its transcriptions disagree on, with every value
and the rule that decided the published one, the row's figure ("helicopters: 350 (orc-losses),
351 (dataset) [undecided]"), and each change that counts from a disputed figure of the report
before ("personnel_units_change: counts from the disputed figure of 2024-10-07
[stated_change]").
With Oryx's counts in the store, `oryx_as_of` and an `oryx_<match>` column per matching
category hold Oryx's visually confirmed count on that date by the rule answers cite it by (its
last scrape on or before the date; empty before its first count, never the pre-invasion zero):
a second source, in its own columns, never summed in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.core.oryx import MATCHES
from bot.core.reports import History, Report
from bot.core.series import series
from bot.render.flags import values_text
from bot.render.formatting import fmt_int
from bot.render.wording import EN

Cell = int | str | None  # None: no figure (an empty cell, null in JSON)


def export_table(
    history: History, reports: Sequence[Report], keys: Sequence[str]
) -> tuple[list[str], list[list[Cell]]]:
    """The export as a header and rows of plain values: the CSV, and the live JSON."""
    columns = [
        (key, {p.report.date: p for p in series(history, list(reports), key)}) for key in keys
    ]
    oryx = history.oryx if history.oryx else None
    matches = [m for m in MATCHES if set(m.categories) & set(keys)] if oryx else []
    oryx_header = ["oryx_as_of", *(f"oryx_{m.key}" for m in matches)] if matches else []
    header = [
        "date",
        "day",
        *(c for key in keys for c in (key, f"{key}_change")),
        "revised",
        "disputed",
        "source",
        *oryx_header,
    ]
    rows: list[list[Cell]] = []
    for report in reports:
        row: list[Cell] = [report.date.isoformat(), report.day]
        for _key, points in columns:
            point = points[report.date]
            row += [point.total, point.change]
        revised = "; ".join(
            f"{key} first reported as {fmt_int(report.first_reported[key])}"
            if key in report.first_reported
            else f"{key} first published as {fmt_int(report.first_published[key])}"
            for key in keys
            if key in report.first_reported or key in report.first_published
        )
        disputed = "; ".join(_disputed(history, report, keys))
        extra: list[Cell] = []
        if oryx is not None and matches:
            values = [oryx.column(m, report.date) for m in matches]
            known = any(v is not None for v in values)
            as_of = oryx.scrape_on_or_before(report.date) if known else None
            extra = [as_of.isoformat() if as_of else None, *values]
        rows.append([*row, revised, disputed, report.source, *extra])
    return header, rows


def _disputed(history: History, report: Report, keys: Sequence[str]) -> list[str]:
    """Each figure of the row its transcriptions disagree on, every value and the rule that
    decided it; and each change that counts from a disputed figure of the report before."""
    items = [
        f"{key}: {values_text(values, report.totals.get(key), EN)} "
        f"[{report.decided.get(key, 'undecided')}]"
        for key, values in report.disputed.items()
        if key in keys
    ]
    before = history.before(report.date)
    if before is not None:
        items += [
            f"{key}_change: counts from the disputed figure of {before.date.isoformat()} "
            f"[{before.decided.get(key, 'undecided')}]"
            for key in before.disputed
            if key in keys and key in report.totals
        ]
    return items


def long_table(
    history: History, reports: Sequence[Report], keys: Sequence[str]
) -> tuple[list[str], list[list[Cell]]]:
    """One row per report and category (tidy data): what charting tools pivot themselves."""
    rows: list[list[Cell]] = []
    for key in keys:
        for point in series(history, list(reports), key):
            if point.total is not None or point.change is not None:
                report = point.report
                rows.append(
                    [
                        report.date.isoformat(),
                        report.day,
                        key,
                        point.total,
                        point.change,
                        report.source,
                    ]
                )
    rows.sort(key=lambda r: (str(r[0]), keys.index(str(r[2]))))
    return ["date", "day", "category", "total", "change", "source"], rows


def write_csv(header: list[str], rows: list[list[Cell]], comment: str = "") -> str:
    out = io.StringIO()
    if comment:
        out.write(f"# {comment}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return out.getvalue()


def export_csv(history: History, reports: Sequence[Report], keys: Sequence[str]) -> str:
    return write_csv(*export_table(history, reports, keys))
