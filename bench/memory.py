"""Benchmark: the RSS of an idle `losses-bot serve` as the war's history grows.

    .venv/bin/python bench/memory.py [--scale N ...] [DATA_DIR]   (default: 1 4 16, ../shared/data)

A history `--scale N` times as long as the real one: the real reports, then N-1 copies of them
dated after it, each copy's totals carried on from the last (so every figure still only rises),
stored as an import stores them. `serve` loads it, makes its newest report's answers, answers a
few questions, and its RSS is read once idle.

Targets (issue 30): idle `serve` at most 100 MiB at 4x today's history, 150 MiB at 16x.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import rss_mib, serve, signed, wait_up  # noqa: E402
from bot.app.importer import expand, parse_all, read_all, store_all  # noqa: E402
from bot.core.reports import Report  # noqa: E402
from bot.core.war import day_number  # noqa: E402
from storage.db import ensure_schema, make_engine  # noqa: E402
from tests.support.fake_slack import FakeSlack  # noqa: E402

QUESTIONS = ("since 2022-11-01", "on 2022-11-24", "tanks last 7 days", "", "brief")


def scaled(reports: list[Report], scale: int) -> list[Report]:
    """The reports, then `scale - 1` copies dated after them, totals carried on."""
    reports = sorted(reports, key=lambda r: r.date)
    span = reports[-1].date - reports[0].date + timedelta(days=1)
    out = list(reports)
    for copy in range(1, scale):
        last = out[-1].totals
        for report in reports:
            on = report.date + span * copy
            totals = {k: v + last.get(k, 0) for k, v in report.totals.items()}
            out.append(replace(report, date=on, day=day_number(on), totals=totals, stated={}))
    return out


async def build_store(data: Path, url: str, scale: int) -> int:
    """A store holding the history `scale` times over; how many reports it holds."""
    engine = make_engine(url)
    ensure_schema(engine)
    files = [f for f in expand([str(data)]) if "correction" not in f]
    parsed = parse_all(await read_all(files))
    parsed.batches = [scaled(batch, scale) for batch in parsed.batches]
    store_all(engine, parsed, datetime.now(UTC), False)
    engine.dispose()
    return max(len(batch) for batch in parsed.batches)


async def idle_rss(data: Path, scale: int) -> tuple[int, float]:
    slack = FakeSlack()
    await slack.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/scaled.db"
            reports = await build_store(data, url, scale)
            with serve(url, slack.api_url, tmp, LOSSES_STALE_AFTER="1000000") as (bot, events):
                async with aiohttp.ClientSession() as http:
                    await wait_up(http, events)
                    for text in QUESTIONS:  # what any server has answered by mid-morning
                        body, headers = signed(text)
                        async with http.post(events, data=body, headers=headers) as response:
                            assert response.status == 200
                    await asyncio.sleep(2)
                    return reports, rss_mib(bot.pid)
    finally:
        await slack.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, nargs="*", default=[1, 4, 16])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    print("| history | reports | idle RSS of `serve` | target |\n| --- | --- | --- | --- |")
    for scale in args.scale:
        reports, rss = await idle_rss(Path(args.data), scale)
        target = {4: "≤ 100 MiB", 16: "≤ 150 MiB"}.get(scale, "")
        print(f"| {scale}x | {reports:,} | {rss:.0f} MiB | {target} |", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
