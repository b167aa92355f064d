"""What the benchmarks share: a store holding the full history, and the results table."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import socket
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from bot.importer import expand, parse_all, read_all, store_all
from storage.db import ensure_schema, make_engine

SECRET = "bench-signing-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def signed(text: str, trigger_id: str = "") -> tuple[str, dict[str, str]]:
    """A slash command as Slack sends it, signed with `SECRET`."""
    body = urlencode({"team_id": "T1", "channel_id": "C1", "user_id": "U1",
                      "command": "/losses", "text": text, "trigger_id": trigger_id})  # fmt: skip
    ts = str(int(time.time()))
    signature = (
        "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    )
    return body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }


async def wait_up(http: aiohttp.ClientSession, url: str) -> None:
    for _ in range(200):
        try:
            body, headers = signed("help")
            async with http.post(url, data=body, headers=headers) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


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
