"""Secrets never reach the output: credentials in LOSSES_SOURCE_URL are redacted from the log,
poll results and /healthz; a DATABASE_URL that is not a URL (maybe a bare password) is never
echoed."""

from __future__ import annotations

import json

from sqlalchemy import Engine

from bot.app.service import LossesService
from bot.settings import Settings
from bot.sources.http import redact_url
from tests.support.cli import run
from tests.support.loopback import free_port
from tests.support.source_server import SourceServer

PASSWORD = "s3cr3t-Pa55"


def test_redact_url_hides_user_and_password() -> None:
    assert redact_url(f"https://bot:{PASSWORD}@example.org:8443/api/v2?x=1") == (
        "https://***@example.org:8443/api/v2?x=1"
    )
    assert redact_url("https://example.org/api") == "https://example.org/api"


async def test_a_failed_poll_and_healthz_never_show_the_source_password(
    engine: Engine, source_server: SourceServer
) -> None:
    url = source_server.api_url.replace("http://", f"http://bot:{PASSWORD}@")
    service = LossesService(
        Settings(sources=(("russianwarship", url),)), engine, echo=lambda _: None
    )
    await service.start()
    source_server.faults = ["500"]
    await service.poll_and_deliver()
    assert service.last_poll is not None and not service.last_poll.ok
    assert "HTTP 500" in service.last_poll.message
    assert PASSWORD not in json.dumps(service.health())
    await service.close()


async def test_the_poll_command_never_prints_the_source_password(database_url: str) -> None:
    url = f"http://bot:{PASSWORD}@127.0.0.1:{free_port()}/api/v2"
    code, out, err = await run(database_url, "poll", LOSSES_SOURCE_URL=url)
    assert code == 1 and "failed" in out
    assert PASSWORD not in out + err


async def test_a_database_url_that_is_not_a_url_is_never_echoed() -> None:
    code, out, err = await run(PASSWORD, "ask")
    assert code == 2 and "DATABASE_URL: not a database URL" in err
    assert PASSWORD not in out + err


async def test_a_password_given_as_a_query_parameter_is_hidden_too() -> None:
    """psycopg reads `?password=`; the error line names the URL without it."""
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/test?password={PASSWORD}"
    code, out, err = await run(url, "ask")
    assert code == 1 and err.startswith("DATABASE_URL (") and len(err.strip().splitlines()) == 1
    assert PASSWORD not in out + err and "password=***" in err
