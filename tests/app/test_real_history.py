"""The real daily history from ../shared/data (skipped where it is absent): the numbers the
article was written from, and the quirks its README lists: categories first listed late, the
May 2022 merge, the General Staff's corrections, and a store weeks old."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.app.importer import expand, parse_all, read_all, store_all
from bot.core.answer import answer_query
from bot.core.delta import Comparison
from bot.core.freshness import Freshness
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import History
from bot.core.war import WAR_START
from bot.render.flags import flag_text
from bot.render.text import headline
from bot.render.wording import wording
from storage.history import load_history

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def history(engine: Engine, shared_data: Path) -> History:
    locations = expand([str(shared_data)])
    assert [Path(p).name for p in locations] == [
        "russia_losses_equipment.json",
        "russia_losses_equipment_correction.json",
        "russia_losses_personnel.json",
    ]
    parsed = parse_all(asyncio.run(read_all(locations)))
    result = store_all(engine, parsed, datetime(2026, 8, 9, tzinfo=UTC), show_progress=False)
    assert result.reports.new == 1626
    with engine.connect() as db:
        return load_history(db)


def ask(history: History, text: str) -> Comparison:
    query = parse_query(text, TODAY)
    assert isinstance(query, Query)
    return answer_query(query, history, TODAY, Freshness(NOW))


def flags(comparison: Comparison, kind: str) -> list[str]:
    words = wording(comparison.lang)
    return [flag_text(f, words) for f in comparison.flags if f.kind == kind]


def test_the_full_history_answers_like_the_article(history: History, shared_data: Path) -> None:
    comparison = ask(history, "on 2022-11-24")
    assert comparison.base is not None and comparison.base.day == 273
    assert comparison.report.day == 274
    assert comparison.change["personnel_units"] == 310
    assert comparison.report.totals["personnel_units"] == 85720
    assert comparison.change["cruise_missiles"] == 51
    assert comparison.report.directions == "Avdiivka, Bakhmut and Lyman"
    assert sum(r.directions is not None for r in history.reports) == 203
    assert not flags(comparison, "stale")  # the answer does not reach the newest report

    # Every decrease the README counts (13), found from the stored totals alone.
    decreases = history.decreases(None, date(2026, 8, 8))
    assert len(decreases) == 13
    assert (decreases[0].date, decreases[0].key, decreases[0].change) == (
        date(2022, 10, 13),
        "armoured_fighting_vehicles",
        -14,
    )
    latest = history.latest
    assert latest is not None and latest.totals["ground_robotic_systems"] == 2162

    # Every stored total equals the file's figure for that day.
    rows = json.loads((shared_data / "russia_losses_personnel.json").read_text())
    stored = {r.date.isoformat(): r.totals["personnel_units"] for r in history.reports}
    assert stored == {row["date"]: row["personnel"] for row in rows}


def test_categories_first_listed_late_count_from_zero_and_say_so(history: History) -> None:
    comparison = ask(history, "submarines from 2023-09-01 to 2023-09-30")
    assert comparison.change == {"submarines": 1}
    assert flags(comparison, "first_listed") == [
        "Submarines were first listed in the report of 14 Sep 2023 (day 568), with 1 already "
        "counted."
    ]
    comparison = ask(history, "ground robotic systems in may 2026")
    assert comparison.change == {
        "ground_robotic_systems": comparison.totals["ground_robotic_systems"]
    }
    assert flags(comparison, "first_listed") == [
        "Ground robotic systems were first listed in the report of 3 May 2026 (day 1530), with "
        "1,306 already counted."
    ]
    for text, first in (("missiles in april 2022", 84), ("special equipment in march 2022", 10)):
        (message,) = flags(ask(history, text), "first_listed")
        assert f"with {first} already counted" in message


def test_the_may_2022_merge_counts_vehicles_from_the_sum(history: History) -> None:
    comparison = ask(history, "vehicles on 2022-05-01")
    assert comparison.change == {"vehicles_fuel_tanks": 19}
    (message,) = flags(comparison, "series_break")
    assert "1,701 + 76 = 1,777" in message
    # Prisoners of war were taken, not lost; after 27 Apr 2022 they are missing, not zero.
    assert headline(ask(history, "pow on 2022-04-27")).startswith(
        "7 prisoners of war were taken between the General Staff's reports of 26 Apr 2022"
    )
    comparison = ask(history, "pow since 2022-04-01")
    assert comparison.change == {}
    (message,) = flags(comparison, "missing")
    assert "last listed them in the report of 27 Apr 2022 (day 63)" in message


def test_corrections_by_the_general_staff_are_named_never_subtracted(history: History) -> None:
    comparison = ask(history, "personnel on 2025-02-28")
    assert comparison.change == {"personnel_units": 2710}  # the raw change: totals untouched
    assert flags(comparison, "correction") == [
        "The personnel change includes a correction of +1,650 by the General Staff on 28 Feb 2025."
    ]
    comparison = ask(history, "apc on 2022-10-13")
    assert comparison.change == {"armoured_fighting_vehicles": -14}
    assert "a correction of -25" in flags(comparison, "correction")[0]
    # A year with many corrections counts them past three.
    comparison = ask(history, "missiles in 2024")
    (message,) = flags(comparison, "correction")
    assert message.startswith(
        "The cruise missiles change includes 12 corrections by the General Staff between "
    )
    comparison = ask(history, "special equipment in 2024")
    assert flags(comparison, "correction") == [
        "The special equipment change includes corrections by the General Staff: -3 on 5 May "
        "2024; -85 on 30 Nov 2024."
    ]


def test_a_store_weeks_old_is_flagged_stale_on_latest(history: History) -> None:
    comparison = ask(history, "latest")
    (message,) = flags(comparison, "stale")
    assert message.startswith("The newest report in the store is of 8 Aug 2026 (day 1627), 109")
    assert flags(ask(history, "since 2026-08-01"), "stale")


def test_every_precomputed_answer_to_the_newest_report_is_the_computed_one(
    history: History,
) -> None:
    """All 1,626 answers that end at the newest report, over the real quirks (late listings,
    the May 2022 merge, corrections, restated figures): word for word what the engine says."""
    from bot.app.latest_answers import LatestAnswers
    from bot.core.answer import Period, resolve_period
    from bot.render.blocks import answer_message

    latest = LatestAnswers()
    latest.build(history)
    newest = history.latest
    assert newest is not None
    fresh = Freshness(datetime(2026, 8, 8, 12, 0, tzinfo=UTC))
    for base in (None, *history.reports[:-1]):
        start = WAR_START if base is None else base.date + timedelta(days=1)
        query = parse_query(f"since {start.isoformat()}", TODAY)
        assert isinstance(query, Query)
        period = resolve_period(query, history, TODAY)
        assert period == Period(base, newest, ())
        found = latest.message(history, query, period, fresh)
        assert found == answer_message(answer_query(query, history, TODAY, fresh)), start
    # Kept small: the answers share most of their words (7 KiB each as Python objects).
    held = latest._table[1]
    assert len(held) == len(history.reports) and sum(map(len, held.values())) < 400 * len(held)
