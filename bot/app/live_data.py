"""The live data URL for charting tools (Datawrapper, Flourish, Google Sheets): the export's
table as CSV or JSON, wide (one row per report) or long (one row per report and category).

Built once per history (the history is immutable and replaced when the store changes), so a
tool polling every minute costs a dictionary look-up: its `If-None-Match` is answered 304 from
memory, never with a query. The ETag is a hash of the body, the same in every process. Pure
apart from the memo (and the clock it reads for Last-Modified).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.core.categories import ordered
from bot.core.oryx import ORYX_SOURCE
from bot.core.reports import History
from bot.render.csv_export import export_table, long_table, write_csv
from bot.render.wording import EN

SHAPES = ("wide", "long")
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
MAX_AGE = 60  # seconds a tool (or a proxy) may reuse a copy without asking


@dataclass(frozen=True)
class DataFile:
    body: bytes
    etag: str  # quoted, as the header carries it
    content_type: str


def attribution(history: History) -> str:
    """The line that credits every source in the table."""
    feeds = " and ".join(dict.fromkeys(r.source for r in history.reports)) or "none yet"
    text = f"Russian losses as reported by the {EN.authority} (data via {feeds}); compiled by " \
        "losses-bot"  # fmt: skip
    if history.oryx:
        text += f"; oryx_* columns: {ORYX_SOURCE}, visually confirmed losses (a lower bound)"
    return text


def build(
    history: History,
    fmt: str,
    shape: str,
    comment: bool,
    period: str = "",
    today: date | None = None,
) -> DataFile:
    """The file; with `period` (any period `/losses export` reads, categories too), only its
    reports (raises `UsageError` or `Unanswerable` for one it cannot read)."""
    reports, keys = history.reports, ordered(history.keys)
    if period:
        from bot.app.artifacts import export_plan  # only for a link that names a period
        from bot.core.series import period_reports

        assert today is not None, "a period is read against today"
        comparison, named = export_plan(period, history, today)
        reports = period_reports(history, comparison)
        keys = named or ordered(k for r in reports for k in r.totals)
    table = long_table if shape == "long" else export_table
    header, rows = table(history, reports, keys)
    if fmt == "json":
        body = json.dumps(
            {
                "attribution": attribution(history),
                "shape": shape,
                "rows": [dict(zip(header, row, strict=True)) for row in rows],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
    else:
        body = write_csv(header, rows, attribution(history) if comment else "").encode()
    digest = hashlib.sha256(body).hexdigest()[:32]
    return DataFile(body, f'"{digest}"', FORMATS[fmt])


# Files kept per history: each chart a desk builds polls one (a format, shape and period);
# past this, a new period's file is made on each request rather than kept (a scanner trying
# periods must not grow the process).
MAX_FILES = 64


class LiveData:
    """The files of the current history, made on first request and kept until it changes.
    `since`: when this process first served the current history (its Last-Modified)."""

    def __init__(self) -> None:
        self._history: History | None = None
        self._files: dict[tuple[str, str, bool, str], DataFile] = {}
        self.since = datetime.now(UTC).replace(microsecond=0)

    def file(self, history: History, fmt: str, shape: str, comment: bool, period: str = "",
             today: date | None = None) -> DataFile:  # fmt: skip
        if history is not self._history:
            self._history, self._files = history, {}
            self.since = datetime.now(UTC).replace(microsecond=0)
        key = (fmt, shape, comment, period)
        found = self._files.get(key)
        if found is None:
            found = build(history, fmt, shape, comment, period, today)
            if len(self._files) < MAX_FILES:
                self._files[key] = found
        return found
