"""Benchmark: one transcription against two (issues 19 and 28). Importing the dataset alone,
then the dataset and orc-losses into one store (each kept apart, every disputed figure decided
by evidence); loading the history both hold; answering over it; and the decisions alone, over
the whole history. On SQLite, on this machine.

    .venv/bin/python bench/transcriptions.py [DATA_DIR]   (default: ../shared/data)

The published figures are decided when a transcription is stored, once per change, not per
question: an answer reads them as it read the single source's.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app.importer import expand, parse_all, read_all, store_all  # noqa: E402
from bot.core.answer import answer_query  # noqa: E402
from bot.core.disputes import decide  # noqa: E402
from bot.core.query.grammar import Query, parse_query  # noqa: E402
from storage.db import ensure_schema, make_engine  # noqa: E402
from storage.history import load_history  # noqa: E402

NOW = datetime(2026, 8, 23, tzinfo=UTC)
TODAY = date(2026, 8, 23)
LOAD = (
    "import resource, sys; from sqlalchemy import create_engine; "
    "from storage.history import load_history; "
    "e = create_engine(sys.argv[1]); c = e.connect(); h = load_history(c); "
    "print(len(h), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
)


def imported(url: str, locations: list[str]) -> float:
    engine = make_engine(url)
    ensure_schema(engine)
    started = time.perf_counter()
    parsed = parse_all(asyncio.run(read_all(locations)))
    store_all(engine, parsed, NOW, show_progress=False)
    took = time.perf_counter() - started
    engine.dispose()
    return took


def measure(url: str) -> tuple[float, int, int, float]:
    """The history's load time (ms), its report count, the loading process's peak RSS (MiB),
    and the median answer to `on 2022-11-24` (µs)."""
    engine = make_engine(url)
    started = time.perf_counter()
    with engine.connect() as db:
        history = load_history(db)
    load_ms = (time.perf_counter() - started) * 1000
    out = subprocess.run([sys.executable, "-c", LOAD, url], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.split()  # fmt: skip
    query = parse_query("on 2025-10-27", TODAY)
    assert isinstance(query, Query)
    runs = []
    for _ in range(200):
        t = time.perf_counter()
        answer_query(query, history, TODAY)
        runs.append((time.perf_counter() - t) * 1e6)
    engine.dispose()
    return load_ms, int(out[0]), int(out[1]), statistics.median(runs)


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    dataset = expand([str(data)])
    orc = [str(data / "orc-losses" / "russian-losses.json")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        one, two = f"sqlite:///{tmp}/one.db", f"sqlite:///{tmp}/two.db"
        took_one = imported(one, dataset)
        took_two = imported(two, dataset) + imported(two, orc)
        for name, url, took in (("the dataset alone", one, took_one),
                                ("the dataset and orc-losses", two, took_two)):  # fmt: skip
            load_ms, reports, rss, answer = measure(url)
            rows.append((name, f"{took * 1000:,.0f} ms", f"{reports:,}", f"{load_ms:,.0f} ms",
                         f"{rss} MiB", f"{answer:.0f} µs"))  # fmt: skip
        decisions = decide_all(two)
    print(f"Python {sys.version.split()[0]}, SQLite, one run.\n")
    print("| store | import | reports | history load | RSS after load | answer `on 2025-10-27` |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nDeciding every disputed figure of the whole history (115), median of 20: "
          f"{decisions:.1f} ms")  # fmt: skip


def decide_all(url: str) -> float:
    """The median time (ms) of `decide` over every transcription's figures and stated changes,
    as the first import of the second transcription runs it."""
    from storage.transcriptions import _corrections, _figures, _stated

    engine = make_engine(url)
    with engine.connect() as db:
        first, last = date(2022, 2, 24), date(2026, 12, 31)
        figures, stated = _figures(db, first, last), _stated(db, first, last)
        corrections = _corrections(db, first, last)
    engine.dispose()
    runs = []
    for _ in range(20):
        t = time.perf_counter()
        found = decide(figures, stated, corrections, ("2022-Ukraine-Russia-War-Dataset",))
        runs.append((time.perf_counter() - t) * 1000)
    assert len(found) == 115
    return statistics.median(runs)


if __name__ == "__main__":
    main()
