"""Caps kept in the database, under concurrency: sixty install-page visits at once leave at most
`MAX_STATES` open links, and sixty claim forms at once at most `MAX_WORKSPACE_CLAIMS` in a
workspace's ledger. Threads with a connection each, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, func, select, text

import storage.claims
import storage.installations
from bot.core.claims import parse_claim
from storage.claims import LedgerFull, add_claim, list_claims
from storage.installations import TooManyInstalls, state_store

NOW = datetime(2026, 12, 4, 9, tzinfo=UTC)


def at_once(n: int, work: Callable[[int], None]) -> list[BaseException]:
    """`work(i)` in `n` threads released together; what they raised."""
    start, failures = threading.Barrier(n), []

    def run(i: int) -> None:
        start.wait()
        try:
            work(i)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return failures


def test_open_install_links_never_pass_the_cap_under_concurrency(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.installations, "MAX_STATES", 25)
    store = state_store(engine)
    store.metadata.create_all(engine)
    failures = at_once(60, lambda _i: store.issue())
    assert len(failures) == 35 and all(isinstance(f, TooManyInstalls) for f in failures)
    with engine.connect() as db:
        assert db.execute(text("SELECT COUNT(*) FROM slack_oauth_states")).scalar() == 25


def test_a_workspace_ledger_never_passes_its_cap_under_concurrency(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.claims, "MAX_WORKSPACE_CLAIMS", 20)

    def submit(i: int) -> None:
        fields = {"party": f"Party {i}", "metric": "killed", "value": str(100 + i),
                  "as_of": "2022-11-01", "stated_on": "2022-11-09", "source": "Form"}  # fmt: skip
        claim = parse_claim(fields, date(2026, 1, 1))
        claim = type(claim)(**{**claim.__dict__, "team_id": "T1"})
        with engine.begin() as db:
            add_claim(db, claim, "slack:T1:U1", NOW)

    failures = at_once(60, submit)
    assert len(failures) == 40 and all(isinstance(f, LedgerFull) for f in failures)
    with engine.connect() as db:
        assert len(list_claims(db)) == 20
        assert db.execute(select(func.count()).select_from(storage.claims.claims)).scalar() == 20
