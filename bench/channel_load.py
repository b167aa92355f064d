"""Benchmark: a newsroom's mixed traffic against a real `losses-bot serve`, on SQLite and on
PostgreSQL.

    .venv/bin/python bench/channel_load.py [DATA_DIR]   (default: ../shared/data)

2,000 signed `/losses` requests, 50 at a time, each with its own `trigger_id` as Slack sends
them: 94 % questions (half the morning's repeated `since 2022-11-01`, half a different date
each time), 5 % channel commands that write to the store (`subscribe`, `digest weekly`,
`timezone`, `subscriptions`, each in its own channel) and 1 % files (full-history `chart` and
`export`, made after the acknowledgement and uploaded to a fake Slack on loopback).
Targets (issue 11): no response over 1 s and p99 under 500 ms, on both databases. PostgreSQL
is TEST_DATABASE_URL, else the local server (`postgresql://postgres@127.0.0.1:5432/test`), in
a fresh schema dropped afterwards.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fill_store, serve, signed, wait_up  # noqa: E402
from tests.support.fake_slack import FakeSlack  # noqa: E402
from tests.support.postgres import fresh_schema  # noqa: E402

TOTAL, CONCURRENCY = 2_000, 50
CHANNEL_COMMANDS = ("subscribe tanks", "digest weekly", "timezone Europe/Kyiv", "subscriptions")
FILES = ("chart since 2022-02-24", "export since 2022-02-24")  # the full history
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def requests(seed: int = 11) -> list[tuple[str, str, str]]:
    """(kind, text, channel) for every request, shuffled: 1 % files, 5 % channel commands."""
    files = TOTAL // 100
    channel = TOTAL * 5 // 100
    mix = [("file", FILES[i % len(FILES)], f"CF{i}") for i in range(files)]
    mix += [("channel", CHANNEL_COMMANDS[i % 4], f"CC{i}") for i in range(channel)]
    first = date(2022, 3, 1)
    for i in range(TOTAL - files - channel):
        text = "since 2022-11-01" if i % 2 else f"since {first + timedelta(days=i % 1500)}"
        mix.append(("question", text, "C1"))
    random.Random(seed).shuffle(mix)
    return mix


async def run_load(
    http: aiohttp.ClientSession, url: str
) -> tuple[dict[str, list[float]], list[str]]:
    """Seconds per request, by kind, with every response checked; the files' replies."""
    latencies: dict[str, list[float]] = {"question": [], "channel": [], "file": []}
    file_replies: list[str] = []
    queue = list(enumerate(requests()))
    stamp = time.time()

    async def client() -> None:
        while queue:
            i, (kind, text, channel) = queue.pop()
            body, headers = signed(text, f"{stamp}.{i}", channel)
            start = time.perf_counter()
            async with http.post(url, data=body, headers=headers) as response:
                reply = await response.json()
                assert response.status == 200, response.status
            latencies[kind].append(time.perf_counter() - start)
            assert "went wrong" not in reply.get("text", ""), reply
            if kind == "file":
                file_replies.append(reply["text"])

    await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
    return latencies, file_replies


def figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "count": len(ordered),
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000,
        "max": ordered[-1] * 1000,
        "over": sum(s > 1 for s in ordered),
    }


def summary(samples: list[float]) -> str:
    f = figures(samples)
    return f"{f['count']} | {f['p50']:.0f} | {f['p99']:.0f} | {f['max']:.0f} | {f['over']}"


async def measure(
    database: str, url: str, data: Path, slack: FakeSlack, tmp: str
) -> tuple[list[str], dict[str, float]]:
    """Table rows, the figures of every request together, and what became of the files."""
    await fill_store(data, url)
    uploaded_before = len(slack.calls_to("files.completeUploadExternal"))
    with serve(url, slack.api_url, tmp) as (_, events):
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as http:
            await wait_up(http, events)
            await asyncio.sleep(1)
            started = time.perf_counter()
            latencies, file_replies = await run_load(http, events)
            elapsed = time.perf_counter() - started
            # The files are made and uploaded after their acknowledgement: wait for them all.
            accepted = sum(not text.startswith("Too many") for text in file_replies)
            await slack.wait_for(
                lambda: (
                    len(slack.calls_to("files.completeUploadExternal")) - uploaded_before
                    >= accepted
                ),
                timeout=120,
            )
    every = [s for kind in latencies.values() for s in kind]
    rows = [f"| {database} | all | {summary(every)} | {TOTAL / elapsed:.0f} |"]
    rows += [f"| {database} | {kind} | {summary(s)} | |" for kind, s in latencies.items()]
    files = f"{database}: {accepted} of {len(file_replies)} files made and uploaded"
    return rows, figures(every), files


async def on_both(data: Path) -> tuple[list[str], dict[str, dict[str, float]], list[str]]:
    """The load on SQLite, then on PostgreSQL: table rows, figures and files per database."""
    slack = FakeSlack()
    await slack.start()
    rows, overall, files = [], {}, []
    with tempfile.TemporaryDirectory() as tmp:
        table, overall["SQLite"], made = await measure(
            "SQLite", f"sqlite:///{tmp}/bench.db", data, slack, tmp
        )
        rows += table
        files.append(made)
        with fresh_schema(PG_URL, "bench") as pg:
            table, overall["PostgreSQL"], made = await measure("PostgreSQL", pg, data, slack, tmp)
            rows += table
            files.append(made)
    await slack.stop()
    return rows, overall, files


async def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    rows, _, files = await on_both(data)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, client, server and fake "
        f"Slack on one machine; {TOTAL:,} requests, {CONCURRENCY} at a time.\n"
    )
    print("| database | requests | count | p50 ms | p99 ms | max ms | over 1 s | requests/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print(f"\n{'; '.join(files)} (the rest refused as too many at once).")
    print("Targets: none over 1 s, p99 < 500 ms.")


if __name__ == "__main__":
    asyncio.run(main())
