"""What the benchmarks share: a store holding the full history, signed requests, and the
results table."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import hmac
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from bot.app.importer import expand, parse_all, read_all, store_all
from bot.core.claims import parse_claim
from storage.claims import add_claim
from storage.db import ensure_schema, make_engine

SECRET = "bench-signing-secret"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def signed(text: str, trigger_id: str = "", channel: str = "C1") -> tuple[str, dict[str, str]]:
    """A slash command as Slack sends it, signed with `SECRET`."""
    body = urlencode({"team_id": "T1", "channel_id": channel, "user_id": "U1",
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
    """An SQLite store in `folder` holding the full history in `data`; its URL."""
    url = f"sqlite:///{folder}/bench.db"
    await fill_store(data, url)
    return url


async def fill_store(data: Path, url: str) -> None:
    """Everything a newsroom's store holds, from `data` (`../shared/data`): every report and
    correction, Oryx's counts and the seed article's claims, where present."""
    engine = make_engine(url)
    ensure_schema(engine)
    locations = expand([str(data)])
    oryx = data / "oryx" / "daily_count.csv"
    if oryx.is_file():
        locations.append(str(oryx))
    now = datetime.now(UTC)
    store_all(engine, parse_all(await read_all(locations)), now, False)
    claims = data / "claims-from-seed.csv"
    if claims.is_file():
        with engine.begin() as db, claims.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                add_claim(db, parse_claim(row, now.date()), "bench", now)
    engine.dispose()


def print_table(rows: list[tuple[str, str, str]]) -> None:
    print("| measure | result | target |\n| --- | --- | --- |")
    for name, result, target in rows:
        print(f"| {name} | {result} | {target} |")


@contextlib.contextmanager
def serve(
    database_url: str, slack_api_url: str, folder: str, script: str = "", **env: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`losses-bot serve` (or `script`, e.g. the no-op Bolt app) on a free port, configured as
    in production from the environment; the process and its `/slack/events` URL. `env`
    overrides: the source defaults to an unreachable URL polled once a day."""
    port = free_port()
    settings = {**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-bench",
                "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack_api_url,
                "LOSSES_SOURCE_URL": f"http://127.0.0.1:{free_port()}/api/v2",
                "LOSSES_POLL_INTERVAL": "86400", "PORT": str(port), **env}  # fmt: skip
    command = [sys.executable, script] if script else [sys.executable, "-m", "bot", "serve"]
    name = Path(script).stem if script else "serve"
    with open(f"{folder}/{name}-{port}.log", "w") as log:
        process = subprocess.Popen(command, env=settings, stdout=log, stderr=log, cwd=ROOT)
        try:
            yield process, f"http://127.0.0.1:{port}/slack/events"
        finally:
            process.terminate()
            process.wait()
