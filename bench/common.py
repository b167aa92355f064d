"""What the benchmarks share: a store holding the full history, and the results table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.importer import expand, parse_all, read_all, store_all
from storage.db import ensure_schema, make_engine


async def full_history_db(data: Path, folder: str) -> str:
    """An SQLite store in `folder` holding every report in `data`; its URL."""
    url = f"sqlite:///{folder}/bench.db"
    engine = make_engine(url)
    ensure_schema(engine)
    store_all(engine, parse_all(await read_all(expand([str(data)]))), datetime.now(UTC), False)
    engine.dispose()
    return url


def print_table(rows: list[tuple[str, str, str]]) -> None:
    print("| measure | result | target |\n| --- | --- | --- |")
    for name, result, target in rows:
        print(f"| {name} | {result} | {target} |")
