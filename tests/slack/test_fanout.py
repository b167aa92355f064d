"""Fan-out to many workspaces: rows claimed without contention (`FOR UPDATE SKIP LOCKED` on
PostgreSQL), Slack's posting limits honoured per workspace, each workspace's own token found
(Enterprise Grid too), and a token Slack refuses re-read once from the store. Against the fake
Slack Web API over HTTP and real databases; `bench/fanout.py` measures the same at scale."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, select, text

from bot.clock import utc_now
from bot.slack.delivery import Deliverer, retry_after
from bot.slack.installations import Installed, ThreadedInstallationStore
from storage import outbox
from storage.installations import installation_store
from storage.models import alert_outbox
from storage.subscriptions import all_subscriptions, subscribe
from tests.support.fake_slack import FakeSlack, PostingLimits

CLIENT_ID = "111.222"
NOW = datetime(2022, 11, 25, 9, 0, tzinfo=UTC)


def install(engine: Engine, team: str | None, token: str, enterprise: str | None = None) -> None:
    bot = {"bot_token": token, "bot_id": f"B{token}", "bot_user_id": f"UB{token}"}
    installation = Installation(
        app_id="A1",
        enterprise_id=enterprise,
        team_id=team,
        user_id="U1",
        bot_scopes="chat:write",
        is_enterprise_install=team is None,
        **bot,
    )
    installation_store(engine, CLIENT_ID).save(installation)


def installed(engine: Engine, slack: FakeSlack) -> Installed:
    store = ThreadedInstallationStore(installation_store(engine, CLIENT_ID))
    return Installed(store, slack.api_url, CLIENT_ID, "client-secret")


def queue(engine: Engine, team: str, channels: list[str], enterprise: str | None = None) -> None:
    with engine.begin() as db:
        for channel in channels:
            outbox.add(db, team_id=team, enterprise_id=enterprise, channel_id=channel,
                       kind="alert", payload={"text": f"alert for {channel}", "blocks": []},
                       now=NOW)  # fmt: skip


def statuses(engine: Engine) -> dict[str, str]:
    with engine.connect() as db:
        return dict(db.execute(select(alert_outbox.c.channel_id, alert_outbox.c.status)).all())


def test_retry_after_is_read_within_bounds() -> None:
    assert [retry_after(v) for v in ("1", " 7 ", "0", "99999", "soon", None, "")] == [
        1, 7, 1, 600, 30, 30, 30,
    ]  # fmt: skip


def test_workers_skip_rows_another_worker_is_claiming(engine: Engine) -> None:
    """On PostgreSQL a claim in progress holds its row locked: a second worker takes the next
    row at once instead of waiting for the first to commit (it would time out here)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    queue(engine, "T1", ["C1", "C2"])
    lease = timedelta(minutes=2)
    holding, done = threading.Event(), threading.Event()
    first: list[str] = []

    def slow_claim() -> None:
        with engine.begin() as db:
            row, _waits = outbox.claim_next(db, NOW, lease, "first")
            assert row is not None
            first.append(row.channel_id)
            holding.set()
            done.wait(10)  # the transaction, and its row lock, stay open meanwhile

    worker = threading.Thread(target=slow_claim)
    worker.start()
    assert holding.wait(10)
    try:
        with engine.begin() as db:
            db.execute(text("SET LOCAL lock_timeout = '2s'"))
            second, _waits = outbox.claim_next(db, NOW, lease, "second")
    finally:
        done.set()
        worker.join()
    assert first == ["C1"] and second is not None and second.channel_id == "C2"


