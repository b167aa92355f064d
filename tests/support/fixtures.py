"""The tests' shared fixtures: a real database per test (an SQLite file, and a fresh PostgreSQL
schema when TEST_DATABASE_URL is set), a source server and a fake Slack on loopback."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.db import ensure_schema, make_engine
from tests.support.alerting_bot import Bot, make_bot
from tests.support.bolt_server import Server, running_server
from tests.support.env import PG_SKIP_REASON, PG_URL, SHARED_DATA
from tests.support.fake_slack import FakeSlack
from tests.support.loop_guard import guard_event_loop
from tests.support.payloads import NOV_2022, api_records
from tests.support.postgres import fresh_schema
from tests.support.source_server import SourceServer


def pytest_report_header() -> str:
    return f"PostgreSQL: {PG_URL}" if PG_URL else PG_SKIP_REASON


@pytest.fixture(autouse=True, scope="session")
def user_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The per-user store (no DATABASE_URL) lives under XDG_DATA_HOME: a temporary folder for
    the whole run, and for every process it starts, never the tester's own."""
    folder = tmp_path_factory.mktemp("user-data")
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_DATA_HOME"]
    else:
        os.environ["XDG_DATA_HOME"] = before


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'losses.db'}"
        return
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    with fresh_schema(PG_URL) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The store, schema created; the test fails if the app queried it on the event loop."""
    engine = make_engine(database_url)
    ensure_schema(engine)
    on_the_loop = guard_event_loop(engine)
    yield engine
    engine.dispose()
    assert not on_the_loop, f"database work on the event loop: {sorted(set(on_the_loop))}"


@pytest.fixture
async def source_server() -> AsyncIterator[SourceServer]:
    server = SourceServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    await slack.start()
    yield slack
    await slack.stop()


@pytest.fixture
async def bot(
    engine: Engine, source_server: SourceServer, fake_slack: FakeSlack
) -> AsyncIterator[Bot]:
    """The service in one process over a source that has published 21-24 Nov 2022, backfilled
    (quietly, as an empty store is); nobody is subscribed yet."""
    bot = make_bot(engine, source_server, fake_slack)
    await bot.service.start()
    source_server.records = api_records(dict(list(NOV_2022.items())[:4]))
    await bot.service.poll_and_deliver()  # the first backfill of an empty store: no alerts
    yield bot
    await bot.service.close()


@pytest.fixture
def shared_data() -> Path:
    if not (SHARED_DATA / "russia_losses_personnel.json").exists():
        pytest.skip(f"{SHARED_DATA} is absent: real-history checks skipped")
    return SHARED_DATA


@pytest.fixture
async def server(engine: Engine, fake_slack: FakeSlack) -> AsyncIterator[Server]:
    """The Bolt endpoint on loopback, over a store holding 23 and 24 Nov 2022."""
    async for running in running_server(engine, fake_slack):
        yield running
