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
from datetime import UTC, datetime

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


def build(history: History, fmt: str, shape: str, comment: bool) -> DataFile:
    keys = ordered(history.keys)
    table = long_table if shape == "long" else export_table
    header, rows = table(history, history.reports, keys)
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


class LiveData:
    """The files of the current history, made on first request and kept until it changes.
    `since`: when this process first served the current history (its Last-Modified)."""

    def __init__(self) -> None:
        self._history: History | None = None
        self._files: dict[tuple[str, str, bool], DataFile] = {}
        self.since = datetime.now(UTC).replace(microsecond=0)

    def file(self, history: History, fmt: str, shape: str, comment: bool) -> DataFile:
        if history is not self._history:
            self._history, self._files = history, {}
            self.since = datetime.now(UTC).replace(microsecond=0)
        key = (fmt, shape, comment)
        if key not in self._files:
            self._files[key] = build(history, fmt, shape, comment)
        return self._files[key]
