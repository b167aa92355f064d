"""Benchmark: does a burst of `/losses chart` requests delay an alert?

    .venv/bin/python bench/charts_and_alerts.py [DATA_DIR]   (default: ../shared/data)

A real `losses-bot serve` over the full history (SQLite), a source server and a fake Slack on
loopback, the poll every second. A channel subscribes; then a new report is published at the
source, once alone and once while 200 signed `/losses chart` requests (full-history charts)
arrive at once. The delay is the time from publishing to Slack receiving the alert.
Target (issue 8): under 2 s more with the charts than without.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import full_history_db, serve, signed, wait_up  # noqa: E402
from bot.core.reports import Report  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.history import load_history  # noqa: E402
from tests.support.fake_slack import FakeSlack  # noqa: E402
from tests.support.source_server import SourceServer  # noqa: E402

CHARTS = 200


def api_record(report: Report) -> dict[str, Any]:
    return {"date": report.date.isoformat(), "day": report.day, "resource": None,
            "stats": dict(report.totals), "increase": {}}  # fmt: skip


def next_report(last: Report) -> Report:
    day = last.date + timedelta(days=1)
    totals = {k: v + 1 for k, v in last.totals.items()}
    return Report(day, last.day + 1, "bench", totals)


async def command(http: aiohttp.ClientSession, url: str, text: str, trigger: str) -> str:
    body, headers = signed(text, trigger)
    async with http.post(url, data=body, headers=headers) as response:
        return (await response.json()).get("text", "")


async def alert_delay(
    http: aiohttp.ClientSession,
    url: str,
    slack: FakeSlack,
    source: SourceServer,
    report: Report,
    charts: int,
) -> tuple[float, int, int]:
    """Seconds from publishing `report` to its alert in Slack; charts accepted and refused."""
    before = len(slack.posted("C1"))
    source.records.append(api_record(report))
    started = time.perf_counter()
    requests = [
        asyncio.create_task(command(http, url, "chart since 2022-03-01", f"{time.time()}.{i}"))
        for i in range(charts)
    ]
    while len(slack.posted("C1")) == before:
        await asyncio.sleep(0.02)
    delay = time.perf_counter() - started
    replies = await asyncio.gather(*requests)
    busy = sum(reply.startswith("Too many charts") for reply in replies)
    return delay, charts - busy, busy


async def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    slack, source = FakeSlack(), SourceServer(page_size=50)
    await slack.start()
    await source.start()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = await full_history_db(data, tmp)
        engine = make_engine(db_url)
        with engine.connect() as db:
            history = load_history(db)
        engine.dispose()
        source.records = [api_record(r) for r in history.reports[-4:]]
        assert history.latest is not None
        first = next_report(history.latest)
        with serve(db_url, slack.api_url, tmp, LOSSES_SOURCE_URL=source.api_url,
                   LOSSES_POLL_INTERVAL="1", LOSSES_STALE_AFTER="1000000") as (_, url):  # fmt: skip
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=300)) as http:
                await wait_up(http, url)
                await command(http, url, "subscribe", "subscribe.1")
                await asyncio.sleep(2)
                rows = [("no charts", *await alert_delay(http, url, slack, source, first, 0))]
                await asyncio.sleep(2)
                second = next_report(first)
                during = await alert_delay(http, url, slack, source, second, CHARTS)
                rows.append((f"{CHARTS} chart requests at once", *during))
                await asyncio.sleep(1)
                drawn = len(slack.calls_to("files.completeUploadExternal"))
    await source.stop()
    await slack.stop()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; poll every 1 s.\n")
    print("| while | alert delay | charts accepted | charts refused (busy) |")
    print("| --- | --- | --- | --- |")
    for name, delay, accepted, busy in rows:
        print(f"| {name} | {delay:.2f} s | {accepted} | {busy} |")
    print(f"\nCharts posted to Slack by the end: {drawn}. Target: the alert under 2 s later "
          "with the charts than without.")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
