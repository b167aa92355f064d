"""Transcriptions kept apart: each source's figures and their own history, the published figure
the one most of them give, a disagreement flagged, never read as a revision. On SQLite and
PostgreSQL; the last tests on the real files, skipped without them."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot.app.importer import IMPORT_ORDER, expand, parse_all, read_all, store_all
from bot.core.answer import answer_query
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import History, Report, StatedChange
from bot.render.flags import flag_text
from bot.render.json import answer_json
from bot.render.text import headline
from bot.render.wording import EN, UK
from bot.sources import orc_losses
from storage.history import load_history, store_version
from storage.models import stated_changes, transcription_changes, transcription_values
from storage.reports import StoreResult
from storage.transcriptions import store_transcribed
from tests.support.payloads import report

T1 = datetime(2026, 4, 2, 6, 0, tzinfo=UTC)
T2 = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
ORDER = ("russianwarship.rip", "orc-losses", "dataset")
TODAY = date(2026, 4, 2)


def store(engine: Engine, *reports: Report, at: datetime = T1) -> StoreResult:
    with engine.begin() as db:
        return store_transcribed(db, reports, at, False, ORDER)


def history(engine: Engine) -> History:
    with engine.connect() as db:
        return load_history(db)


def sentence(engine: Engine, text: str) -> str:
    """The copy-ready sentence of the answer."""
    query = parse_query(text, TODAY)
    assert isinstance(query, Query)
    return headline(answer_query(query, history(engine), TODAY))


def ask(engine: Engine, text: str) -> dict[str, object]:
    query = parse_query(text, TODAY)
    assert isinstance(query, Query)
    return answer_json(text, answer_query(query, history(engine), TODAY))


def two_days(source: str, helicopters: int) -> list[Report]:
    return [
        report("2026-03-31", source, personnel_units=1_300_000, helicopters=350),
        report("2026-04-01", source, personnel_units=1_301_000, helicopters=helicopters),
    ]


def test_a_second_transcription_is_kept_apart_and_flagged_never_a_revision(
    engine: Engine,
) -> None:
    store(engine, *two_days("dataset", 351))
    second = store(engine, *two_days("orc-losses", 350), at=T2)
    assert second.new == 0  # the same two reports, now with a second transcription
    with engine.connect() as db:
        rows = db.execute(select(func.count()).select_from(transcription_values)).scalar_one()
        changed = db.execute(
            select(func.count())
            .select_from(transcription_changes)
            .where(transcription_changes.c.previous.is_not(None))
        ).scalar_one()
    assert rows == 8 and changed == 0  # four figures each; neither changed its own
    latest = history(engine).latest
    assert latest is not None
    # Nothing decides between them: the first in the order is used for arithmetic, never stated.
    assert latest.totals["helicopters"] == 350 and latest.decided == {"helicopters": "undecided"}
    assert latest.transcriptions == ("dataset", "orc-losses")
    assert latest.disputed == {"helicopters": {"dataset": 351, "orc-losses": 350}}
    assert latest.first_reported == {}  # two transcriptions differing is not a revision
    answer = ask(engine, "helicopters on 2026-04-01")
    (flag,) = answer["flags"]  # type: ignore[misc]
    assert flag == {
        "kind": "transcriptions_disagree",
        "category": "helicopters",
        "values": {"dataset": 351, "orc-losses": 350},
        "published": 350,
        "decided_by": "undecided",
        "message": "Transcriptions of the report of 1 Apr 2026 (day 1498) disagree on "
        "helicopters: 350 (orc-losses), 351 (dataset); no evidence decides between them, so "
        "neither is stated as fact.",
    }
    assert answer["undecided"] == {  # both ends, never one as fact
        "helicopters": {"change": [0, 1], "total": [350, 351], "disputed": "2026-04-01"}
    }
    assert sentence(engine, "helicopters on 2026-04-01").startswith(
        "Transcriptions of the General Staff's report of 1 Apr 2026 (day 1498) disagree on "
        "helicopters: the change between the General Staff's reports of 31 Mar 2026 (day 1497) "
        "and 1 Apr 2026 (day 1498) is between 0 and 1, and the total is between 350 and 351"
    )
    assert answer["to"]["transcriptions"] == ["dataset", "orc-losses"]  # type: ignore[index]
    assert not [f for f in answer["flags"] if f["kind"] == "revised"]  # type: ignore[index,union-attr]


def test_a_transcription_changing_its_own_figure_is_a_revision(engine: Engine) -> None:
    store(engine, *two_days("dataset", 351))
    store(engine, *two_days("dataset", 352), at=T2)
    latest = history(engine).latest
    assert latest is not None
    assert latest.totals["helicopters"] == 352 and latest.first_reported == {"helicopters": 351}
    assert latest.disputed == {}
    with engine.connect() as db:
        log = db.execute(
            select(transcription_changes.c.value, transcription_changes.c.previous)
            .where(
                transcription_changes.c.category == "helicopters",
                transcription_changes.c.date == date(2026, 4, 1),
            )
            .order_by(transcription_changes.c.id)
        ).all()
    assert [tuple(r) for r in log] == [(352, 351)]  # the change, with what it replaced


def test_a_third_transcription_that_agrees_with_one_side_makes_it_the_published_figure(
    engine: Engine,
) -> None:
    store(engine, *two_days("dataset", 351))
    store(engine, *two_days("orc-losses", 350))
    assert history(engine).latest.totals["helicopters"] == 350  # type: ignore[union-attr]
    store(engine, *two_days("russianwarship.rip", 351))
    latest = history(engine).latest
    assert latest is not None and latest.totals["helicopters"] == 351
    assert latest.disputed["helicopters"] == {
        "dataset": 351, "orc-losses": 350, "russianwarship.rip": 351
    }  # fmt: skip
    said = [flag_text_of(engine, words) for words in (EN, UK)]
    assert said[0].endswith(
        "351 (dataset, russianwarship.rip), 350 (orc-losses); 351 is published because most "
        "transcriptions give it."
    )
    assert "розходяться" in said[1] and "351\u00a0(dataset, russianwarship.rip)" not in said[1]


def flag_text_of(engine: Engine, words: object) -> str:
    query = parse_query("helicopters on 2026-04-01", TODAY)
    assert isinstance(query, Query)
    comparison = answer_query(query, history(engine), TODAY)
    flag = next(f for f in comparison.flags if f.params.get("report") == comparison.report)
    return flag_text(flag, words)  # type: ignore[arg-type]


def test_storing_a_transcription_again_changes_nothing(engine: Engine) -> None:
    store(engine, *two_days("dataset", 351))
    store(engine, *two_days("orc-losses", 350))
    for batch in (two_days("dataset", 351), two_days("orc-losses", 350)):
        again = store(engine, *batch, at=T2)
        assert again.revision_ids == [] and again.unchanged == 2


def test_the_reverse_order_publishes_the_same_figures(engine: Engine) -> None:
    store(engine, *two_days("orc-losses", 350))
    store(engine, *two_days("dataset", 351))
    latest = history(engine).latest
    assert latest is not None and latest.totals["helicopters"] == 350
    assert latest.disputed == {"helicopters": {"dataset": 351, "orc-losses": 350}}


def stating(on: str, source: str, personnel: int, stated: int) -> Report:
    said = {"personnel_units": StatedChange(stated, (source,))}
    return replace(report(on, source, personnel_units=personnel), stated=said)


def test_the_change_a_report_states_is_kept_per_transcription_and_published_by_majority(
    engine: Engine,
) -> None:
    store(engine, report("2025-10-26", "dataset", personnel_units=1_136_890))
    store(engine, stating("2025-10-27", "orc-losses", 1_137_690, 800))
    store(engine, stating("2025-10-27", "russianwarship.rip", 1_137_690, 880))  # a tie
    store(engine, stating("2025-10-27", "dataset", 1_137_690, 800))  # now a majority
    with engine.connect() as db:
        before = store_version(db)
    said = history(engine).on(date(2025, 10, 27)).stated  # type: ignore[union-attr]
    assert said == {"personnel_units": StatedChange(800, ("dataset", "orc-losses"))}
    # Again: nothing new. A transcription saying something else: kept with its history, and
    # the store's version moves, so every process reloads.
    assert store(engine, stating("2025-10-27", "orc-losses", 1_137_690, 800)).transcribed == 0
    store(engine, stating("2025-10-27", "orc-losses", 1_137_690, 880), at=T2)
    with engine.connect() as db:
        assert store_version(db) > before
        rows = db.execute(
            select(stated_changes.c.transcription, stated_changes.c.value).order_by(
                stated_changes.c.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("orc-losses", 800), ("russianwarship.rip", 880), ("dataset", 800), ("orc-losses", 880)
    ]  # fmt: skip
    said = history(engine).on(date(2025, 10, 27)).stated  # type: ignore[union-attr]
    assert said == {"personnel_units": StatedChange(880, ("orc-losses", "russianwarship.rip"))}
    flags = ask(engine, "personnel on 2025-10-27")["flags"]
    (differs,) = [f for f in flags if f["kind"] == "stated_change_differs"]  # type: ignore[index,union-attr]
    assert (differs["stated"], differs["computed"]) == (880, 800)  # type: ignore[index]


def test_an_orc_losses_file_is_recognised_by_its_shape_and_read_defensively() -> None:
    records = [
        {"date": "2026-04-01", "sourceUri": "https://mod.gov.ua/news/x", "personnel": 1301000,
         "rotaryWingAircraft": 350, "submarines": None, "unarmoredVehicles": 80000},
        {"date": "2026-03-31", "sourceUri": "<!channel>", "personnel": 1300000,
         "rotaryWingAircraft": 350, "submarines": None, "unarmoredVehicles": 79900},
    ]  # fmt: skip
    parsed = parse_all([("orc.json", records)])
    (batch,) = parsed.batches
    assert [r.date.isoformat() for r in batch] == ["2026-03-31", "2026-04-01"]  # oldest first
    newest = batch[-1]
    assert newest.source == orc_losses.NAME and newest.day == 1498
    assert newest.totals == {
        "personnel_units": 1301000, "helicopters": 350, "vehicles_fuel_tanks": 80000
    }  # fmt: skip
    assert "submarines" not in newest.totals  # null is "not listed", never zero
    assert batch[0].url is None  # markup is not a link
    as_dataset = parse_all([("orc.json", [{"date": "2026-04-01", "day": 1498, "tank": 1}])])
    assert as_dataset.batches[0][0].source != orc_losses.NAME
    with pytest.raises(Exception, match="unknown keys"):
        parse_all([("orc.json", [{**records[0], "tanks!": 3}])])
    forced = parse_all([("x.json", records)], kind="orc-losses")
    assert forced.batches[0][0].source == orc_losses.NAME
    # Measured on the real history: the dataset gave the stated change where orc-losses did not.
    assert IMPORT_ORDER == ("russianwarship.rip", "2022-Ukraine-Russia-War-Dataset", "orc-losses")


def test_the_real_transcriptions_disagree_where_their_readme_says(
    engine: Engine, shared_data: Path
) -> None:
    """The dataset and orc-losses, imported into one store (in both orders on the two
    databases' runs alike): the published figures, the disagreements, the single
    transcriptions, and a third transcription that settles a tie."""
    orc = str(shared_data / "orc-losses" / "russian-losses.json")
    for locations in (expand([str(shared_data)]), [orc]):
        parsed = parse_all(asyncio.run(read_all(locations)))
        store_all(engine, parsed, T1, show_progress=False)
    helicopters = ask(engine, "helicopters on 2026-04-01")
    disputes = [f for f in helicopters["flags"] if f["kind"] == "transcriptions_disagree"]  # type: ignore[index,union-attr]
    assert disputes and all(
        f["values"] == {"2022-Ukraine-Russia-War-Dataset": 351, "orc-losses": 350} for f in disputes
    )
    personnel = ask(engine, "on 2025-10-27")
    (dispute,) = [
        f for f in personnel["flags"]  # type: ignore[union-attr]
        if f["kind"] == "transcriptions_disagree" and f["category"] == "personnel_units"
        and "27 Oct 2025" in f["message"]
    ]  # fmt: skip
    assert sorted(dispute["values"].values()) == [1_136_890, 1_137_690]
    assert "1,136,890" in dispute["message"] and "1,137,690" in dispute["message"]
    seed = ask(engine, "on 2022-11-24")  # orc-losses has no record of that day
    assert seed["to"]["transcriptions"] == ["2022-Ukraine-Russia-War-Dataset"]  # type: ignore[index]
    assert not [
        f for f in seed["flags"]  # type: ignore[union-attr]
        if f["kind"] == "transcriptions_disagree" and "24 Nov 2022" in f["message"]
    ]  # fmt: skip
    # orc-losses' links state the day's personnel rise: on 28 Feb 2025 (+1,060 stated, +2,710
    # computed) the General Staff's own correction of +1,650 explains it; on 27 Oct 2025 the
    # "+800" its own link states decides for the dataset's figure, so nothing differs.
    explained = ask(engine, "personnel on 2025-02-28")["flags"]
    assert "stated_change_differs" not in {f["kind"] for f in explained}  # type: ignore[index,union-attr]
    assert dispute["published"] == 1_137_690 and dispute["decided_by"] == "stated_change"
    assert (
        "1,137,690 is published because it gives the +800 the report states" in (dispute["message"])
    )
    assert not [f for f in personnel["flags"] if f["kind"] == "stated_change_differs"]  # type: ignore[union-attr,index]
    # A third transcription agreeing with the dataset settles the tie its way.
    third = [
        Report(date(2026, 4, 1), 1498, "russianwarship.rip", {"helicopters": 351}),
    ]
    with engine.begin() as db:
        store_transcribed(db, third, T2, False, IMPORT_ORDER)
    assert history(engine).on(date(2026, 4, 1)).totals["helicopters"] == 351  # type: ignore[union-attr]
    again = parse_all(asyncio.run(read_all([orc])))
    assert store_all(engine, again, T2, show_progress=False).reports.revision_ids == []
    assert json.dumps(ask(engine, "on 2025-10-27"))  # still answers


def test_the_next_report_remakes_a_decision_and_the_change_counts_from_it(engine: Engine) -> None:
    """A dispute left undecided is decided when the next report states its change: the store
    decides again the day before each report it stores, as a revision like any other."""
    for name, figures in (("dataset", (660_470, 661_630)), ("orc-losses", (660_470, 660_470))):
        store(engine, *[report(f"2024-10-0{6 + i}", name, personnel_units=v)
                        for i, v in enumerate(figures)])  # fmt: skip
    held = history(engine).on(date(2024, 10, 7))
    assert held is not None and held.decided == {"personnel_units": "undecided"}
    assert held.totals["personnel_units"] == 660_470  # orc-losses, first in ORDER
    # The next report states +1,340: it counts from the dataset's 661,630.
    result = store(engine, stating("2024-10-08", "orc-losses", 662_970, 1340), at=T2)
    decided = history(engine).on(date(2024, 10, 7))
    assert decided is not None and decided.totals["personnel_units"] == 661_630
    assert decided.decided == {"personnel_units": "next_stated_change"}
    assert result.restated == 1 and result.new == 1  # 7 Oct restated, 8 Oct new
    assert ask(engine, "on 2024-10-08")["change"] == {"personnel_units": 1340}


def test_a_second_transcription_that_only_agrees_moves_the_store_s_version(
    engine: Engine,
) -> None:
    """It changes no published figure, but who transcribed the report: every process must see
    it (serve said "orc-losses … 1 day(s) behind" while the store had its report)."""
    store(engine, *two_days("dataset", 351))
    with engine.connect() as db:
        before = store_version(db)
    store(engine, *two_days("orc-losses", 351), at=T2)
    with engine.connect() as db:
        assert store_version(db) > before
    latest = history(engine).latest
    assert latest is not None and latest.transcriptions == ("dataset", "orc-losses")
