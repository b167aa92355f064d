"""Oryx's visually confirmed counts: the file's quirks (sparse dates, summary rows, a renamed
type, decreases, other countries), an all-or-nothing import kept apart from the General Staff's
reports, and the context line, `--json` item and CSV columns it adds to answers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot.core.answer import answer_query
from bot.core.oryx import (
    MATCHES,
    OryxCounts,
    OryxFileError,
    OryxRow,
    is_summary,
    parse_oryx_csv,
)
from bot.core.query.grammar import parse_query
from bot.core.reports import History
from bot.render.context import oryx_missing_sentence, oryx_sentence
from bot.render.csv_export import export_csv
from bot.render.text import render_text
from bot.render.wording import EN, UK
from storage.history import load_history
from storage.models import oryx_counts, oryx_revisions, report_values
from storage.reports import store_reports
from tests.support.cli import run
from tests.support.env import SHARED_DATA
from tests.support.payloads import report
from tests.support.source_server import SourceServer

HEADER = (
    "country,equipment_type,destroyed,abandoned,captured,damaged,type_total,date_recorded,"
    "destroyed_diff,abandoned_diff,captured_diff,damaged_diff,type_total_diff,"
    "destroyed_diff_diff,abandoned_diff_diff,captured_diff_diff,damaged_diff_diff,"
    "type_total_diff_diff"
)
FAR = date(2030, 1, 1)


def line(country: str, kind: str, destroyed: int, on: str, damaged: int = 0) -> str:
    name = f'"{kind}"' if "," in kind else kind
    total = destroyed + damaged
    return f"{country},{name},{destroyed},0,0,{damaged},{total},{on}" + ",0" * 10


# Written for these tests, after the real file's shape: a pre-invasion zero scrape, a summary
# row per scrape, tanks first tracked in 2025 then falling once (Oryx removed a duplicate),
# the trucks type renamed, artillery's two parts tracked from different scrapes, Ukraine's rows.
ROWS = [
    line("Russia", "Aircraft", 0, "2022-02-23"),
    line("Russia", "All Types", 0, "2022-02-23"),
    line("Russia", "Aircraft", 13, "2022-03-19"),
    line("Russia", "All Types", 1610, "2022-03-19"),
    line("Russia", "Aircraft", 63, "2022-10-18"),
    line("Russia", "Tanks", 3800, "2025-03-21", damaged=12),
    line("Russia", "Trucks, Vehicles, and Jeeps", 3916, "2025-03-21"),
    line("Russia", "Self-Propelled Artillery", 898, "2025-03-21"),
    line("Russia", "Tanks", 3809, "2025-03-24", damaged=12),
    line(
        "Russia",
        "Losses of Armoured Combat Vehicles [Tanks, AFVs] - 13080, of which: x",
        1,
        "2025-03-24",
    ),
    line("Russia", "Towed Artillery", 458, "2025-03-27"),
    line("Russia", "Tanks", 3807, "2025-03-31", damaged=12),
    line("Russia", "Trucks, Vehicles, Jeeps, and Trains", 4005, "2025-05-27"),
    line("Ukraine", "Tanks", 1100, "2025-03-21"),
]
FILE = "\n".join([HEADER, *ROWS]) + "\n"


def counts() -> OryxCounts:
    return OryxCounts(parse_oryx_csv(FILE, "daily_count.csv", FAR).rows)


def test_a_types_value_on_a_date_is_its_last_row_on_or_before_it() -> None:
    oryx = counts()
    assert oryx.value("Tanks", date(2025, 3, 20)) is None  # not tracked yet: unknown, not 0
    assert oryx.value("Tanks", date(2025, 3, 21)) == 3812
    assert oryx.value("Tanks", date(2025, 3, 30)) == 3821  # sparse: no row since the 24th
    assert oryx.value("Tanks", date(2025, 3, 31)) == 3819  # a decrease, kept as given
    assert oryx.value("Aircraft", date(2024, 1, 1)) == 63
    assert oryx.scrape_on_or_before(date(2025, 3, 30)) == date(2025, 3, 27)


def test_summary_rows_and_other_countries_are_skipped() -> None:
    parsed = parse_oryx_csv(FILE, "daily_count.csv", FAR)
    assert parsed.skipped_summary == 3 and parsed.other_countries == 1
    assert {r.equipment_type for r in parsed.rows} == {
        "Aircraft",
        "Tanks",
        "Trucks, Vehicles, Jeeps, and Trains",
        "Self-Propelled Artillery",
        "Towed Artillery",
    }
    assert is_summary("All Types") and is_summary("Losses excluding Recon Drones - 17594")
    assert not is_summary("Infantry Fighting Vehicles")


def test_a_renamed_type_continues_under_its_new_name() -> None:
    oryx = counts()
    assert oryx.value("Trucks, Vehicles, Jeeps, and Trains", date(2025, 4, 1)) == 3916
    assert oryx.value("Trucks, Vehicles, and Jeeps", date(2025, 6, 1)) == 4005


def test_a_sum_is_given_only_when_every_part_has_a_count() -> None:
    oryx = counts()
    early = oryx.confirmed(date(2025, 3, 24), ["artillery_systems", "tanks"])
    assert early is not None
    assert [(f.match.key, f.value) for f in early.figures] == [("tanks", 3821)]
    assert [m.key for m in early.missing] == ["artillery_systems"]  # towed: no row yet
    # The file has no towed artillery row before 27 Mar 2025: said so, not "not yet counted".
    assert oryx_missing_sentence(early, EN) == (
        "The Oryx file used has no count of artillery pieces (self-propelled and towed) before "
        "27 Mar 2025."
    )
    assert oryx_missing_sentence(early, UK) == (
        "У використаному файлі Oryx немає даних про артилерійські системи (самохідні й "
        "буксировані) до 27 березня 2025 року."
    )
    later = oryx.confirmed(date(2025, 3, 27), ["artillery_systems"])
    assert later is not None and [f.value for f in later.figures] == [898 + 458]


def test_no_figure_before_the_first_scrape_and_no_zero_cited() -> None:
    oryx = counts()
    assert oryx.confirmed(date(2022, 2, 1), ["planes"]) is None
    zero = oryx.confirmed(date(2022, 3, 1), ["planes"])
    assert zero is not None and zero.figures == () and oryx_sentence(zero, EN) is None
    assert oryx.confirmed(date(2025, 3, 24), ["personnel_units"]) is None  # nothing matches


def test_the_sentence_names_oryx_the_date_and_the_lower_bound() -> None:
    oryx = counts()
    one = oryx.confirmed(date(2025, 3, 25), ["tanks"])
    assert one is not None
    assert oryx_sentence(one, EN) == (
        "Oryx has visually confirmed 3,821 Russian tanks lost as of 24 Mar 2025 (a lower bound: "
        "only losses with photo or video evidence)."
    )
    both = oryx.confirmed(date(2025, 4, 1), ["tanks", "planes"])
    assert both is not None
    assert oryx_sentence(both, EN) == (
        "Oryx has visually confirmed these Russian losses as of 31 Mar 2025 (a lower bound: only "
        "losses with photo or video evidence): 3,819 tanks, 63 aircraft."
    )
    assert oryx_sentence(both, UK) == (
        "Станом на 31 березня 2025 року Oryx візуально підтвердив такі втрати Росії (нижня межа: "
        "лише втрати з фото- чи відеодоказами): «танки» — 3\u00a0819, «літаки» — 63."
    )


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (line("Russia", "Tanks", 1, "2025-03-21").replace(",1,0", ",1x,0", 1), "destroyed"),
        (line("Russia", "Tanks", 1, "21.03.2025"), "YYYY-MM-DD"),
        (line("Russia", "Tanks", 1, "2031-01-01"), "outside"),
        (line("Russia", "Tanks", 1, "2025-03-21").replace(",1,2025", ",9,2025"), "sum"),
        (line("Russia", "Tanks", 4000, "2025-03-21"), "second, different row"),
        (line("", "Tanks", 1, "2025-03-21"), "no country"),
        (line("Russia", "Tanks\x1b[2J", 1, "2025-03-21"), "printable"),
        ("Russia,Tanks,1,0", "columns"),
    ],
)
def test_a_bad_row_rejects_the_file_with_its_line(bad: str, reason: str) -> None:
    text = "\n".join([HEADER, *ROWS[:6], bad, *ROWS[6:]])
    with pytest.raises(OryxFileError) as error:
        parse_oryx_csv(text, "daily_count.csv", FAR)
    assert "daily_count.csv line 8" in str(error.value)
    assert reason in str(error.value)


def test_a_file_that_is_not_oryxs_is_refused() -> None:
    with pytest.raises(OryxFileError, match="not Oryx's"):
        parse_oryx_csv("date,tanks\n2022-11-24,2898\n", "other.csv", FAR)


def test_the_csv_export_has_oryxs_figure_in_its_own_columns() -> None:
    history_reports = [report(f"2025-03-{d}", tanks=10000 + d) for d in (20, 24, 31)]
    history = History([*history_reports, report("2025-06-01", tanks=10500)], oryx=counts())
    text = export_csv(history, history.reports, ["tanks", "personnel_units"])
    header, *rows = text.splitlines()
    assert header.endswith(",source,oryx_as_of,oryx_tanks")
    assert rows[0].endswith(",test,,")  # before Oryx tracked tanks: empty, not zero
    assert rows[1].startswith("2025-03-24,") and rows[1].endswith(",test,2025-03-24,3821")
    assert ",10031," in rows[2] and rows[2].endswith(",2025-03-31,3819")
    # After the file's last scrape, the count as of it: the rule answers cite Oryx by.
    assert rows[3].startswith("2025-06-01,")
    snapshot = history.oryx.confirmed(date(2025, 6, 1), ["tanks"])  # type: ignore[union-attr]
    assert snapshot is not None and snapshot.figures
    assert rows[3].endswith(f",test,{snapshot.as_of.isoformat()},{snapshot.figures[0].value}")
    without = export_csv(History(history_reports), history_reports, ["tanks"])
    assert "oryx" not in without


def test_every_match_names_known_categories() -> None:
    from bot.core.categories import KNOWN_CATEGORIES

    keys = {c.key for c in KNOWN_CATEGORIES}
    assert all(set(m.categories) <= keys for m in MATCHES)
    assert len({m.key for m in MATCHES}) == len(MATCHES)


# The store and the command line, on SQLite and PostgreSQL.


def seed_reports(engine: Engine) -> None:
    with engine.begin() as db:
        store_reports(
            db,
            [
                report("2025-03-23", tanks=10300, planes=370),
                report("2025-03-24", tanks=10310, planes=370),
            ],
            datetime(2025, 3, 24, tzinfo=UTC),
            announce=False,
        )


async def test_import_keeps_oryx_apart_and_answers_cite_it(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    seed_reports(engine)
    with engine.connect() as db:
        before = db.execute(select(func.count()).select_from(report_values)).scalar()
    path = tmp_path / "daily_count.csv"
    path.write_text(FILE)
    code, out, err = await run(database_url, "import", str(path))
    assert code == 0, err
    assert "Imported 0 reports and 10 Oryx counts from 1 files" in out
    assert "Oryx counts: 10 new, 0 restated, 0 unchanged" in out
    with engine.connect() as db:
        assert db.execute(select(func.count()).select_from(report_values)).scalar() == before
        history = load_history(db)
    query = parse_query("tanks planes on 2025-03-24", date(2025, 3, 25))
    comparison = answer_query(query, history, date(2025, 3, 25))
    assert comparison.change == {"tanks": 10, "planes": 0}  # the General Staff's, untouched
    assert comparison.totals == {"tanks": 10310, "planes": 370}
    assert "Oryx has visually confirmed these Russian losses as of 24 Mar 2025" in render_text(
        comparison
    )
    code, out, err = await run(database_url, "ask", "--json", "tanks", "on", "2025-03-24")
    assert code == 0, err
    (item,) = json.loads(out)["context"]
    assert item["kind"] == "visually_confirmed" and item["party"] == "Oryx"
    assert (item["metric"], item["value"], item["as_of"]) == ("tanks", 3821, "2025-03-24")
    assert item["qualifier"] == "at least" and item["url"].startswith("https://www.oryx")
    code, out, err = await run(database_url, "import", str(path))
    assert "Oryx counts: 0 new, 0 restated, 10 unchanged" in out


async def test_a_restated_row_keeps_what_it_replaced(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "daily_count.csv"
    path.write_text(FILE)
    assert (await run(database_url, "import", str(path)))[0] == 0
    held, restated = (line("Russia", "Tanks", n, "2025-03-24", damaged=12) for n in (3809, 3808))
    path.write_text(FILE.replace(held, restated))
    code, out, err = await run(database_url, "import", str(path))
    assert code == 0, err
    assert "Oryx counts: 0 new, 1 restated, 9 unchanged" in out
    with engine.connect() as db:
        (replaced,) = db.execute(select(oryx_revisions.c.replaced)).scalars()
        assert json.loads(replaced) == {"destroyed": 3809, "total": 3821}
        assert load_history(db).oryx.value("Tanks", date(2025, 3, 24)) == 3820  # type: ignore[union-attr]


async def test_a_bad_file_stores_nothing(database_url: str, engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "daily_count.csv"
    path.write_text(FILE + line("Russia", "Tanks", 1, "2025-13-01") + "\n")
    code, _out, err = await run(database_url, "import", str(path))
    assert code == 1
    assert "Import failed, nothing was stored" in err and "line 16" in err
    with engine.connect() as db:
        assert db.execute(select(func.count()).select_from(oryx_counts)).scalar() == 0


async def test_import_from_a_url(
    database_url: str, engine: Engine, source_server: SourceServer
) -> None:
    source_server.files["daily_count.csv"] = FILE.encode()
    url = f"{source_server.data_url}/daily_count.csv"
    code, out, err = await run(database_url, "import", url)
    assert code == 0, err
    assert "10 Oryx counts" in out
    source_server.faults.append("500")
    code, out, err = await run(database_url, "import", url)
    assert code == 1 and "HTTP 500" in err and "nothing was stored" in err


# The real file, when ../shared/data is present.

REAL = SHARED_DATA / "oryx" / "daily_count.csv"


@pytest.mark.skipif(not REAL.exists(), reason="../shared/data/oryx is not present")
def test_the_real_file_gives_the_readmes_latest_figures() -> None:
    parsed = parse_oryx_csv(REAL.read_text(encoding="utf-8"), str(REAL), FAR)
    oryx = OryxCounts(parsed.rows)
    assert oryx.last_day == date(2025, 7, 19)
    day = date(2025, 7, 19)
    latest = {
        "Tanks": 4074,
        "Infantry Fighting Vehicles": 6069,
        "Armoured Fighting Vehicles": 2200,
        "Armoured Personnel Carriers": 676,
        "Self-Propelled Artillery": 960,
        "Towed Artillery": 483,
        "Multiple Rocket Launchers": 498,
        "Surface-To-Air Missile Systems": 339,
        "Aircraft": 162,
        "Helicopters": 159,
        "Naval Ships and Submarines": 28,
        "Trucks, Vehicles, Jeeps, and Trains": 4099,
    }
    assert {t: oryx.value(t, day) for t in latest} == latest
    assert oryx.value("Trucks, Vehicles, Jeeps, and Trains", date(2025, 5, 23)) == 3991
    assert parsed.skipped_summary > 200 and parsed.other_countries == 382
    assert not any(is_summary(r.equipment_type) for r in parsed.rows)
    snapshot = oryx.confirmed(day, ["tanks"])
    assert snapshot is not None
    assert oryx_sentence(snapshot, EN) == (
        "Oryx has visually confirmed 4,074 Russian tanks lost as of 19 Jul 2025 (a lower bound: "
        "only losses with photo or video evidence)."
    )


def test_answers_and_the_export_cite_oryx_by_one_rule() -> None:
    """The pre-invasion scrape's zero is never a count, and a day without a scrape takes the
    last one before it: in an answer and in the export's column alike."""
    tanks = MATCHES[0]
    rows = [OryxRow("Tanks", date(2022, 2, 24), 0, 0, 0, 0, 0),
            OryxRow("Tanks", date(2022, 2, 26), 10, 0, 5, 0, 15),
            OryxRow("Tanks", date(2025, 7, 19), 3000, 500, 600, 0, 4100)]  # fmt: skip
    oryx = OryxCounts(rows)
    for day in (date(2022, 2, 25), date(2022, 2, 27), date(2025, 7, 20), date(2025, 7, 19)):
        snapshot = oryx.confirmed(day, ["tanks"])
        cited = snapshot.figures[0].value if snapshot and snapshot.figures else None
        assert oryx.column(tanks, day) == cited, day
    assert oryx.column(tanks, date(2022, 2, 25)) is None  # the zero of 24 Feb
    assert oryx.column(tanks, date(2025, 7, 20)) == 4100  # as of 19 Jul, as an answer says
