"""Requests a user or an attacker can send: every text gets a one-line reply, never an exception;
a malformed timestamp is refused; a replayed or retried request does not run twice; long
queries, the memo of answers and the log are bounded; secrets stay out of the output."""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app.asking import Answers, answer_reply
from bot.app.history_cache import HistoryCache
from bot.app.memo import Memo
from bot.app.newsdesk import Newsdesk
from bot.app.outcome import Outcome, Who
from bot.core.query.vocabulary import KEYWORDS
from bot.render.wording import EN
from storage.channels import get_settings
from storage.db import ensure_schema, make_engine
from storage.reports import store_reports
from storage.subscriptions import team_subscriptions
from tests.support.bolt_server import Server, sign
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import report

SORRY, ALREADY = EN.say("sorry"), EN.say("already")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("timezone Europe", "“Europe” is not a time zone name"),
        ("tz Etc", "“Etc” is not a time zone name"),
        ("tz " + "A" * 300, "is not a time zone name"),
        ("tz ../../../etc/passwd", "is not a time zone name"),
        ("tz,Europe/Kyiv", "now follow Europe/Kyiv time"),
        ("last ² weeks", "Say “last N days”"),
        ("last " + "9" * 1900 + " days", "Say “last N days”"),
        ("days ² to 274", "Say “days 270 to 274”"),
    ],
)
async def test_odd_commands_get_a_one_line_reply(server: Server, text: str, expected: str) -> None:
    status, payload = await server.command(text)
    assert status == 200
    assert expected in payload["text"] and SORRY not in payload["text"]


WORDS = [*KEYWORDS, "subscribe", "unsubscribe", "subscriptions", "digest", "weekly", "off",
         "timezone", "tz", "chart", "export", "public", "tanks", "танки", "з", "за", "2022-11-24",
         "24.11", "day", "274", "q1", "2023-W10", "²", "-", "–", "<!channel>", "Europe/Kyiv",
         "Etc", "\u0000", "99999999999", "march", "листопада"]  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=6).map(" ".join),
)


@cache
def _desk() -> Newsdesk:
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{folder / 'hypothesis.db'}")
    ensure_schema(engine)
    with engine.begin() as db:
        store_reports(db, [report("2022-11-23", personnel_units=85410, tanks=2897),
                           report("2022-11-24", personnel_units=85720, tanks=2898)],
                      datetime(2022, 11, 24, tzinfo=UTC), announce=False)  # fmt: skip
    cache_ = HistoryCache(engine)
    cache_.refresh()
    now = datetime(2022, 11, 24, 9, tzinfo=UTC)
    return Newsdesk(engine, cache_, lambda: date(2022, 11, 24), lambda: now)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gets_a_reply_never_an_exception(text: str) -> None:
    reply = asyncio.run(_desk().handle(text, Who("T1", "C1", "U1")))
    assert reply.message.text and SORRY not in reply.message.text


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "12345678901234567890"])
async def test_a_malformed_timestamp_is_401_not_500(server: Server, timestamp: str) -> None:
    body = urlencode({"command": "/losses", "text": "latest", "team_id": "T1"})
    async with server.http.post(
        f"{server.url}/slack/events",
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": sign(body, 0),
        },
    ) as response:
        assert response.status == 401


async def test_a_replayed_channel_command_changes_the_store_once(server: Server) -> None:
    """The request is claimed and the change made in one database hop; a replay is told so,
    an invalid time zone (which changes nothing) is explained again."""
    first = await server.command("digest weekly", trigger_id="6.6.6")
    again = await server.command("digest monthly", trigger_id="6.6.6")
    assert "weekly summary" in first[1]["text"] and again[1]["text"] == ALREADY
    listed = await server.command("subscriptions", trigger_id="6.6.7")
    assert listed[1]["text"] == "No channel in this workspace is subscribed."
    with server.service.engine.connect() as db:
        assert get_settings(db, "T1", "C1").digest == "weekly"  # not the replay's monthly
    for _ in range(2):
        status, payload = await server.command("timezone Mars/Olympus", trigger_id="6.6.8")
        assert status == 200 and "Mars/Olympus" in payload["text"] and payload["text"] != ALREADY


