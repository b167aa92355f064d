"""The history read with the driver alone (`storage.direct`, for a cold `losses-bot ask`) is the
history the server loads through SQLAlchemy, on SQLite and PostgreSQL; where the direct read
cannot vouch for a store it declines, and the full path (which migrates) is taken."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from storage.direct import read_history_directly
from storage.history import load_history
from tests.support.store import T2, fill


def test_the_direct_read_is_the_history_the_server_loads(engine: Engine, database_url: str) -> None:
    fill(engine)
    with engine.connect() as db:
        loaded = load_history(db)
    direct = read_history_directly(database_url)

    assert direct is not None
    assert direct.reports == loaded.reports
    latest = direct.on(date(2022, 11, 24))
    assert latest is not None
    assert latest.totals["tanks"] == 2899 and latest.first_reported == {"tanks": 2898}
    assert latest.qualifiers == {"personnel_units": "about"}
    assert latest.directions == "Avdiivka, Bakhmut and Lyman"
    first = direct.on(date(2022, 11, 23))
    assert first is not None and first.transcriptions == ("test", "wire-copy")
    assert first.totals["tanks"] == 2895 and first.disputed == {
        "tanks": {"test": 2895, "wire-copy": 2894}
    }
    assert direct.corrections == loaded.corrections
    assert [c.value for c in direct.corrections] == [-4]  # the superseded row is not read
    assert direct.claims == loaded.claims
    assert [(c.value, c.team_id) for c in direct.claims] == [(5937, None), (5938, "T1")]
    assert direct.claims[1].entered_at == T2  # aware, in UTC, to the microsecond
    assert direct.oryx is not None and direct.oryx.value("Tanks", date(2022, 11, 23)) == 1950
    assert direct.oryx.value("Tanks", date(2022, 11, 23)) == loaded.oryx.value(  # type: ignore[union-attr]
        "Tanks", date(2022, 11, 23)
    )


def test_a_store_at_an_older_migration_is_left_to_the_full_path(
    engine: Engine, database_url: str
) -> None:
    fill(engine)
    with engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '0010'"))
    assert read_history_directly(database_url) is None


def test_a_store_without_a_schema_is_left_to_the_full_path(database_url: str) -> None:
    assert read_history_directly(database_url) is None


def test_what_the_direct_read_cannot_vouch_for_it_declines_without_touching(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nothing-here.db"
    assert read_history_directly(f"sqlite:///{missing}") is None
    assert not missing.exists()  # the full path creates it, with the schema
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 100)
    assert read_history_directly(f"sqlite:///{garbage}") is None
    assert garbage.read_bytes() == b"not a database" * 100
    for url in (
        "sqlite://",
        "sqlite:///:memory:",
        f"sqlite:///{garbage}?timeout=5",
        "mysql://root@127.0.0.1/test",
        "postgresql+asyncpg://postgres@127.0.0.1/test",
    ):
        assert read_history_directly(url) is None, url


def test_a_relative_sqlite_path_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.db import ensure_schema, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'losses.db'}")
    ensure_schema(engine)
    fill(engine)
    engine.dispose()
    monkeypatch.chdir(tmp_path)
    direct = read_history_directly("sqlite:///losses.db")
    assert direct is not None and len(direct) == 2
