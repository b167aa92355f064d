"""The real daily history from ../shared/data (skipped where it is absent): the numbers the
article was written from, and the quirks its README lists."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine

from bot.answer import answer_query
from bot.importer import expand, parse_all, read_all, store_all
from bot.query.grammar import Query, parse_query
from storage.history import load_history


def test_the_full_history_imports_and_answers_like_the_article(
    engine: Engine, shared_data: Path
) -> None:
    locations = expand([str(shared_data)])
    assert [Path(p).name for p in locations] == [
        "russia_losses_equipment.json",
        "russia_losses_personnel.json",
    ]
    batches = parse_all(asyncio.run(read_all(locations)))
    result = store_all(engine, batches, datetime(2026, 8, 9, tzinfo=UTC), show_progress=False)
    assert result.new == 1626
    with engine.connect() as db:
        history = load_history(db)

    query = parse_query("on 2022-11-24", date(2026, 8, 9))
    assert isinstance(query, Query)
    comparison = answer_query(query, history, date(2026, 8, 9))
    assert comparison.base is not None and comparison.base.day == 273
    assert comparison.report.day == 274
    assert comparison.change["personnel_units"] == 310
    assert comparison.report.totals["personnel_units"] == 85720
    assert comparison.change["cruise_missiles"] == 51

    # Every decrease the README counts (13), found from the stored totals alone.
    decreases = history.decreases(None, date(2026, 8, 8))
    assert len(decreases) == 13
    assert (decreases[0].date, decreases[0].key, decreases[0].change) == (
        date(2022, 10, 13),
        "armoured_fighting_vehicles",
        -14,
    )

    # The 2026 category nobody had heard of is stored under a derived key, never dropped.
    latest = history.latest
    assert latest is not None and latest.totals["ground_robotic_systems"] == 2162

    # Every stored total equals the file's figure for that day.
    rows = json.loads((shared_data / "russia_losses_personnel.json").read_text())
    stored = {r.date.isoformat(): r.totals["personnel_units"] for r in history.reports}
    assert stored == {row["date"]: row["personnel"] for row in rows}