async def test_a_replayed_chart_or_public_answer_runs_once(
    server: Server, fake_slack: FakeSlack
) -> None:
    for _ in range(2):
        status, payload = await server.command("chart tanks since 2022-11-23", trigger_id="7.7.7")
    assert status == 200 and payload["text"] == ALREADY
    await fake_slack.wait_for(lambda: fake_slack.files_in("C1"))
    await asyncio.sleep(0.3)
    assert len(fake_slack.files_in("C1")) == 1
    first = await server.command("tanks public", trigger_id="8.8.8")
    again = await server.command("tanks public", trigger_id="8.8.8")
    assert first[1]["response_type"] == "in_channel"
    assert again[1]["response_type"] == "ephemeral" and again[1]["text"] == ALREADY
    # A private question is answered again: it changes nothing and posts nothing.
    assert (await server.command("tanks", trigger_id="9.9.9"))[1]["text"].startswith("Russia lost")
    assert (await server.command("tanks", trigger_id="9.9.9"))[1]["text"].startswith("Russia lost")


async def test_a_retried_slash_command_keeps_the_trigger_id_rule(
    server: Server, fake_slack: FakeSlack
) -> None:
    """A retry of a command already handled is not run again; one whose first delivery never
    reached the bot (a deploy) runs."""
    retry = {"X-Slack-Retry-Num": "1"}
    await server.command("chart tanks since 2022-11-23", trigger_id="5.5.5")
    status, payload = await server.command(
        "chart tanks since 2022-11-23", trigger_id="5.5.5", headers=retry
    )
    assert status == 200 and payload["text"] == ALREADY
    status, payload = await server.command("subscribe", trigger_id="5.5.6", headers=retry)
    assert status == 200 and "will now get an alert" in payload["text"]
    await fake_slack.wait_for(lambda: fake_slack.files_in("C1"))
    await asyncio.sleep(0.3)
    assert len(fake_slack.files_in("C1")) == 1


async def test_a_retried_event_runs_once_it_was_not_handled_and_never_twice(
    server: Server, fake_slack: FakeSlack
) -> None:
    # Handled the first time: Slack's retry of it is acknowledged without running again.
    assert (await server.event("app_home_opened", event_id="Ev1", tab="home", user="U1"))[0] == 200
    assert (await server.event("app_home_opened", event_id="Ev1", retry=1, tab="home",
                               user="U1"))[0] == 200  # fmt: skip
    await fake_slack.wait_for(lambda: fake_slack.calls_to("views.publish"))
    await asyncio.sleep(0.3)
    assert len(fake_slack.calls_to("views.publish")) == 1
    # The first delivery never reached the bot (a deploy): the retry runs.
    await server.command("subscribe")
    assert (await server.event("app_uninstalled", event_id="Ev2", retry=1))[0] == 200
    with server.service.engine.connect() as db:
        assert team_subscriptions(db, "T1") == []
    # Reinstalled and subscribed again: a later retry of the handled uninstall changes nothing.
    await server.command("subscribe")
    assert (await server.event("app_uninstalled", event_id="Ev2", retry=2))[0] == 200
    with server.service.engine.connect() as db:
        assert len(team_subscriptions(db, "T1")) == 1


async def test_a_long_query_is_refused_in_one_line_and_a_huge_one_never_parsed(
    server: Server,
) -> None:
    status, payload = await server.command("tanks " * 500)
    assert status == 200 and payload["text"].startswith("That is 3,000 characters")
    started = time.perf_counter()
    status, _ = await server.command("x" * 1_000_000)
    assert status == 413 and time.perf_counter() - started < 2
    async with server.http.get(f"{server.url}/healthz") as response:
        assert response.status == 200


def test_the_memo_of_answers_is_bounded_and_keeps_the_recently_used() -> None:
    memo: Memo[str] = Memo(max_entries=10)
    for i in range(256):
        memo.get(i, lambda: "x")
    assert len(memo) == 10 and 255 in memo and 245 not in memo
    memo.get(246, lambda: "y")  # a hit: used again, kept longest
    for i in range(300, 309):
        memo.get(i, lambda: "x")
    assert 246 in memo and 247 not in memo
    assert Answers().memo.max_entries <= 256


def _held(value: object, seen: set[int]) -> int:
    """The bytes `value` holds as Python objects, its contents included."""
    if id(value) in seen:
        return 0
    seen.add(id(value))
    inside: Iterable[object] = ()
    if isinstance(value, dict):
        inside = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple):
        inside = value
    return sys.getsizeof(value) + sum(_held(v, seen) for v in inside)


@pytest.mark.parametrize(
    "text",
    ["", "since 2022-11-23", "tanks on 2022-11-24", "танки за 24.11.2022", "since 2022-11-24 "
     "public", "help", "since banana", "on 2030-01-01", "claims", "x" * 2_000],
)  # fmt: skip
def test_a_memoised_reply_holds_no_more_than_the_memo_allows_for(text: str) -> None:
    """`Answers` keeps 256 replies on the ground that none holds over 25 kB as objects."""
    desk = _desk()
    reply = answer_reply(desk.cache.current, text, date(2022, 11, 24), desk.freshness())
    assert isinstance(reply, Outcome)
    assert _held(reply.message.blocks, set()) + sys.getsizeof(reply.message.text) < 25_000


