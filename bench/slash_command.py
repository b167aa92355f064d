"""Benchmark: signed `/losses since ...` requests against a running `losses-bot serve`, side by
side with a no-op Bolt app on the same machine, at concurrency 1 and 20; and the RSS of an idle
`serve` process.

    .venv/bin/python bench/slash_command.py [DATA_DIR]   (default: ../shared/data)

Targets (issue 30): our p50 at concurrency 20 at most 1.2x the no-op's for repeated questions,
1.3x for distinct ones. The no-op acknowledges with the very payload we answered the question
with (5 kB of Block Kit), so both send the same bytes. The servers take turns, round by round,
and the ratio is the median of the rounds' ratios: on a shared machine the speed drifts by more
than the difference measured.
A fake Slack on loopback answers Bolt's auth.test; the source is unreachable, so polls fail
quietly and do not compete.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import repeat
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import full_history_db, rss_mib, serve, signed, wait_up  # noqa: E402
from tests.support.fake_slack import FakeSlack  # noqa: E402

QUERY = "since 2022-11-01"


def distinct_queries(seed: int) -> Iterator[str]:
    """`since` a different date each time, and other dates for each `seed`: more than the
    answer cache holds, so every answer is computed afresh."""
    first = date(2022, 3, 1)
    for i in itertools.count(seed * 211):
        yield f"since {first + timedelta(days=i % 1500)}"


async def load(
    http: aiohttp.ClientSession, url: str, concurrency: int, total: int, queries: Iterator[str]
) -> tuple[list[float], float]:
    """`total` requests from `concurrency` clients: each request's latency (s), and the time
    the whole load took (s)."""
    latencies: list[float] = []
    queue = list(range(total))

    async def client() -> None:
        while queue:
            queue.pop()
            body, headers = signed(next(queries))
            start = time.perf_counter()
            async with http.post(url, data=body, headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, time.perf_counter() - started


def figures(latencies: list[float], elapsed: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[int(len(ordered) * 0.99) - 1] * 1000,
        "rps": len(ordered) / elapsed,
    }


ROUNDS = 10  # per measurement, each server in turn: a machine's drift hits both alike


async def compare(
    http: aiohttp.ClientSession, urls: dict[str, str], kind: str, concurrency: int, total: int
) -> dict[str, dict[str, float]]:
    """Each server's figures over `ROUNDS` interleaved rounds, the first server's "ratio" being
    the median of its p50 over the second's, round by round (the order alternating)."""
    latencies: dict[str, list[float]] = {name: [] for name in urls}
    elapsed = dict.fromkeys(urls, 0.0)
    ratios = []
    for i in range(ROUNDS):
        p50 = {}
        for name, url in sorted(urls.items(), reverse=i % 2 == 1):
            queries = distinct_queries(i) if kind == "distinct" else repeat(QUERY)
            taken, seconds = await load(http, url, concurrency, total // ROUNDS, queries)
            latencies[name] += taken
            elapsed[name] += seconds
            p50[name] = statistics.median(taken)
        ours, noop = urls
        ratios.append(p50[ours] / p50[noop])
    result = {name: figures(latencies[name], elapsed[name]) for name in urls}
    for name, r in zip(urls, (statistics.median(ratios), 1.0), strict=True):
        result[name]["ratio"] = r
    return result


async def measure(data: Path) -> tuple[list[tuple[str, str, int, dict[str, float]]], float, float]:
    """(server, queries, concurrency, figures) per run, and the serve's RSS idle and after."""
    slack = FakeSlack()
    await slack.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            # The data ends in Aug 2026: a store as fresh as a live one, not stale.
            url = await full_history_db(data, tmp)
            with serve(url, slack.api_url, tmp, LOSSES_STALE_AFTER="1000000") as (ours, ours_url):
                connector = aiohttp.TCPConnector(limit=100)
                async with aiohttp.ClientSession(connector=connector) as http:
                    await wait_up(http, ours_url)
                    # The no-op replies with our answer's payload (5 kB of Block Kit), not 2
                    # bytes: the comparison is of the work, not of the reply's size.
                    reply = Path(tmp) / "reply.json"
                    body, headers = signed(QUERY)
                    async with http.post(ours_url, data=body, headers=headers) as response:
                        reply.write_bytes(await response.read())
                    noop = str(ROOT / "bench" / "noop_bolt.py")
                    with serve("", slack.api_url, tmp, noop, NOOP_REPLY=str(reply)) as (
                        _,
                        noop_url,
                    ):
                        urls = {"losses-bot serve": ours_url, "no-op Bolt handler": noop_url}
                        return await _runs(http, urls, ours.pid)
    finally:
        await slack.stop()


async def _runs(
    http: aiohttp.ClientSession, urls: dict[str, str], pid: int
) -> tuple[list[tuple[str, str, int, dict[str, float]]], float, float]:
    for url in urls.values():
        await wait_up(http, url)
    await asyncio.sleep(1)
    idle = rss_mib(pid)
    rows = []
    for kind in ("repeated", "distinct"):
        for concurrency, total in ((1, 1200), (20, 6000)):
            for url in urls.values():  # warm up
                queries = distinct_queries(99) if kind == "distinct" else repeat(QUERY)
                await load(http, url, concurrency, 100, queries)
            result = await compare(http, urls, kind, concurrency, total)
            rows += [(name, kind, concurrency, result[name]) for name in urls]
    return rows, idle, rss_mib(pid)


async def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    rows, idle, after = await measure(data)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, client and servers on one "
        f"machine. Queries: repeated `/losses {QUERY}`; distinct `/losses since DATE`.\n"
    )
    print("| server | queries | concurrency | p50 ms | p99 ms | requests/s | p50 vs no-op |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, kind, concurrency, r in rows:
        print(
            f"| {name} | {kind} | {concurrency} | {r['p50']:.2f} | {r['p99']:.2f} | "
            f"{r['rps']:.0f} | {r['ratio']:.2f}x |"
        )
    print(f"\nEach line: {ROUNDS} rounds, the two servers in turn; p50 vs no-op is the median of "
          "the rounds' ratios.")  # fmt: skip
    print(f"\nRSS of `losses-bot serve`: {idle:.0f} MiB idle with the history loaded, "
          f"{after:.0f} MiB after the load")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
