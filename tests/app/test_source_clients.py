"""The source clients against a real HTTP server on loopback: paging, faults, timeouts."""

from __future__ import annotations

import random
from datetime import date

import aiohttp
import pytest

from bot.sources.base import PayloadError, SourceError
from bot.sources.dataset import DatasetSource
from bot.sources.http import new_session
from bot.sources.russianwarship import RussianWarshipSource
from tests.support.loopback import free_port
from tests.support.payloads import NOV_2022, api_records, equipment_rows, personnel_rows
from tests.support.source_server import SourceServer

FAST = aiohttp.ClientTimeout(total=0.5)


async def test_all_pages_are_followed_and_records_in_any_order_come_back_sorted(
    source_server: SourceServer,
) -> None:
    source_server.records = api_records()
    random.Random(7).shuffle(source_server.records)
    async with new_session(FAST) as http:
        reports = await RussianWarshipSource(http, source_server.api_url).fetch(None)
    assert [r.date.isoformat() for r in reports] == sorted(NOV_2022)
    assert [r.totals["personnel_units"] for r in reports] == [p for p, _ in NOV_2022.values()]
    assert len(source_server.requests) == 3  # 5 records, 2 a page


async def test_relative_next_urls_are_followed(source_server: SourceServer) -> None:
    source_server.records = api_records()
    source_server.relative_next = True
    async with new_session(FAST) as http:
        reports = await RussianWarshipSource(http, source_server.api_url).fetch(None)
    assert len(reports) == 5


async def test_fetching_since_a_date_asks_the_api_for_it(source_server: SourceServer) -> None:
    source_server.records = api_records()
    async with new_session(FAST) as http:
        reports = await RussianWarshipSource(http, source_server.api_url).fetch(date(2022, 11, 24))
    assert [r.date.isoformat() for r in reports] == ["2022-11-24", "2022-11-25"]
    assert "date_from=2022-11-24" in source_server.requests[0]


@pytest.mark.parametrize(
    ("fault", "error", "reason"),
    [
        ("500", SourceError, "HTTP 500"),
        ("hang", SourceError, "timed out"),
        ("truncate", PayloadError, "not valid JSON"),
    ],
)
@pytest.mark.parametrize("failing_page", [0, 1])
async def test_a_fault_on_any_page_fails_the_fetch_with_a_reason(
    source_server: SourceServer, fault: str, error: type[Exception], reason: str, failing_page: int
) -> None:
    source_server.records = api_records()
    async with new_session(FAST) as http:
        source = RussianWarshipSource(http, source_server.api_url)
        source_server.faults = ["none"] * failing_page + [fault]
        with pytest.raises(error, match=reason):
            await source.fetch(None)
        # Once the source recovers, the same client fetches everything.
        assert len(await source.fetch(None)) == 5


async def test_a_paging_loop_is_stopped(source_server: SourceServer) -> None:
    source_server.records = api_records()
    source_server.next_points_back = True
    async with new_session(FAST) as http:
        with pytest.raises(PayloadError, match="paging does not end"):
            await RussianWarshipSource(http, source_server.api_url).fetch(None)


async def test_the_dataset_source_joins_its_two_files(source_server: SourceServer) -> None:
    source_server.files = {
        "russia_losses_personnel.json": personnel_rows(),
        "russia_losses_equipment.json": equipment_rows(),
    }
    async with new_session(FAST) as http:
        reports = await DatasetSource(http, source_server.data_url).fetch(date(2022, 11, 24))
    assert [(r.date.isoformat(), r.totals) for r in reports] == [
        ("2022-11-24", {"personnel_units": 85720, "tanks": 2898}),
        ("2022-11-25", {"personnel_units": 86150, "tanks": 2899}),
    ]
    assert reports[0].qualifiers == {"personnel_units": "about"}


async def test_a_dataset_file_that_is_an_object_not_rows_is_rejected(
    source_server: SourceServer,
) -> None:
    source_server.files = {
        "russia_losses_personnel.json": {"date": "2022-04-09"},  # as upstream once had it
        "russia_losses_equipment.json": equipment_rows(),
    }
    async with new_session(FAST) as http:
        with pytest.raises(PayloadError, match="expected a JSON array"):
            await DatasetSource(http, source_server.data_url).fetch(None)


async def test_a_network_failure_is_said_in_words_not_a_class_name() -> None:
    """Nothing listens on the port: /healthz and the log say "could not connect", never
    "ClientConnectorError"."""
    url = f"http://127.0.0.1:{free_port()}/api/v2/"
    async with new_session(FAST) as http:
        with pytest.raises(SourceError) as error:
            await RussianWarshipSource(http, url).fetch(None)
    assert "could not connect to the server" in str(error.value)
    assert "Client" not in str(error.value)
