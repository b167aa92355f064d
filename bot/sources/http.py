"""Fetching JSON over HTTP with a timeout on every request (aiohttp).

aiohttp rather than a second HTTP stack: slack-bolt's async app and slack-sdk's async client
already run on it. Every failure becomes a `SourceError` with a reason fit for the log.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from bot.sources.base import PayloadError, SourceError

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=20, connect=5, sock_read=10)
USER_AGENT = "losses-bot/0.1 (newsroom Slack bot)"


async def get_json(session: aiohttp.ClientSession, url: str) -> Any:
    try:
        async with session.get(url, headers={"User-Agent": USER_AGENT}) as response:
            if response.status != 200:
                raise SourceError(f"GET {url}: HTTP {response.status}")
            body = await response.read()
    except TimeoutError:
        raise SourceError(f"GET {url}: timed out") from None
    except aiohttp.ClientError as error:
        raise SourceError(f"GET {url}: {type(error).__name__}: {error}") from None
    try:
        return json.loads(body)
    except ValueError as error:  # also UnicodeDecodeError
        raise PayloadError(f"GET {url}: not valid JSON ({error})") from None


def new_session(timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=timeout, raise_for_status=False)
