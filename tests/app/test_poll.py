"""A poll end to end: a real source server on loopback, a real database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import aiohttp
from sqlalchemy import Engine, select

from bot.app.poll import poll_once
from bot.sources.dataset import DatasetSource
from bot.sources.http import new_session, same_origin, with_credentials
from bot.sources.russianwarship import RussianWarshipSource
from storage.history import load_history
from storage.models import report_revisions
from tests.support.payloads import NOV_2022, api_record, api_records, equipment_rows, personnel_rows
from tests.support.source_server import SourceServer

FAST = aiohttp.ClientTimeout(total=0.5)


def now() -> datetime:
    return datetime(2022, 11, 25, 9, 0, tzinfo=UTC)


def revisions(engine: Engine) -> list[tuple[str, bool]]:
    with engine.connect() as db:
        return [
            (kind, announce)
            for kind, announce in db.execute(
                select(report_revisions.c.kind, report_revisions.c.announce).order_by(
                    report_revisions.c.id
                )
            )
        ]


async def test_the_first_poll_backfills_quietly_and_later_ones_announce_what_is_new(
    engine: Engine, source_server: SourceServer
) -> None:
    first_four = dict(list(NOV_2022.items())[:4])
    source_server.records = api_records(first_four)
    async with new_session(FAST) as http:
        source = RussianWarshipSource(http, source_server.api_url)
        outcome = await poll_once(source, engine, now, refetch_days=2)
        assert outcome.ok and outcome.result is not None and outcome.result.new == 4
        assert revisions(engine) == [("new", False)] * 4
        assert "date_from" not in source_server.requests[0]  # empty store: everything

        source_server.records = api_records()  # 25 Nov is published
        source_server.requests.clear()
        outcome = await poll_once(source, engine, now, refetch_days=2)
    assert outcome.ok and outcome.result is not None
    assert (outcome.result.new, outcome.result.unchanged) == (1, 3)
    # newest stored 24 Nov, re-read two days back
    assert "date_from=2022-11-22" in source_server.requests[0]
    assert revisions(engine)[-1] == ("new", True)
    with engine.connect() as db:
        assert load_history(db).latest.totals["personnel_units"] == 86150  # type: ignore[union-attr]


async def test_a_recent_report_restated_by_the_source_is_stored_as_a_revision(
    engine: Engine, source_server: SourceServer
) -> None:
    source_server.records = api_records()
    async with new_session(FAST) as http:
        source = RussianWarshipSource(http, source_server.api_url)
        await poll_once(source, engine, now, refetch_days=3)
        source_server.records[-2] = api_record("2022-11-24", 85720, 2900)
        outcome = await poll_once(source, engine, now, refetch_days=3)
    assert outcome.ok and outcome.result is not None and outcome.result.restated == 1
    assert revisions(engine)[-1] == ("restated", True)
    with engine.connect() as db:
        history = load_history(db)
    restated = history.on(date(2022, 11, 24))
    assert restated is not None
    assert restated.totals["tanks"] == 2900 and restated.first_reported == {"tanks": 2898}


async def test_a_failing_source_stores_nothing_and_a_bad_record_costs_only_itself(
    engine: Engine, source_server: SourceServer
) -> None:
    source_server.records = api_records()
    async with new_session(FAST) as http:
        source = RussianWarshipSource(http, source_server.api_url)
        for fault, reason in (
            ("500", "HTTP 500"),
            ("truncate", "not valid JSON"),
            ("hang", "timed out"),
        ):
            source_server.faults = ["none", fault]  # the second page fails
            outcome = await poll_once(source, engine, now, refetch_days=3)
            assert not outcome.ok and reason in outcome.message
            assert revisions(engine) == []
        # One bad record costs that record, not the poll: the valid ones are stored.
        source_server.records[3] = {**api_record("2022-11-24", 1, 1), "day": 9}
        outcome = await poll_once(source, engine, now, refetch_days=3)
        assert outcome.ok and "1 records skipped" in outcome.message
        (reason,) = outcome.rejected
        assert "day 9 does not match date 2022-11-24" in reason
        assert len(revisions(engine)) == 4
        source_server.records = api_records()  # the source recovers: the next poll stores it
        outcome = await poll_once(source, engine, now, refetch_days=3)
    assert outcome.ok and outcome.rejected == () and len(revisions(engine)) == 5


async def test_the_dataset_source_polls_the_same_way(
    engine: Engine, source_server: SourceServer
) -> None:
    source_server.files = {
        "russia_losses_personnel.json": personnel_rows(),
        "russia_losses_equipment.json": equipment_rows(),
    }
    async with new_session(FAST) as http:
        outcome = await poll_once(
            DatasetSource(http, source_server.data_url), engine, now, refetch_days=3
        )
    assert outcome.ok and outcome.result is not None and outcome.result.new == 5
    with engine.connect() as db:
        latest = load_history(db).latest
    assert latest is not None and latest.totals == {"personnel_units": 86150, "tanks": 2899}


async def test_a_source_url_with_credentials_reads_every_page_with_them(
    engine: Engine, source_server: SourceServer
) -> None:
    """A source behind Basic auth: the API's next_url names the host without the user and
    password, which is the same host, and the next page is asked for with them."""
    source_server.credentials = "bot:s3cret"
    source_server.records = api_records()  # 5 records, 2 a page: three pages
    url = source_server.api_url.replace("http://", "http://bot:s3cret@")
    async with new_session(FAST) as http:
        outcome = await poll_once(RussianWarshipSource(http, url), engine, now, refetch_days=2)
        assert outcome.ok, outcome.message
        assert outcome.result is not None and outcome.result.new == 5
        assert len(source_server.requests) == 3 and source_server.unauthorised == 0
        # A redirect on the same host keeps them too.
        source_server.faults = [f"redirect:{source_server.api_url}/statistics?offset=0&limit=2"]
        source_server.requests.clear()
        outcome = await poll_once(RussianWarshipSource(http, url), engine, now, refetch_days=2)
    assert outcome.ok, outcome.message
    assert source_server.unauthorised == 0 and "s3cret" not in outcome.message


def test_same_origin_is_scheme_host_and_port_whatever_the_credentials() -> None:
    assert same_origin("http://h.example/a", "http://u:p@h.example/b")
    assert same_origin("https://H.example:443/a", "https://h.example/b")
    assert not same_origin("http://h.example:8080/a", "http://h.example/b")
    assert not same_origin("https://h.example/a", "http://h.example/b")
    assert not same_origin("http://other.example/a", "http://u:p@h.example/b")
    assert not same_origin("http://h.example:x/a", "http://h.example/b")
    assert (
        with_credentials("http://h.example/n", "http://u:p@h.example/b") == "http://u:p@h.example/n"
    )
    assert with_credentials("http://o.example/n", "http://u:p@h.example/b") == "http://o.example/n"
