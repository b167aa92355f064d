"""Benchmark: importing the full history, answering a `since` query, and `losses-bot ask`.

    .venv/bin/python bench/store_and_query.py [DATA_DIR]   (default: ../shared/data)

Targets: import of the full history into SQLite in at most 2 s (issue 2); the answer to the
seed's `on 2022-11-24` under 0.1 ms and to a `since` query in at most 2 ms (median,
in-process). Prints a Markdown table for docs/benchmarks.md; a cold `ask` is bench/cold_ask.py.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import print_table  # noqa: E402
from bot.app.importer import expand, parse_all, read_all, store_all  # noqa: E402
from bot.core.answer import answer_query  # noqa: E402
from bot.core.query.grammar import Query, parse_query  # noqa: E402
from bot.render.text import render_text  # noqa: E402
from storage.db import ensure_schema, make_engine  # noqa: E402
from storage.history import load_history  # noqa: E402

TODAY = date(2026, 8, 9)
QUERY = "since 2022-11-01"
ONE_DAY = "on 2022-11-24"  # the seed article's question


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def measure(data: Path) -> list[tuple[str, str, str]]:
    """Import, load and answer figures, as (measure, result, target) rows."""
    locations = expand([str(data)])
    rows: list[tuple[str, str, str]] = []

    read_parse, store, days = [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(3):
            url = f"sqlite:///{tmp}/bench{run}.db"
            engine = make_engine(url)
            ensure_schema(engine)
            start = time.perf_counter()
            batches = parse_all(asyncio.run(read_all(locations)))
            parsed = time.perf_counter()
            store_all(engine, batches, datetime.now(UTC), show_progress=False)
            done = time.perf_counter()
            read_parse.append(parsed - start)
            store.append(done - parsed)
            days = batches.reports
            engine.dispose()
        total = [a + b for a, b in zip(read_parse, store, strict=True)]
        rows.append(
            (
                f"import {days} days into SQLite (read+validate / store)",
                f"{median_ms(total):.0f} ms ({median_ms(read_parse):.0f} / {median_ms(store):.0f})",
                "≤ 2,000 ms",
            )
        )

        db_url = f"sqlite:///{tmp}/bench0.db"
        engine = make_engine(db_url)
        with engine.connect() as db:
            history = load_history(db)

        def load_once() -> None:
            with engine.connect() as db:
                load_history(db)

        load = timed(load_once, 20)
        rows.append(
            (
                f"load the whole history ({len(history)} reports)",
                f"{median_ms(load):.1f} ms",
                "once per process / store change",
            )
        )

        for text, target in ((ONE_DAY, "< 0.1 ms"), (QUERY, "≤ 2 ms")):

            def answer(text: str = text) -> None:
                query = parse_query(text, TODAY, history.keys)
                assert isinstance(query, Query)
                answer_query(query, history, TODAY)

            answer()  # warm the per-history caches (decreases)
            rows.append(
                (
                    f"answer `{text}` (parse + compare), median of 2,000",
                    f"{median_ms(timed(answer, 2000)) * 1000:.0f} µs",
                    target,
                )
            )

        def answer_and_render() -> None:
            query = parse_query(QUERY, TODAY, history.keys)
            assert isinstance(query, Query)
            render_text(answer_query(query, history, TODAY))

        rows.append(
            (
                f"answer `{QUERY}` and render the text, median of 2,000",
                f"{median_ms(timed(answer_and_render, 2000)) * 1000:.0f} µs",
                "",
            )
        )

    return rows


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    rows = measure(data)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print_table(rows)


if __name__ == "__main__":
    main()