async def test_a_rate_limited_workspace_waits_while_the_others_go_on(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    fake_slack.limits = PostingLimits(channel_seconds=1, burst=2, per_second=2)
    install(engine, "TA", "xoxb-a")
    install(engine, "TB", "xoxb-b")
    queue(engine, "TA", [f"CA{i}" for i in range(5)])
    queue(engine, "TB", ["CB0", "CB1"])
    deliverer = Deliverer(engine, installed(engine, fake_slack), utc_now, timedelta(minutes=2))
    assert await deliverer.deliver_due() == 7  # one pass: it waits out TA's short pause
    assert set(statuses(engine).values()) == {"sent"}
    assert sorted(len(m) for m in fake_slack.channels.values()) == [1] * 7
    calls = zip(fake_slack.tokens, fake_slack.calls, strict=True)
    posts = [(p["channel"], t) for (m, t), (_, p) in calls if m == "chat.postMessage"]
    assert {c for c, t in posts if t == "xoxb-b"} == {"CB0", "CB1"}  # each with its own token
    # One post at a time per workspace: TA meets its limit about once per refill, not once
    # per lane, and TB's two alerts do not wait behind TA's.
    assert 1 <= fake_slack.limits.refused <= 4
    delivered = sorted(
        (int(m["ts"].split(".")[1]), channel)
        for channel, messages in fake_slack.channels.items()
        for m in messages
    )
    assert {"CB0", "CB1"} <= {channel for _, channel in delivered[:4]}


async def test_a_slack_that_always_says_429_never_holds_a_pass_for_long(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    """A pass waits out short pauses, but not forever: the poll that called it must go on."""
    install(engine, "T1", "xoxb-1")
    queue(engine, "T1", ["C1"])
    fake_slack.faults["chat.postMessage"] = ["429"] * 1_000
    deliverer = Deliverer(engine, installed(engine, fake_slack), utc_now, timedelta(minutes=2),
                          pass_seconds=2)  # fmt: skip
    started = time.monotonic()
    assert await deliverer.deliver_due() == 0
    assert time.monotonic() - started < 5
    assert statuses(engine) == {"C1": "pending"}
    assert 2 <= len(fake_slack.calls_to("chat.postMessage")) <= 4  # about one a second


async def test_a_token_slack_refuses_is_read_again_after_a_reinstall(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    install(engine, "T1", "xoxb-old")
    clients = installed(engine, fake_slack)
    assert await clients.for_team("T1") is not None  # the old token, remembered
    install(engine, "T1", "xoxb-new")  # reinstalled within the memory's 30 s
    queue(engine, "T1", ["C1"])
    fake_slack.faults["chat.postMessage"] = ["invalid_auth"]
    clock = [NOW]
    deliverer = Deliverer(engine, clients, lambda: clock[0], timedelta(minutes=2))
    await deliverer.deliver_due()
    assert statuses(engine) == {"C1": "pending"}  # not failed: a newer token may exist
    clock[0] = NOW + timedelta(seconds=10)
    await deliverer.deliver_due()
    assert statuses(engine) == {"C1": "sent"}
    posts = [t for m, t in fake_slack.tokens if m == "chat.postMessage"]
    assert posts == ["xoxb-old", "xoxb-new"]
    # With no newer token in the store, the refusal is final.
    fake_slack.faults["chat.postMessage"] = ["invalid_auth"]
    queue(engine, "T1", ["C2"])
    await deliverer.deliver_due()
    assert statuses(engine)["C2"] == "failed"


async def test_enterprise_grid_workspaces_are_found_by_org_and_team(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    install(engine, "T1", "xoxb-grid-t1", enterprise="E1")  # a workspace install in a Grid org
    install(engine, None, "xoxb-org", enterprise="E2")  # an org-wide install
    clients = installed(engine, fake_slack)
    assert await clients.for_team("T1") is None  # not outside its org
    t1 = await clients.for_team("T1", "E1")
    t9 = await clients.for_team("T9", "E2")
    assert t1 is not None and t1.token == "xoxb-grid-t1"
    assert t9 is not None and t9.token == "xoxb-org"
    with engine.begin() as db:
        subscribe(db, "T1", "C1", (), "U1", NOW, enterprise_id="E1")
        (sub,) = all_subscriptions(db)
    assert sub.enterprise_id == "E1"
    queue(engine, "T1", ["C1"], enterprise="E1")
    await Deliverer(engine, clients, utc_now, timedelta(minutes=2)).deliver_due()
    assert statuses(engine) == {"C1": "sent"}
    assert [t for m, t in fake_slack.tokens if m == "chat.postMessage"] == ["xoxb-grid-t1"]


async def test_workers_share_each_workspace_s_allowance_and_slack_seldom_refuses(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    """Two senders at once, each workspace's posts drawn from one allowance in the store: the
    fake Slack's limits (10 at once, 2 a second) are met without a storm of 429s, where each
    sender pacing itself alone spent the allowance twice over."""
    fake_slack.limits = PostingLimits()
    for name in ("TA", "TB"):
        install(engine, name, f"xoxb-{name.lower()}")
        queue(engine, name, [f"C{name}{i:02d}" for i in range(15)])
    clients = installed(engine, fake_slack)
    workers = [Deliverer(engine, clients, utc_now, timedelta(minutes=2)) for _ in range(2)]
    started = time.monotonic()
    sent = 0
    while sent < 30 and time.monotonic() - started < 30:
        sent += sum(await asyncio.gather(*(w.deliver_due() for w in workers)))
    assert sent == 30 and set(statuses(engine).values()) == {"sent"}
    assert fake_slack.limits.refused <= 1  # under 5 % of the posts
    assert time.monotonic() - started < 12  # 8 at once, then 1.8 a second: about 4 s each
