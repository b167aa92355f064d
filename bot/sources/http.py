"""Fetching JSON over HTTP with a timeout on every request (aiohttp), defensively.

aiohttp rather than a second HTTP stack: slack-bolt's async app and slack-sdk's async client
already run on it. Every failure becomes a `SourceError` with a reason fit for the log, and a
source cannot hurt the bot through HTTP: a body over `MAX_BODY` bytes is refused while it is
read, a redirect is followed only on the same host, JSON nested too deep is a payload error,
and credentials in a URL never appear in a message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import aiohttp

from bot.core.reports import Report
from bot.sources.base import Checks, PayloadError, SourceError, merge_reports

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=20, connect=5, sock_read=10)
USER_AGENT = "losses-bot/0.1 (newsroom Slack bot)"
MAX_BODY = 8 * 1024 * 1024  # the whole dataset file is 0.7 MB; an API page about 40 kB
MAX_REDIRECTS = 3
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK = 64 * 1024


def redact_url(url: str) -> str:
    """The URL without a user name or password: safe for logs, messages and /healthz."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unreadable URL)"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def same_origin(url: str, base: str) -> bool:
    """Whether `url` is on `base`'s scheme, host and port. Credentials in either do not count:
    a next page or a redirect names the host without them."""
    a, b = urlsplit(url), urlsplit(base)
    try:
        ports = (a.port or DEFAULT_PORTS.get(a.scheme), b.port or DEFAULT_PORTS.get(b.scheme))
    except ValueError:  # a port that is not a number
        return False
    return (
        a.scheme in ("http", "https")
        and (a.scheme, (a.hostname or "").lower()) == (b.scheme, (b.hostname or "").lower())
        and ports[0] == ports[1]
    )


def with_credentials(url: str, base: str) -> str:
    """`url` on `base`'s host, carrying `base`'s user and password when it names none: the
    source's next page is read as the first was (aiohttp sends them as Basic auth)."""
    parts, given = urlsplit(url), urlsplit(base)
    if "@" in parts.netloc or "@" not in given.netloc or not same_origin(url, base):
        return url
    userinfo = given.netloc.rsplit("@", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{parts.netloc}"))


async def _read_capped(response: aiohttp.ClientResponse, shown: str, cap: int) -> bytes:
    too_large = f"GET {shown}: the response is larger than {cap / 2**20:g} MB"
    if response.content_length is not None and response.content_length > cap:
        raise SourceError(too_large)
    body = bytearray()
    async for chunk in response.content.iter_chunked(CHUNK):
        body += chunk
        if len(body) > cap:
            raise SourceError(too_large)
    return bytes(body)


async def get_json(session: aiohttp.ClientSession, url: str) -> Any:
    return parse_json(await get_bytes(session, url), redact_url(url))


async def get_bytes(session: aiohttp.ClientSession, url: str, limit: int = 0) -> bytes:
    """The body of a 200 answer, read defensively (size cap, `limit` when smaller than
    `MAX_BODY`; same-host redirects; timeouts)."""
    shown = redact_url(url)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            async with session.get(
                url, headers={"User-Agent": USER_AGENT}, allow_redirects=False
            ) as response:
                if response.status in (301, 302, 303, 307, 308):
                    target = urljoin(url, response.headers.get("Location", ""))
                    if not same_origin(target, url):
                        raise SourceError(f"GET {shown}: redirected to another host; not followed")
                    url = with_credentials(target, url)
                    continue
                if response.status != 200:
                    raise SourceError(f"GET {shown}: HTTP {response.status}")
                body = await _read_capped(response, shown, min(limit or MAX_BODY, MAX_BODY))
                break
        else:
            raise SourceError(f"GET {shown}: too many redirects")
    except TimeoutError:
        raise SourceError(f"GET {shown}: timed out") from None
    except aiohttp.ClientError as error:
        raise SourceError(f"GET {shown}: {network_error(error)}") from None
    return body


# What went wrong on the network, in words an operator reads in /healthz and the logs (the most
# specific first: a DNS failure is a connection failure is a client error).
NETWORK_ERRORS: tuple[tuple[str, str], ...] = (
    ("ClientConnectorDNSError", "the host name could not be resolved (DNS)"),
    ("ClientConnectorCertificateError", "the server's TLS certificate was refused"),
    ("ClientSSLError", "the TLS connection failed"),
    ("ClientConnectorError", "could not connect to the server"),
    ("ServerDisconnectedError", "the server closed the connection"),
    ("ClientPayloadError", "the answer was cut off"),
    ("TooManyRedirects", "too many redirects"),
    ("ClientResponseError", "the server's answer could not be read"),
)


def network_error(error: aiohttp.ClientError) -> str:
    for name, words in NETWORK_ERRORS:
        kind = getattr(aiohttp, name, None)
        if kind is not None and isinstance(error, kind):
            return words
    return f"a network error ({type(error).__name__})"


def parse_json(body: bytes, where: str) -> Any:
    """JSON, or a `PayloadError`: also for nesting deep enough to exhaust the stack."""
    try:
        return json.loads(body)
    except RecursionError:
        raise PayloadError(f"{where}: JSON nested too deeply") from None
    except ValueError as error:  # also UnicodeDecodeError
        raise PayloadError(f"{where}: not valid JSON ({str(error)[:80]})") from None


def new_session(timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=timeout, raise_for_status=False)


class HttpSource:
    """A source read over HTTP from a base URL: a subclass reads its parts (pages, files) and
    this joins them by date, skipping bad records (`rejected`, counted on /healthz) and keeping
    the reports from `since` on."""

    name = ""

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, today: Callable[[], date] = date.today
    ) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/") + "/"
        self.today = today
        self.rejected: list[str] = []

    async def fetch(self, since: date | None) -> list[Report]:
        # A report is published on its own date in Kyiv: one dated later is refused (logged).
        checks = Checks(not_after=self.today(), skip_bad_records=True)
        parts = await self.read_parts(since, checks)
        reports = merge_reports(parts, self.name, checks)
        self.rejected = checks.rejected
        return [r for r in reports if since is None or r.date >= since]

    async def read_parts(self, since: date | None, checks: Checks) -> list[Report]:
        raise NotImplementedError
