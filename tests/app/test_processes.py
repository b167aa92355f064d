"""Exactly once across real processes: `losses-bot worker` and `serve` as subprocesses, killed
with SIGKILL mid-post and restarted, or run two at a time on one database."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import Engine, select

from bot.core.reports import Report
from storage.models import alert_outbox
from storage.reports import store_reports
from storage.subscriptions import subscribe
from tests.support.fake_slack import FakeSlack
from tests.support.loopback import free_port
from tests.support.payloads import NOV_2022, api_record, api_records
from tests.support.source_server import SourceServer

SECRET = "process-test-signing-secret"
# The installed command, as the Procfile runs it (a spawned file process re-reads its script).
LOSSES_BOT = str(Path(sys.executable).with_name("losses-bot"))
FIRST_FOUR = dict(list(NOV_2022.items())[:4])


class Processes:
    def __init__(
        self, database_url: str, source: SourceServer, slack: FakeSlack, logs: Path
    ) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "LOSSES_SOURCE_URL": source.api_url,
            "SLACK_BOT_TOKEN": "xoxb-process-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "LOSSES_POLL_INTERVAL": "1",
            "LOSSES_DELIVERY_LEASE": "2",
            # The fixtures are of Nov 2022: every alert would otherwise open with "Late:".
            "LOSSES_STALE_AFTER": "400000",
        }
        self.logs = logs
        self.running: list[asyncio.subprocess.Process] = []
        self.started = 0

    async def start(self, command: str = "worker", **env: str) -> asyncio.subprocess.Process:
        # Named before the first await: two started together get a log each.
        self.started += 1
        log = (self.logs / f"{command}-{self.started}.log").open("w")
        process = await asyncio.create_subprocess_exec(
            LOSSES_BOT, command,
            env={**self.env, **env}, stdout=log, stderr=log, stdin=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        self.running.append(process)
        return process

    def log_text(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.logs.glob("*.log")))

    async def stop_all(self) -> None:
        for process in self.running:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 10)
                except TimeoutError:
                    process.kill()
                    await process.wait()


@pytest.fixture
async def processes(
    engine: Engine, database_url: str, source_server: SourceServer, fake_slack: FakeSlack,
    tmp_path: Path,
) -> AsyncIterator[Processes]:  # fmt: skip
    """A store with 22-24 Nov (imported, so never alerted), two subscribed channels, and a
    source that has just published 25 Nov."""
    with engine.begin() as db:
        reports = [
            Report(date=r.date, day=r.day, source=r.source, totals=r.totals)
            for r in _parse(api_records(FIRST_FOUR))
        ]
        store_reports(db, reports, datetime.now(UTC), announce=False)
        subscribe(db, "T1", "C1", (), "U1", datetime.now(UTC))
        subscribe(db, "T1", "C2", ("tanks",), "U1", datetime.now(UTC))
    source_server.records = api_records()
    runner = Processes(database_url, source_server, fake_slack, tmp_path)
    yield runner
    await runner.stop_all()


def _parse(records: list[dict]) -> list[Report]:
    from bot.sources.russianwarship import parse_record

    return [parse_record(r, "fixture") for r in records]


def outbox_rows(engine: Engine) -> list[tuple[str, str, str | None]]:
    with engine.connect() as db:
        return [
            tuple(r)
            for r in db.execute(
                select(
                    alert_outbox.c.channel_id, alert_outbox.c.status, alert_outbox.c.slack_ts
                ).order_by(alert_outbox.c.channel_id)
            )
        ]


async def settled(engine: Engine, slack: FakeSlack) -> None:
    """Every alert sent, then a few more delivery rounds in which a duplicate could appear."""
    deadline = time.monotonic() + 40
    while [s for _, s, _ in outbox_rows(engine)] != ["sent", "sent"]:
        assert time.monotonic() < deadline, f"not delivered: {outbox_rows(engine)}"
        await asyncio.sleep(0.2)
    await asyncio.sleep(3)


def assert_exactly_one_alert_per_channel(engine: Engine, slack: FakeSlack) -> None:
    c1, c2 = slack.posted("C1"), slack.posted("C2")
    assert (len(c1), len(c2)) == (1, 1), (c1, c2)
    assert [ts for _, _, ts in outbox_rows(engine)] == [c1[0]["ts"], c2[0]["ts"]]
    assert c1[0]["text"].startswith("New General Staff report, 25 Nov 2022 (day 275)")


@pytest.mark.parametrize("fault", ["hang-after-post", "hang"])
async def test_a_worker_killed_mid_post_and_restarted_posts_each_alert_once(
    processes: Processes, engine: Engine, fake_slack: FakeSlack, fault: str
) -> None:
    # The first post hangs: after Slack stored it ("hang-after-post") or before ("hang").
    fake_slack.faults["chat.postMessage"] = [fault]
    worker = await processes.start()
    # One post at a time per workspace: C2 (same workspace) waits while C1's post hangs.
    await fake_slack.wait_for(lambda: len(fake_slack.calls_to("chat.postMessage")) == 1)
    await asyncio.sleep(0.3)
    assert [s for _, s, _ in outbox_rows(engine)].count("claimed") == 1
    worker.kill()  # SIGKILL: no cleanup, the claim stays
    await worker.wait()
    await processes.start()
    await settled(engine, fake_slack)
    assert_exactly_one_alert_per_channel(engine, fake_slack)
    # The lapsed claim was checked against the channel before anything was posted again.
    assert len(fake_slack.calls_to("conversations.history")) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == (2 if fault == "hang-after-post" else 3)


async def test_a_worker_killed_mid_edit_and_restarted_corrects_each_alert_once(
    processes: Processes, engine: Engine, fake_slack: FakeSlack, source_server: SourceServer
) -> None:
    """A restated report edits each alert and replies once in its thread, though the worker is
    killed while Slack holds its `chat.update`."""
    worker = await processes.start()
    await settled(engine, fake_slack)
    fake_slack.faults["chat.update"] = ["hang"]
    source_server.records[-1] = api_record("2022-11-25", 86150, 2901)  # tanks restated
    await fake_slack.wait_for(lambda: len(fake_slack.calls_to("chat.update")) == 1)
    worker.kill()  # SIGKILL mid-edit: the correction's claim stays
    await worker.wait()
    await processes.start()
    deadline = time.monotonic() + 40
    while len([m for m in fake_slack.posted("C1") + fake_slack.posted("C2")
               if m.get("thread_ts")]) < 2:  # fmt: skip
        assert time.monotonic() < deadline, outbox_rows(engine)
        await asyncio.sleep(0.2)
    await asyncio.sleep(3)  # a few more rounds in which a duplicate could appear
    for channel in ("C1", "C2"):
        alert, *replies = fake_slack.posted(channel)
        assert alert["text"].startswith("Corrected: tanks 2,901 (was 2,899).")
        assert [r["thread_ts"] for r in replies] == [alert["ts"]]


async def test_two_workers_on_one_database_post_each_alert_once(
    processes: Processes, engine: Engine, fake_slack: FakeSlack
) -> None:
    fake_slack.faults["chat.postMessage"] = ["500-after-post", "429"]
    await asyncio.gather(processes.start(), processes.start())
    await settled(engine, fake_slack)
    assert_exactly_one_alert_per_channel(engine, fake_slack)
    assert len(fake_slack.calls_to("conversations.history")) == 1  # after the ambiguous 500
    assert "Traceback" not in processes.log_text()


async def test_serve_answers_signed_commands_and_alerts_over_http(
    processes: Processes, engine: Engine, fake_slack: FakeSlack
) -> None:
    port = free_port()
    await processes.start("serve", PORT=str(port))
    async with aiohttp.ClientSession() as http:
        deadline = time.monotonic() + 20
        while True:
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    health = await response.json()
                    if health["last_poll"] is not None:
                        break
            except aiohttp.ClientError:
                pass
            assert time.monotonic() < deadline, processes.log_text()
            await asyncio.sleep(0.2)
        assert health["newest_report"] == "2022-11-25"
        assert health["last_poll"]["ok"] is True
        status, answer = await signed_command(http, port, "tanks since 2022-11-24")
        assert status == 200
        assert answer["text"].startswith("Russia lost 2 tanks between the General Staff's reports")
        serve = processes.running[0]
        assert children(serve.pid) == []  # an idle server has no file process
        status, chart = await signed_command(http, port, "chart tanks since 2022-11-23", "C9")
        assert status == 200 and chart["text"].startswith("Drawing the chart of tanks")
    await fake_slack.wait_for(lambda: fake_slack.files_in("C9"), timeout=60)
    assert fake_slack.files_in("C9")[0]["data"].startswith(b"\x89PNG")
    await settled(engine, fake_slack)
    assert_exactly_one_alert_per_channel(engine, fake_slack)
    started = children(serve.pid)  # the file process (and multiprocessing's resource tracker)
    assert started
    await processes.stop_all()
    assert serve.returncode == 0
    for pid in started:
        await wait_gone(pid)  # stopped with the server, not left behind
    log = processes.log_text()
    assert "xoxb-process-test" not in log and SECRET not in log and "Traceback" not in log


def children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


async def wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and "Z" not in _state(pid):
        assert time.monotonic() < deadline, f"process {pid} outlived the server"
        await asyncio.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "Z"


async def signed_command(
    http: aiohttp.ClientSession, port: int, text: str, channel: str = "C1"
) -> tuple[int, Any]:
    body = urlencode({"team_id": "T1", "channel_id": channel, "user_id": "U1",
                      "command": "/losses", "text": text})  # fmt: skip
    timestamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    signature = "v0=" + digest.hexdigest()
    async with http.post(
        f"http://127.0.0.1:{port}/slack/events", data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    ) as response:  # fmt: skip
        return response.status, await response.json()


async def test_serve_over_socket_mode_answers_a_slash_command(
    processes: Processes, fake_slack: FakeSlack
) -> None:
    fake_slack.socket_envelopes = [
        {
            "envelope_id": "e1",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": {
                "team_id": "T1",
                "channel_id": "C1",
                "user_id": "U1",
                "command": "/losses",
                "text": "on 2022-11-24",
            },
        }
    ]
    await processes.start(
        "serve", PORT=str(free_port()), SLACK_APP_TOKEN="xapp-process-test", SLACK_SIGNING_SECRET=""
    )
    await fake_slack.wait_for(lambda: fake_slack.socket_acks, timeout=30)
    (ack,) = fake_slack.socket_acks
    assert ack["envelope_id"] == "e1"
    assert ack["payload"]["response_type"] == "ephemeral"
    assert ack["payload"]["text"].startswith(
        "Russia lost 310 personnel between the General Staff's"
    )
