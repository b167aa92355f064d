"""Every figure of speed where users feel it (issues 11 and 30) from one run, beside its target.

    .venv/bin/python bench/speed.py [DATA_DIR]   (default: ../shared/data; about 2 minutes)

Runs the other benchmarks' measurements in turn, on this machine, with the client on it too:
bench/cold_ask.py, bench/channel_load.py, bench/slash_command.py, bench/store_and_query.py and
bench/memory.py (each also runs alone, with its full table). Prints docs/benchmarks.md's table.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import channel_load, cold_ask, memory, slash_command, store_and_query  # noqa: E402
from bench.common import fill_store, full_history_db  # noqa: E402
from tests.support.postgres import fresh_schema  # noqa: E402


def verdict(ok: bool) -> str:
    return "holds" if ok else "**misses**"


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    rows: list[tuple[str, str, str, str]] = []

    with tempfile.TemporaryDirectory() as tmp:
        sqlite = asyncio.run(full_history_db(data, tmp))
        ask = cold_ask.cold_ask(sqlite)
        imports = cold_ask.slowest_imports(sqlite, 5)
        with fresh_schema(cold_ask.PG_URL, "bench") as pg:
            asyncio.run(fill_store(data, pg))
            ask_pg = cold_ask.cold_ask(pg)
    ratio = ask["ask"] / ask["pass"]
    rows.append((
        "cold `losses-bot ask on 2022-11-24`, SQLite, vs `python -c pass`",
        f"{ask['ask']:.0f} ms vs {ask['pass']:.0f} ms: {ratio:.1f}x", "≤ 5x", verdict(ratio <= 5),
    ))  # fmt: skip
    rows.append((
        "… the same on PostgreSQL (psycopg's import and a TCP connection)",
        f"{ask_pg['ask']:.0f} ms: {ask_pg['ask'] / ask_pg['pass']:.1f}x", "", "",
    ))  # fmt: skip

    # Before the loads: measured on a quiet machine, not in the wake of 20,000 requests.
    measured = {name: result for name, result, _ in store_and_query.measure(data)}
    answer = next(v for k, v in measured.items() if k.startswith("answer `on 2022-11-24`"))
    full = next(v for k, v in measured.items() if k.startswith("import "))

    _, load, _ = asyncio.run(channel_load.on_both(data))
    for database, f in load.items():
        ok = f["over"] == 0 and f["p99"] < 500
        rows.append((
            f"mixed load, {database}: 2,000 requests at 50, 5 % channel commands, 1 % files",
            f"p99 {f['p99']:.0f} ms, slowest {f['max']:.0f} ms, {f['over']:.0f} over 1 s",
            "p99 < 500 ms, none > 1 s", verdict(ok),
        ))  # fmt: skip

    slash, idle, _ = asyncio.run(slash_command.measure(data))
    at20 = {(name, kind): r for name, kind, c, r in slash if c == 20}
    for kind, most in (("repeated", 1.2), ("distinct", 1.3)):
        ours, noop = at20["losses-bot serve", kind], at20["no-op Bolt handler", kind]
        rows.append((
            f"signed `/losses` round trip at concurrency 20, {kind} questions, vs a no-op Bolt "
            "app acknowledging with the same payload",
            f"p50 {ours['p50']:.2f} ms vs {noop['p50']:.2f} ms: {ours['ratio']:.2f}x "
            f"(median of {slash_command.ROUNDS} rounds' ratios)", f"≤ {most}x",
            verdict(ours["ratio"] <= most),
        ))  # fmt: skip

    rows.append(("answer `on 2022-11-24` (parse + compare), median", answer, "< 0.1 ms",
                 verdict(int(answer.split()[0]) < 100)))  # fmt: skip
    rows.append(("RSS of an idle `serve`, full history and its newest answers loaded",
                 f"{idle:.0f} MiB", "< 100 MiB", verdict(idle < 100)))  # fmt: skip
    for scale, most in ((4, 100), (16, 150)):
        reports, rss = asyncio.run(memory.idle_rss(data, scale))
        name = f"RSS of an idle `serve` over a history {scale}x today's ({reports:,} reports)"
        rows.append((name, f"{rss:.0f} MiB", f"≤ {most} MiB", verdict(rss <= most)))
    rows.append(("import the full history into SQLite (read+validate / store)", full, "< 1 s",
                 verdict(int(full.split()[0].replace(",", "")) < 1000)))  # fmt: skip

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, one run.\n")
    print("| measure | result | target | |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\nSlowest top-level imports of a cold `ask` (`python -X importtime`, cumulative):")
    print(", ".join(f"`{name}` {ms:.1f} ms" for name, ms in imports))


if __name__ == "__main__":
    main()