async def test_what_is_logged_of_a_query_is_a_prefix_with_control_characters_escaped(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # questions are logged at DEBUG
    await server.command("tanks\n\x1b[31mFAKE LOG LINE " + "y" * 1_500)
    await server.command("танки за тиждень")
    line, ukrainian = [
        r.getMessage() for r in caplog.records if r.getMessage().startswith("/losses ")
    ]
    assert ukrainian.startswith("/losses танки за тиждень")  # readable, not escaped
    assert "\n" not in line and "\x1b" not in line and "\\n\\x1b[31m" in line
    assert len(line) < 600 and "(1,525 characters)" in line


async def test_a_bad_signature_is_refused_without_logging_the_body(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    status, _ = await server.command("latest", secret="wrong")
    assert status == 401
    assert "response_url" not in caplog.text and "hooks" not in caplog.text
    assert "legacy" not in caplog.text  # Slack's verification token


async def test_slack_markup_typed_by_a_user_is_escaped_in_the_ack_text(server: Server) -> None:
    status, payload = await server.command("<!channel> tanks")
    assert status == 200
    assert "<!channel>" not in str(payload) and "&lt;!channel&gt;" in payload["text"]


async def test_a_burst_of_chart_requests_is_bounded_and_the_rest_refused_in_one_line(
    server: Server, fake_slack: FakeSlack
) -> None:
    replies = await asyncio.gather(
        *(server.command("chart tanks since 2022-11-23") for _ in range(30))
    )
    texts = [payload["text"] for _, payload in replies]
    accepted = [t for t in texts if t.startswith("Drawing the chart")]
    refused = [t for t in texts if t.startswith("Too many charts")]
    workers = server.service.files
    assert len(accepted) + len(refused) == 30
    # Never more than `max_waiting` in hand at once (one may finish during the burst).
    assert accepted and refused and workers.most_in_hand == workers.max_waiting
    await fake_slack.wait_for(lambda: len(fake_slack.files_in("C1")) == len(accepted), timeout=30)
    assert workers.in_hand == 0  # every admitted file finished and was counted out


async def _raw_post(server: Server, body: bytes, headers: dict[str, str]) -> int:
    async with server.http.post(f"{server.url}/slack/events", data=body, headers=headers) as r:
        return r.status


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 2_000,
        b"payload=" + b"%5B" * 40_000,
        b'{"type": "event_callback", "event": ' * 2_000,
        b"\xff\xfe not utf-8",
    ],
    ids=["deep-json", "deep-payload", "deep-object", "not-utf8"],
)
async def test_an_unsigned_hostile_body_is_401_before_it_is_parsed(
    server: Server, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    timestamp = str(int(time.time()))
    content_type = "application/json" if body.startswith((b"[", b"{")) else "text/plain"
    for _ in range(20):
        status = await _raw_post(
            server,
            body,
            {
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": "v0=" + "0" * 64,
            },
        )
        assert status == 401
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert len(caplog.text) < 2_000


async def test_a_non_ascii_signature_is_401(server: Server) -> None:
    """Sent over a raw socket: HTTP clients refuse to send such a header."""
    host, port = server.url.removeprefix("http://").split(":")
    body = b"command=%2Flosses&text=latest"
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        + f"X-Slack-Request-Timestamp: {int(time.time())}\r\n".encode()
        + "X-Slack-Signature: v0=ключ\r\n".encode()
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    assert status_line.split()[1] == b"401", status_line


@pytest.mark.parametrize(
    "raw",
    [
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: \xff\xfe\xfa\r\n\r\n",
        bytes.fromhex("16030100c8010000c40303") + b"\x00" * 200,  # a TLS hello
    ],
    ids=["header-over-8kb", "host-not-utf8", "tls-hello"],
)
async def test_malformed_http_from_outside_logs_one_line_and_no_traceback(
    server: Server, raw: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio
    import logging
    from urllib.parse import urlsplit

    caplog.set_level(logging.DEBUG)
    parts = urlsplit(server.url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(raw)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(100), 5)
    writer.close()
    await asyncio.sleep(0.1)
    assert answer.split(b" ")[1] in (b"200", b"400")  # the Host is no concern of ours
    assert not [r for r in caplog.records if r.exc_info or r.exc_text], "a traceback was logged"
    said = [r.getMessage() for r in caplog.records if r.name == "aiohttp.server"]
    assert len(said) <= 1 and all("\n" not in m and "/work" not in m for m in said)
