"""Benchmark: a cold `losses-bot ask on 2022-11-24` on a store with the full history, against
the same venv's `python -c pass`, and what its imports cost.

    .venv/bin/python bench/cold_ask.py [DATA_DIR]   (default: ../shared/data)

Target (issue 30): at most 5x `python -c pass` (issue 11 set 6x). The two commands alternate,
31 runs each, so a machine that speeds up or slows down mid-run moves both; the medians are
compared. Bytecode is written and warm, as on any installed Python (PYTHONDONTWRITEBYTECODE is
unset for the runs). Also `python -X importtime`: the ten slowest imports of one `ask`,
cumulative.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fill_store, full_history_db  # noqa: E402
from tests.support.postgres import fresh_schema  # noqa: E402

RUNS = 31
ASK = ("-m", "bot", "ask", "on", "2022-11-24")
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _env(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cold_ask(database_url: str) -> dict[str, float]:
    """Median milliseconds of `python -c pass` and of a cold `ask`, interleaved."""
    env = _env(database_url)

    def once(*args: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL,
                       cwd=ROOT)  # fmt: skip
        return (time.perf_counter() - started) * 1000

    once(*ASK)  # writes the bytecode of anything not yet compiled
    bare, ask = [], []
    for _ in range(RUNS):
        bare.append(once("-c", "pass"))
        ask.append(once(*ASK))
    return {"pass": statistics.median(bare), "ask": statistics.median(ask)}


def slowest_imports(database_url: str, count: int = 10) -> list[tuple[str, float]]:
    """(module, cumulative ms) of the slowest top-level imports of one `ask`."""
    run = subprocess.run([sys.executable, "-X", "importtime", *ASK], env=_env(database_url),
                         check=True, capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    found = []
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        if not name.startswith("  "):  # a top-level import: its cumulative time is all of it
            found.append((name.strip(), int(cumulative) / 1000))
    return sorted(found, key=lambda item: -item[1])[:count]


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = asyncio.run(full_history_db(data, tmp))
        on_sqlite = cold_ask(sqlite)
        imports = slowest_imports(sqlite)
        with fresh_schema(PG_URL, "bench") as pg:
            asyncio.run(fill_store(data, pg))
            on_pg = cold_ask(pg)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {RUNS}.\n")
    print("| store | `python -c pass` | cold `ask on 2022-11-24` | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in (("SQLite", on_sqlite), ("PostgreSQL", on_pg)):
        print(f"| {name} | {r['pass']:.0f} ms | {r['ask']:.0f} ms | "
              f"{r['ask'] / r['pass']:.1f}x | ≤ 5x |")  # fmt: skip
    print("\nSlowest top-level imports of one `ask` (`python -X importtime`, cumulative ms):\n")
    for name, ms in imports:
        print(f"- `{name}`: {ms:.1f}")


if __name__ == "__main__":
    main()
