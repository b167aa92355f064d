"""The store on SQLite and PostgreSQL: revisions with history, idempotent re-imports,
all-or-nothing batches."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, Table, func, select, text
from sqlalchemy.exc import IntegrityError

from bot.core.reports import Correction, History, Report, StatedChange
from storage.corrections import store_corrections
from storage.db import ensure_schema, migrate, normalise_url
from storage.history import (
    DISPUTES_SQL,
    FIRST_PUBLISHED_SQL,
    PARTIAL_SQL,
    QUALIFIERS_SQL,
    load_history,
    newest_report_date,
)
from storage.models import corrections, report_revisions, reports, revision_values
from storage.reports import StoreResult, store_reports
from storage.transcriptions import store_transcribed
from tests.support.payloads import report

T1 = datetime(2022, 11, 24, 8, 0, tzinfo=UTC)
T2 = datetime(2022, 11, 25, 8, 0, tzinfo=UTC)


def store(
    engine: Engine, reports: list[Report], at: datetime = T1, announce: bool = True
) -> StoreResult:
    with engine.begin() as db:
        return store_transcribed(db, reports, at, announce, ())


def history(engine: Engine) -> History:
    with engine.connect() as db:
        return load_history(db)


def count(engine: Engine, table: Table) -> int:
    with engine.connect() as db:
        return db.execute(select(func.count()).select_from(table)).scalar_one()


def test_new_reports_are_stored_with_every_figure_and_its_wording(engine: Engine) -> None:
    first = replace(
        report("2022-11-23", "russianwarship.rip", personnel_units=85410, tanks=2897),
        url="https://example.org/273",
        qualifiers={"personnel_units": "about"},
    )
    result = store(engine, [first, report("2022-11-24", personnel_units=85720, tanks=2898)])
    assert (result.new, result.restated, len(result.revision_ids)) == (2, 0, 2)
    stored = history(engine)
    assert [r.date for r in stored.reports] == [date(2022, 11, 23), date(2022, 11, 24)]
    assert stored.reports[0] == replace(first, transcriptions=("russianwarship.rip",))
    with engine.connect() as db:
        assert newest_report_date(db) == date(2022, 11, 24)


def test_storing_the_same_reports_again_changes_nothing(engine: Engine) -> None:
    reports = [report("2022-11-23", tanks=2897), report("2022-11-24", tanks=2898)]
    store(engine, reports)
    again = store(engine, reports, at=T2)
    assert (again.new, again.unchanged, again.revision_ids) == (0, 2, [])
    assert count(engine, report_revisions) == 2


def test_a_restated_figure_becomes_current_and_the_old_one_stays_as_history(
    engine: Engine,
) -> None:
    store(engine, [report("2024-02-26", tanks=655, planes=332)])
    result = store(engine, [report("2024-02-26", tanks=6555, planes=332)], at=T2)  # restated
    assert (result.restated, len(result.revision_ids)) == (1, 1)
    (current,) = history(engine).reports
    assert current.totals == {"tanks": 6555, "planes": 332}
    assert current.first_reported == {"tanks": 655}
    assert current.source == "test" and current.transcriptions == ("test",)
    with engine.connect() as db:
        revisions = db.execute(
            select(
                report_revisions.c.number, report_revisions.c.kind, report_revisions.c.fetched_at
            ).order_by(report_revisions.c.number)
        ).all()
        logged = db.execute(
            select(
                revision_values.c.category, revision_values.c.value, revision_values.c.previous
            ).where(revision_values.c.revision_id == result.revision_ids[0])
        ).all()
    assert [(n, k) for n, k, _ in revisions] == [(1, "new"), (2, "restated")]
    assert revisions[1][2] == T2
    assert logged == [("tanks", 6555, 655)]


def test_a_second_restatement_keeps_the_first_reported_figure(engine: Engine) -> None:
    store(engine, [report("2022-04-22", personnel_units=22000)])
    store(engine, [report("2022-04-22", personnel_units=21300)], at=T2)
    store(engine, [report("2022-04-22", personnel_units=21200)], at=T2)
    (current,) = history(engine).reports
    assert current.totals == {"personnel_units": 21200}
    assert current.first_reported == {"personnel_units": 22000}


def test_figures_for_a_new_category_extend_the_report_without_restating_it(
    engine: Engine,
) -> None:
    store(engine, [report("2022-11-24", personnel_units=85720)])
    result = store(engine, [report("2022-11-24", tanks=2898)])
    assert (result.extended, result.restated) == (1, 0)
    (current,) = history(engine).reports
    assert current.totals == {"personnel_units": 85720, "tanks": 2898}
    assert current.first_reported == {}


def test_a_source_that_lacks_a_category_does_not_erase_it(engine: Engine) -> None:
    store(engine, [report("2026-05-03", tanks=11000, ground_robotic_systems=12)])
    result = store(engine, [report("2026-05-03", tanks=11000)])
    assert result.unchanged == 1
    assert history(engine).reports[0].totals["ground_robotic_systems"] == 12


def test_a_decreasing_total_is_stored_as_reported(engine: Engine) -> None:
    store(
        engine,
        [
            report("2022-10-12", armoured_fighting_vehicles=5181),
            report("2022-10-13", armoured_fighting_vehicles=5167),
        ],
    )
    stored = history(engine)
    assert [r.totals["armoured_fighting_vehicles"] for r in stored.reports] == [5181, 5167]
    assert [(d.date, d.change) for d in stored.decreases(None, date(2022, 10, 13))] == [
        (date(2022, 10, 13), -14)
    ]


def test_a_failing_batch_stores_nothing(engine: Engine) -> None:
    store(engine, [report("2022-11-23", tanks=1)])
    with pytest.raises(IntegrityError), engine.begin() as db:
        store_reports(db, [report("2022-11-24", tanks=2), report("2022-11-25", tanks=3)], T1, True)
        # the same transaction then fails (a second row for a date that now exists)
        db.execute(
            reports.insert().values(
                date=date(2022, 11, 24), day=274, source="x", first_seen_at=T1, updated_at=T1
            )
        )
    assert [r.date for r in history(engine).reports] == [date(2022, 11, 23)]
    assert count(engine, report_revisions) == 1


def test_the_announce_mark_is_kept_per_revision(engine: Engine) -> None:
    store(engine, [report("2022-11-23", tanks=1)], announce=False)
    store(engine, [report("2022-11-24", tanks=2)], announce=True)
    with engine.connect() as db:
        marks = (
            db.execute(select(report_revisions.c.announce).order_by(report_revisions.c.id))
            .scalars()
            .all()
        )
    assert marks == [False, True]


def test_migrations_apply_once_and_ensure_schema_leaves_a_schema_alone(
    database_url: str,
) -> None:
    from storage.db import make_engine

    engine = make_engine(database_url)
    ensure_schema(engine)
    store(engine, [report("2022-11-23", tanks=1)])
    migrate(engine)  # already at head: nothing to do, nothing lost
    ensure_schema(engine)
    assert len(history(engine)) == 1
    engine.dispose()


def test_the_store_is_set_up_for_concurrent_requests(engine: Engine) -> None:
    """A connection for each worker thread, none waiting for the pool; on SQLite, readers that
    do not block the writer (WAL) and a writer that waits its turn rather than failing."""
    from storage.db import DB_THREADS

    assert engine.pool.size() == DB_THREADS  # type: ignore[attr-defined]
    held = [engine.connect() for _ in range(DB_THREADS)]
    try:
        assert all(c.exec_driver_sql("SELECT 1").scalar() == 1 for c in held)
    finally:
        for connection in held:
            connection.close()
    if engine.dialect.name == "sqlite":
        with engine.connect() as db:
            assert db.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert db.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///losses.db", "sqlite:///losses.db"),
    ],
)
def test_herokus_postgres_url_form_is_accepted(raw: str, expected: str) -> None:
    assert normalise_url(raw) == expected


def test_a_store_at_an_older_migration_is_brought_up_to_date(database_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storage import SCHEMA_HEAD
    from storage.db import MIGRATIONS, make_engine

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD
    engine = make_engine(database_url)
    with engine.begin() as connection:  # a store as an earlier release left it
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.execute(
            text(
                "INSERT INTO reports (date, day, source, first_seen_at, updated_at) "
                "VALUES ('2022-11-23', 273, 'test', :at, :at)"
            ),
            {"at": T1},
        )
    ensure_schema(engine)  # what every command does first
    assert count(engine, corrections) == 0 and len(history(engine)) == 1
    store(engine, [replace(report("2022-11-24", tanks=2), directions="Bakhmut")])
    assert history(engine).latest.directions == "Bakhmut"  # type: ignore[union-attr]
    engine.dispose()


def test_corrections_are_stored_once_and_a_restated_one_keeps_the_old_row(
    engine: Engine,
) -> None:
    first = [
        Correction(date(2025, 2, 28), "personnel_units", 1650, "dataset"),
        Correction(date(2022, 10, 13), "armoured_fighting_vehicles", -25, "dataset"),
    ]
    with engine.begin() as db:
        assert store_corrections(db, first, T1).new == 2
    with engine.begin() as db:
        assert store_corrections(db, first, T2).unchanged == 2
    restated = [replace(first[0], value=1600)]
    with engine.begin() as db:
        result = store_corrections(db, restated, T2)
    assert (result.new, result.restated) == (0, 1)
    assert count(engine, corrections) == 3  # the superseded row is kept
    with engine.connect() as db:
        current = sorted(load_history(db).corrections, key=lambda c: c.date)
    assert [(c.key, c.value) for c in current] == [
        ("armoured_fighting_vehicles", -25),
        ("personnel_units", 1600),
    ]
    store(engine, [report("2025-02-27", personnel_units=871850)])
    loaded = history(engine)
    assert [c.value for c in loaded.corrections_in(date(2025, 2, 27), date(2025, 2, 28))] == [1600]


def test_where_most_losses_were_is_stored_revised_with_history_and_never_erased(
    engine: Engine,
) -> None:
    first = replace(report("2022-11-24", tanks=2898), directions="Avdiivka and Bakhmut")
    store(engine, [first])
    store(engine, [replace(first, directions=None)], T2)  # a source without the field
    assert history(engine).latest.directions == "Avdiivka and Bakhmut"  # type: ignore[union-attr]
    result = store(engine, [replace(first, directions="Avdiivka, Bakhmut and Lyman")], T2)
    assert (result.restated, result.unchanged) == (1, 0)
    assert history(engine).latest.directions == "Avdiivka, Bakhmut and Lyman"  # type: ignore[union-attr]
    with engine.connect() as db:
        log = db.execute(
            select(
                report_revisions.c.kind,
                report_revisions.c.directions,
                report_revisions.c.directions_before,
            ).order_by(report_revisions.c.number)
        ).all()
    assert [tuple(row) for row in log] == [
        ("new", "Avdiivka and Bakhmut", None),
        ("restated", "Avdiivka, Bakhmut and Lyman", "Avdiivka and Bakhmut"),
    ]


def test_a_store_from_before_transcriptions_keeps_its_figures_under_their_source(
    database_url: str,
) -> None:
    """Migrations 0013 and 0015 move today's figures under the source whose revision set them:
    the published figures are unchanged, what a report first said is still known."""
    from alembic import command
    from alembic.config import Config

    from storage.db import MIGRATIONS, make_engine

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = make_engine(database_url)
    with engine.begin() as connection:  # a store as 0012 left it: one report, restated once
        config.attributes["connection"] = connection
        command.upgrade(config, "0012")
        run = connection.exec_driver_sql
        run("INSERT INTO reports (date, day, source, first_seen_at, updated_at) VALUES "
            "('2022-11-24', 274, 'russianwarship.rip', '2022-11-24 06:00:00+00:00', "
            "'2022-11-24 09:00:00+00:00')")  # fmt: skip
        report_id = "(SELECT id FROM reports)"
        for number, kind in ((1, "new"), (2, "restated")):
            run("INSERT INTO report_revisions (report_id, number, kind, source, fetched_at, "
                f"announce) VALUES ({report_id}, {number}, '{kind}', 'russianwarship.rip', "
                "'2022-11-24 06:00:00+00:00', false)")  # fmt: skip
        first, second = (f"(SELECT id FROM report_revisions WHERE number = {n})" for n in (1, 2))
        run("INSERT INTO revision_values (revision_id, category, value, previous) VALUES "
            f"({first}, 'tanks', 2897, NULL), ({first}, 'personnel_units', 85720, NULL), "
            f"({second}, 'tanks', 2898, 2897)")  # fmt: skip
        run("INSERT INTO report_values (report_id, category, value, revision_id) VALUES "
            f"({report_id}, 'tanks', 2898, {second}), "
            f"({report_id}, 'personnel_units', 85720, {first})")  # fmt: skip
    ensure_schema(engine)
    (moved,) = history(engine).reports
    assert moved.totals == {"tanks": 2898, "personnel_units": 85720}
    assert moved.transcriptions == ("russianwarship.rip",) and moved.disputed == {}
    assert moved.first_reported == {"tanks": 2897}
    # A second transcription now disagrees, and is flagged, not read as a revision.
    store(engine, [report("2022-11-24", "orc-losses", tanks=2899, personnel_units=85720)])
    after = history(engine).reports[0]
    assert after.disputed == {"tanks": {"orc-losses": 2899, "russianwarship.rip": 2898}}
    assert after.first_reported == {"tanks": 2897}
    engine.dispose()


def test_migration_0018_decides_every_held_dispute_by_the_evidence(database_url: str) -> None:
    """A store from before decisions published the first transcription's figure: upgrading
    decides it again (here by the +1,160 the report states), as a revision that alerts no one."""
    from alembic import command
    from alembic.config import Config

    from storage.db import MIGRATIONS, make_engine

    engine = make_engine(database_url)
    ensure_schema(engine)
    said = {"personnel_units": StatedChange(1160, ("orc-losses",))}
    for name, figures in (("dataset", (660_470, 661_630, 662_970)),
                          ("orc-losses", (660_470, 660_470, 662_970))):  # fmt: skip
        days = [report(f"2024-10-0{6 + i}", name, personnel_units=v) for i, v in enumerate(figures)]
        days[1] = replace(days[1], stated=said) if name == "orc-losses" else days[1]
        store(engine, days)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:  # as 0017 left it: orc-losses' repeated figure published
        config.attributes["connection"] = connection
        command.downgrade(config, "0017")
        connection.exec_driver_sql(
            "UPDATE report_values SET value = 660470 WHERE report_id = "
            "(SELECT id FROM reports WHERE date = '2024-10-07')"
        )
    ensure_schema(engine)
    decided = history(engine).on(date(2024, 10, 7))
    assert decided is not None and decided.totals["personnel_units"] == 661_630
    assert decided.decided == {"personnel_units": "stated_change"}
    with engine.connect() as db:
        last = db.execute(
            select(report_revisions.c.kind, report_revisions.c.announce)
            .order_by(report_revisions.c.id.desc())
            .limit(1)
        ).one()
    assert tuple(last) == ("restated", False)
    engine.dispose()


def test_migration_0022_takes_the_ledgers_remarks_and_report_dates_apart(
    database_url: str,
) -> None:
    """Claims from The Economist's ledger as they were held: a remark written into a name or in
    place of a link becomes the `note`; a date from the compiler's own article, or from a link
    dated before the figure's day, becomes `reported_on`, never the day it was said."""
    from alembic import command
    from alembic.config import Config

    from storage.db import MIGRATIONS, make_engine

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = make_engine(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0021")
        rows = [
            ("Dutch Military Intelligence and Security Service (MIVD; note, timing clarified "
             "via email)", "2025-12-31", "2026-04-21", "https://www.defensie.nl/d/2026/04/21/x",
             ""),
            ("US officials (via The Economist)", "2022-07-24", "2022-07-24",
             "https://www.economist.com/europe/2022/07/24/how-heavy", ""),
            ("NATO officials (via WP)", "2022-04-23", None,
             "https://www.washingtonpost.com/world/2022/03/24/russia", ""),
            ("Mediazona; Meduza", "2024-01-01", None, "", "(new to this piece, via email)"),
            ("UK MoD", "2023-11-30", "2023-12-04", "https://twitter.com/DefenceHQ/status/1", ""),
            ("CIA", "2022-07-20", None, "https://www.reuters.com/world/cia-says-2022-07-20/", ""),
            ("UAlosses", "2025-05-30", None, "",
             "https://ualosses.org/en/soldiers/ (note, one should exclude pre-invasion deaths)"),
        ]  # fmt: skip
        for party, as_of, stated, url, quote in rows:
            connection.execute(
                text("INSERT INTO claims (party, speaker, metric, value, qualifier, as_of, "
                     "stated_on, whose, party_to_war, source, url, quote, entered_by, entered_at) "
                     "VALUES (:party, '', 'killed', 1, '', :as_of, :stated, 'russia', false, "
                     "'compiled by The Economist', :url, :quote, 'test', :at)"),
                {"party": party, "as_of": date.fromisoformat(as_of),
                 "stated": date.fromisoformat(stated) if stated else None, "url": url,
                 "quote": quote, "at": datetime(2026, 12, 1, tzinfo=UTC)},
            )  # fmt: skip
    ensure_schema(engine)
    mivd, us, nato, meduza, uk, cia, ualosses = sorted(history(engine).claims, key=lambda c: c.id)
    assert (mivd.party, mivd.note) == (
        "Dutch Military Intelligence and Security Service (MIVD)",
        "timing clarified via email",
    )
    assert mivd.stated_on == date(2026, 4, 21)  # the ministry's own document: said then
    assert (us.stated_on, us.reported_on) == (None, date(2022, 7, 24))  # the compiler's article
    assert (nato.stated_on, nato.reported_on) == (None, date(2022, 3, 24))  # before its day
    assert nato.known_on is None  # so never among what had been said by a day
    assert (meduza.note, meduza.quote, meduza.url) == ("new to this piece, via email", "", "")
    assert (uk.stated_on, uk.reported_on, uk.note) == (date(2023, 12, 4), None, "")
    # A link dated in a form read only since: dated now, as a new import of the row would be.
    assert cia.stated_on == date(2022, 7, 20)
    assert (ualosses.url, ualosses.note, ualosses.quote) == (
        "https://ualosses.org/en/soldiers/",
        "one should exclude pre-invasion deaths",
        "",
    )
    engine.dispose()


def test_a_history_load_reads_its_rare_figures_from_their_indexes(engine: Engine) -> None:
    """Qualifiers, disputes, partial givers and restated published figures are a few rows among
    every figure of the war: each select reads them from a partial index (migration 0024), not
    by scanning the table."""
    rare = {
        QUALIFIERS_SQL: "ix_report_values_qualified",
        DISPUTES_SQL: "ix_report_values_disputed",
        PARTIAL_SQL: "ix_report_values_given_by",
        FIRST_PUBLISHED_SQL: "ix_revision_values_previous",
    }
    with engine.connect() as db:
        sqlite = engine.dialect.name == "sqlite"
        if not sqlite:  # an empty table is cheapest scanned: ask whether the index can serve
            db.exec_driver_sql("SET enable_seqscan = off")
        for sql, index in rare.items():
            explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
            plan = " ".join(str(row[-1]) for row in db.exec_driver_sql(explain + sql))
            assert index in plan, (sql, plan)
