"""/losses chart and /losses export through the real Bolt endpoint: acknowledged at once, then
the file is uploaded to the fake Slack with files_upload_v2's three steps."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import signal
from datetime import date

import pytest
from sqlalchemy import Engine

from bot.app import artifacts
from bot.app.answers import file_outcome
from bot.core.query.commands import Export
from bot.core.reports import History
from bot.render.csv_export import export_csv
from bot.slack.uploads import JOB_DIED
from storage.history import load_history
from tests.support.bolt_server import Server
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import report

PNG = b"\x89PNG\r\n\x1a\n"


async def test_a_chart_is_acknowledged_then_posted_as_a_png(
    server: Server,
    fake_slack: FakeSlack,
) -> None:
    status, payload = await server.command("chart tanks since 2022-11-23")
    assert (
        status == 200 and payload["text"] == "Drawing the chart of tanks; it will be posted here."
    )
    await fake_slack.wait_for(lambda: fake_slack.files_in("C1"))
    (file,) = fake_slack.files_in("C1")
    assert file["data"].startswith(PNG)
    width, height = (
        int.from_bytes(file["data"][16:20], "big"),
        int.from_bytes(file["data"][20:24], "big"),
    )
    assert (width, height) == (1200, 675)
    assert file["title"] == "Russian losses: tanks, 23 Nov 2022 – 24 Nov 2022"
    assert file["initial_comment"].startswith(
        "Source: General Staff of the Armed Forces of Ukraine"
    )


async def test_an_export_is_posted_as_a_csv_with_the_stored_numbers(
    server: Server,
    fake_slack: FakeSlack,
    engine: Engine,
) -> None:
    status, payload = await server.command("export since 2022-02-24")
    assert status == 200 and payload["text"].startswith(
        "Posting losses-2022-11-22-to-2022-11-24.csv"
    )
    await fake_slack.wait_for(lambda: fake_slack.files_in("C1"))
    (file,) = fake_slack.files_in("C1")
    rows = list(csv.DictReader(io.StringIO(file["data"].decode())))
    with engine.connect() as db:
        stored = load_history(db)
    assert [(r["date"], int(r["personnel_units"]), int(r["tanks"])) for r in rows] == [
        (rep.date.isoformat(), rep.totals["personnel_units"], rep.totals["tanks"])
        for rep in stored.reports
    ]
    assert rows[2]["personnel_units_change"] == "310"


def test_an_export_is_checked_at_once_and_written_after_the_acknowledgement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over the full history the CSV takes a few hundred milliseconds: the upload, made in the
    file thread, writes it; the acknowledgement only checks the request."""
    written: list[int] = []
    monkeypatch.setattr(
        artifacts, "export_csv", lambda *args: written.append(1) or export_csv(*args)
    )
    history = History([report("2022-11-23", tanks=2897), report("2022-11-24", tanks=2898)])
    reply = file_outcome(Export("tanks since 2022-02-24"), history, date(2022, 11, 24))
    assert written == [] and reply.upload is not None
    artifact = reply.upload()
    assert written == [1] and f"Posting {artifact.filename} here." in reply.message.text
    assert artifact.data.decode().splitlines()[-1].startswith("2022-11-24,274,2898,1")


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("chart tanks apc mlrs planes drones", "A chart shows at most 4 categories."),
        ("chart since 2022-06-01", "The store has no report before 1 Jun 2022"),
    ],
)
async def test_a_bad_file_request_is_answered_at_once_and_posts_nothing(
    server: Server,
    fake_slack: FakeSlack,
    text: str,
    reply: str,
) -> None:
    status, payload = await server.command(text)
    assert status == 200 and reply in payload["text"]
    assert fake_slack.calls_to("files.getUploadURLExternal") == []


async def test_when_slack_refuses_the_file_the_user_is_told_privately(
    server: Server,
    fake_slack: FakeSlack,
) -> None:
    fake_slack.faults["files.completeUploadExternal"] = ["not_in_channel"]
    await server.command("export", channel="CPRIVATE")
    await fake_slack.wait_for(lambda: fake_slack.responses)
    (response,) = fake_slack.responses
    assert response["response_type"] == "ephemeral"
    assert response["text"] == (
        "I could not post the file here (not_in_channel). Invite me to the channel (/invite) "
        "and try again."
    )


def _file_processes(server: Server) -> list[int]:
    executor = server.service.files._executor
    return list(executor._processes) if executor is not None else []  # type: ignore[attr-defined]


async def test_a_chart_whose_process_is_killed_is_asked_again_and_the_next_is_drawn(
    server: Server, fake_slack: FakeSlack
) -> None:
    """The file process killed while it starts (importing matplotlib takes it a second): the
    requester is asked to try again, in words; the next chart starts a new process and posts."""
    await server.command("chart tanks since 2022-11-23")
    for _ in range(200):
        if _file_processes(server):
            break
        await asyncio.sleep(0.01)
    (pid,) = _file_processes(server)
    os.kill(pid, signal.SIGKILL)
    await fake_slack.wait_for(lambda: fake_slack.responses)
    assert fake_slack.responses[-1]["text"] == JOB_DIED
    assert fake_slack.files_in("C1") == []
    # Killed again while idle, after a chart: the next request does not see a dead process.
    await server.command("chart tanks since 2022-11-23")
    await fake_slack.wait_for(lambda: fake_slack.files_in("C1"))
    (pid,) = _file_processes(server)
    os.kill(pid, signal.SIGKILL)
    await asyncio.sleep(0.5)
    await server.command("export tanks since 2022-11-23")
    await fake_slack.wait_for(lambda: len(fake_slack.files_in("C1")) == 2)
    assert len(fake_slack.responses) == 1
