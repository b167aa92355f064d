"""Benchmark: drawing a chart of the full history, and what the first chart costs a server.

    .venv/bin/python bench/chart.py [DATA_DIR]   (default: ../shared/data)

Targets (issue 4): the full-history chart in at most 300 ms once matplotlib is imported; the idle
server's RSS must not grow because charts exist (matplotlib is imported by the file process,
started by the first chart).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import full_history_db, print_table, rss_mib, serve, signed, wait_up  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.history import load_history  # noqa: E402
from tests.support.fake_slack import FakeSlack  # noqa: E402


def in_process(db_url: str) -> list[tuple[str, str, str]]:
    from bot.app.artifacts import chart_artifact, draw_chart

    engine = make_engine(db_url)
    with engine.connect() as db:
        history = load_history(db)
    today = date(2026, 8, 9)
    comparison, keys = chart_artifact("personnel since 2022-02-24", history, today)
    start = time.perf_counter()
    draw_chart(history, comparison, keys)
    first = time.perf_counter() - start
    samples = []
    for _ in range(7):
        start = time.perf_counter()
        artifact = draw_chart(history, comparison, keys)
        samples.append(time.perf_counter() - start)
    return [
        ("first chart, including importing matplotlib", f"{first * 1000:.0f} ms", ""),
        (f"full-history chart ({len(history)} reports, {len(artifact.data):,} bytes PNG), "
         "median of 7", f"{statistics.median(samples) * 1000:.0f} ms", "≤ 300 ms"),
    ]  # fmt: skip


async def server_memory(db_url: str, tmp: str) -> list[tuple[str, str, str]]:
    slack = FakeSlack()
    await slack.start()
    try:
        with serve(db_url, slack.api_url, tmp) as (server, url):
            async with aiohttp.ClientSession() as http:
                await wait_up(http, url)
                for _ in range(50):  # a few questions, as an idle server has had
                    body, headers = signed("since 2022-11-01")
                    async with http.post(url, data=body, headers=headers) as response:
                        await response.read()
                await asyncio.sleep(1)
                idle = rss_mib(server.pid)
                body, headers = signed("chart since 2022-02-24")
                async with http.post(url, data=body, headers=headers) as response:
                    await response.read()
                await slack.wait_for(lambda: slack.files_in("C1"), timeout=60)
                await asyncio.sleep(1)
                after = rss_mib(server.pid)
                children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
                files = sum(rss_mib(int(pid)) for pid in children.split())
    finally:
        await slack.stop()
    return [
        ("RSS of `losses-bot serve`, idle (history loaded, no chart yet)", f"{idle:.0f} MiB", ""),
        ("RSS of `serve` after its first chart (drawn in the file process)", f"{after:.0f} MiB",
         ""),
        ("RSS of its file process (and multiprocessing's resource tracker) after the chart",
         f"{files:.0f} MiB", ""),
    ]  # fmt: skip


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    with tempfile.TemporaryDirectory() as tmp:
        db_url = asyncio.run(full_history_db(data, tmp))
        rows = in_process(db_url) + asyncio.run(server_memory(db_url, tmp))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print_table(rows)


if __name__ == "__main__":
    main()
