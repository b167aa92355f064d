"""Many workspaces: two install the app through the OAuth flow against the fake Slack Web API
(`oauth.v2.access` answered by it), each subscribes a channel, a new report alerts both with
each workspace's own token, one uninstalls and gets nothing more, and neither sees the other's
channels. Everything over loopback: the real Bolt endpoints, signed requests, real databases."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, select

from bot.app.service import LossesService
from bot.render.blocks import ALERT_MENU
from bot.render.claim_form import CALLBACK
from bot.render.home import SUBSCRIBE_FORM
from bot.settings import DEFAULT_SCOPES, Settings
from bot.slack.app import build_bolt_app
from bot.slack.client import make_client
from bot.slack.installations import Installed, oauth_settings
from bot.slack.wiring import slack_service
from bot.web import build_web_app
from storage.installations import installation_store, state_store
from storage.models import alert_outbox, claims, subscriptions
from storage.subscriptions import all_subscriptions
from tests.support.alerting_bot import Clock
from tests.support.bolt_server import SECRET, Server
from tests.support.env import ROOT
from tests.support.fake_slack import FakeSlack
from tests.support.loopback import serve_on_loopback
from tests.support.payloads import NOV_2022, api_records
from tests.support.source_server import SourceServer

CLIENT_ID, CLIENT_SECRET = "111.222", "client-secret"


@dataclass
class Deployment:
    server: Server
    service: LossesService
    source: SourceServer
    engine: Engine
    clock: Clock

    def next_morning(self) -> None:
        """A day on: the next report is today's in Kyiv (a report dated later is refused)."""
        self.clock.advance(24 * 3600)


@pytest.fixture
async def deployment(
    engine: Engine, fake_slack: FakeSlack, source_server: SourceServer
) -> AsyncIterator[Deployment]:
    """`serve` as OAuth configures it: no bot token, the app's client id and secret."""
    import aiohttp

    settings = Settings(
        sources=(("russianwarship", source_server.api_url),),
        slack_signing_secret=SECRET,
        slack_api_url=fake_slack.api_url,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
    )
    fake_slack.client_credentials = (CLIENT_ID, CLIENT_SECRET)
    client = make_client(settings)
    oauth = oauth_settings(settings, engine)
    clients = Installed(oauth.installation_store, client.base_url, CLIENT_ID, CLIENT_SECRET)
    clock = Clock()
    service, desk = slack_service(settings, engine, client, clock=clock, clients=clients)
    await service.start()
    source_server.records = api_records(dict(list(NOV_2022.items())[:4]))
    await service.poll_and_deliver()  # the first backfill: no alerts
    bolt = build_bolt_app(client, SECRET, desk, oauth)
    runner, port = await serve_on_loopback(build_web_app(service, bolt))
    async with aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{port}"
        yield Deployment(
            Server(url, http, service, fake_slack.response_url),
            service,
            source_server,
            engine,
            clock,
        )
    await runner.cleanup()
    await service.close()


def browser_cookie(set_cookies: list[str]) -> dict[str, str]:
    """What a browser sends back: the install page's state cookie is `Secure` (https in
    production), so over loopback http the test hands it back itself."""
    return {"Cookie": "; ".join(c.split(";", 1)[0] for c in set_cookies)}


async def install(
    deployment: Deployment,
    fake_slack: FakeSlack,
    team: str,
    token: str,
    grant: dict[str, object] | None = None,
) -> str:
    """A user clicks "Add to Slack" and Slack sends them back with a code: the whole flow.
    `grant`: what else `oauth.v2.access` answers (an org-wide install's `enterprise`)."""
    http, url = deployment.server.http, deployment.server.url
    async with http.get(f"{url}/slack/install") as page:
        assert page.status == 200
        html = await page.text()
        cookie = browser_cookie(page.headers.getall("Set-Cookie"))
    authorize = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', html)
    assert authorize is not None, html
    query = parse_qs(urlsplit(authorize.group(1).replace("&amp;", "&")).query)
    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) == set(DEFAULT_SCOPES)
    code = f"code-{team}"
    fake_slack.oauth_codes[code] = {
        "access_token": token,
        "scope": ",".join(DEFAULT_SCOPES),
        "bot_user_id": f"UB{team}",
        "team": {"id": team, "name": f"Newsroom {team}"},
        **(grant or {}),
    }
    params = urlencode({"code": code, "state": query["state"][0]})
    async with http.get(f"{url}/slack/oauth_redirect?{params}", headers=cookie) as done:
        return f"{done.status} {await done.text()}"


async def event(deployment: Deployment, team: str, kind: str, **fields: object) -> int:
    status, _ = await deployment.server.event(kind, team=team, **fields)
    return status


async def test_two_workspaces_install_subscribe_and_stay_apart(
    deployment: Deployment, fake_slack: FakeSlack, engine: Engine
) -> None:
    for team in ("TA", "TB"):
        outcome = await install(deployment, fake_slack, team, f"xoxb-{team}")
        assert outcome.startswith("200"), outcome
    server = deployment.server
    status, body = await server.command("subscribe", channel="CA", team="TA")
    assert status == 200 and "CA" in body["text"]
    status, body = await server.command("subscribe", channel="CB", team="TB")
    assert status == 200 and "CB" in body["text"]

    deployment.source.records = api_records()  # 25 Nov 2022 is published
    await deployment.service.poll_and_deliver()
    assert len(fake_slack.posted("CA")) == 1 and len(fake_slack.posted("CB")) == 1
    posts = [
        (p["channel"], token)
        for (method, token), (_m, p) in zip(fake_slack.tokens, fake_slack.calls, strict=True)
        if method == "chat.postMessage"
    ]
    assert sorted(posts) == [("CA", "xoxb-TA"), ("CB", "xoxb-TB")]  # each its own token

    _status, body = await server.command("subscriptions", team="TB")
    assert "CB" in body["text"] and "CA" not in body["text"]

    # Workspace A uninstalls: the token revocation and the uninstall may come in either order.
    assert await event(deployment, "TA", "tokens_revoked", tokens={"bot": ["UBTA"]}) == 200
    assert await event(deployment, "TA", "app_uninstalled") == 200
    assert await event(deployment, "TA", "app_uninstalled") == 200  # again: nothing breaks
    store = installation_store(engine, CLIENT_ID)
    assert store.find_bot(enterprise_id=None, team_id="TA") is None
    assert store.find_bot(enterprise_id=None, team_id="TB") is not None
    with engine.connect() as db:
        teams = set(db.execute(select(subscriptions.c.team_id)).scalars())
    assert teams == {"TB"}

    deployment.next_morning()
    deployment.source.records = api_records({**NOV_2022, "2022-11-26": (86150, 2905)})
    await deployment.service.poll_and_deliver()
    assert len(fake_slack.posted("CA")) == 1  # nothing more for the workspace that left
    assert len(fake_slack.posted("CB")) == 2


async def test_an_install_link_is_good_once(deployment: Deployment, fake_slack: FakeSlack) -> None:
    http, url = deployment.server.http, deployment.server.url
    async with http.get(f"{url}/slack/install") as page:
        state = re.search(r"state=([0-9a-f-]+)", await page.text())
        cookie = browser_cookie(page.headers.getall("Set-Cookie"))
    assert state is not None
    fake_slack.oauth_codes["c1"] = {"access_token": "xoxb-X", "team": {"id": "TX"}}
    fake_slack.oauth_codes["c2"] = {"access_token": "xoxb-Y", "team": {"id": "TY"}}
    redirect = f"{url}/slack/oauth_redirect"
    first = await http.get(f"{redirect}?code=c1&state={state.group(1)}", headers=cookie)
    again = await http.get(f"{redirect}?code=c2&state={state.group(1)}", headers=cookie)
    assert first.status == 200 and again.status != 200  # a replayed state is refused
    forged = await http.get(f"{redirect}?code=c2&state=forged", headers={"Cookie": "x=forged"})
    assert forged.status != 200
    store = installation_store(deployment.engine, CLIENT_ID)
    assert store.find_bot(enterprise_id=None, team_id="TY") is None


async def test_an_alert_queued_before_an_uninstall_is_not_posted(
    deployment: Deployment, fake_slack: FakeSlack, engine: Engine
) -> None:
    await install(deployment, fake_slack, "TA", "xoxb-TA")
    await deployment.server.command("subscribe", channel="CA", team="TA")
    # The bot token is revoked between the report's arrival and its delivery.
    store = installation_store(engine, CLIENT_ID)
    store.delete_bot(enterprise_id=None, team_id="TA")
    deployment.source.records = api_records()
    await deployment.service.poll_and_deliver()
    assert fake_slack.posted("CA") == []
    with engine.connect() as db:
        (status, error) = db.execute(select(alert_outbox.c.status, alert_outbox.c.error)).one()
    assert (status, error) == ("failed", "not_installed")


async def test_a_rotating_token_is_refreshed_before_posting(
    deployment: Deployment, fake_slack: FakeSlack, engine: Engine
) -> None:
    await install(deployment, fake_slack, "TR", "xoxe.xoxb-old")
    grant = fake_slack.oauth_codes["used:code-TR"]
    grant.update(refresh_token="xoxe-1-refresh", expires_in=43200)
    # The stored token expires within the rotation margin.
    with engine.begin() as db:
        db.execute(
            sa.text(
                "UPDATE slack_bots SET bot_refresh_token = 'xoxe-1-refresh', "
                "bot_token_expires_at = :soon WHERE team_id = 'TR'"
            ),
            {"soon": datetime(2000, 1, 1)},
        )
    await deployment.server.command("subscribe", channel="CR", team="TR")
    deployment.source.records = api_records()
    await deployment.service.poll_and_deliver()
    (used,) = [t for m, t in fake_slack.tokens if m == "chat.postMessage"]
    assert used.startswith("xoxe.xoxb-old-r")  # the refreshed token, not the expired one
    bot = installation_store(engine, CLIENT_ID).find_bot(enterprise_id=None, team_id="TR")
    assert bot is not None and bot.bot_token == used  # and saved for next time


def test_the_migration_makes_the_tables_slack_sdk_expects(engine: Engine) -> None:
    """slack-sdk's own table definitions against what migration 0009 made."""
    inspector = sa.inspect(engine)
    for table in (
        *installation_store(engine, CLIENT_ID).metadata.sorted_tables,
        *state_store(engine).metadata.sorted_tables,
    ):
        made = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(made) == {c.name for c in table.columns}, table.name
        for column in table.columns:
            assert made[column.name]["nullable"] == (column.nullable and not column.primary_key)


def test_the_default_scopes_are_the_manifests() -> None:

    import yaml

    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == DEFAULT_SCOPES


def _posts(fake_slack: FakeSlack) -> list[tuple[str, str]]:
    """(channel, token) of every attempt to post a message, in order."""
    return [
        (p["channel"], token)
        for (method, token), (_m, p) in zip(fake_slack.tokens, fake_slack.calls, strict=True)
        if method == "chat.postMessage"
    ]


async def test_a_channel_two_workspaces_share_gets_one_alert_and_polling_goes_on(
    deployment: Deployment, fake_slack: FakeSlack, engine: Engine
) -> None:
    """A Slack Connect channel keeps one id in both organisations: both subscribe it, and each
    report is stored and posted there once, with one workspace's token, for the categories
    either asked for; the other workspace's own channel is alerted as usual."""
    for team in ("TA", "TB"):
        assert (await install(deployment, fake_slack, team, f"xoxb-{team}")).startswith("200")
    server = deployment.server
    await server.command("subscribe tanks", channel="CS", team="TB")
    await server.command("subscribe personnel", channel="CS", team="TA")
    await server.command("subscribe", channel="CB", team="TB")

    deployment.source.records = api_records()  # 25 Nov 2022 is published
    await deployment.service.poll_and_deliver()
    assert deployment.service.last_poll is not None and deployment.service.last_poll.ok
    assert deployment.service.health()["ok"], deployment.service.health()
    assert sorted(_posts(fake_slack)) == [("CB", "xoxb-TB"), ("CS", "xoxb-TA")]
    (alert,) = fake_slack.posted("CS")
    assert "personnel" in alert["text"].lower() and "tanks" in str(alert["blocks"]).lower()

    # The next day too: nothing one subscription does stops the poll or doubles a post.
    deployment.next_morning()
    deployment.source.records = api_records({**NOV_2022, "2022-11-26": (86150, 2905)})
    await deployment.service.poll_and_deliver()
    assert len(fake_slack.posted("CS")) == 2 and len(fake_slack.posted("CB")) == 2
    with engine.connect() as db:
        rows = db.execute(select(alert_outbox.c.channel_id, alert_outbox.c.status)).all()
    assert sorted(rows) == [("CB", "sent")] * 2 + [("CS", "sent")] * 2
    # Either workspace's list shows the channel's last alert, whichever token posted it.
    _status, listed = await server.command("subscriptions", team="TB")
    assert "<#CS> (tanks): last alert" in listed["text"], listed["text"]
    # One workspace leaves the channel: it is told the other's alerts go on, and they do.
    _status, left = await server.command("unsubscribe", channel="CS", team="TA")
    assert "another workspace sharing the channel does" in left["text"], left["text"]
    clock = deployment.service.clock
    assert isinstance(clock, Clock)
    clock.advance(86_400)  # 27 Nov 2022
    deployment.source.records = api_records(
        {**NOV_2022, "2022-11-26": (86150, 2905), "2022-11-27": (86710, 2908)}
    )
    await deployment.service.poll_and_deliver()
    assert len(fake_slack.posted("CS")) == 3
    assert _posts(fake_slack)[-2:] in (
        [("CB", "xoxb-TB"), ("CS", "xoxb-TB")],
        [("CS", "xoxb-TB"), ("CB", "xoxb-TB")],
    )


async def test_a_shared_channel_is_posted_with_the_other_token_when_one_is_refused(
    deployment: Deployment, fake_slack: FakeSlack, engine: Engine
) -> None:
    for team in ("TA", "TB"):
        assert (await install(deployment, fake_slack, team, f"xoxb-{team}")).startswith("200")
    for team in ("TA", "TB"):
        await deployment.server.command("subscribe", channel="CS", team=team)
    # Workspace A's bot was removed from the channel: Slack refuses its post.
    fake_slack.faults["chat.postMessage"] = ["not_in_channel"]
    deployment.source.records = api_records()
    await deployment.service.poll_and_deliver()
    assert _posts(fake_slack) == [("CS", "xoxb-TA"), ("CS", "xoxb-TB")]
    assert len(fake_slack.posted("CS")) == 1

    # The next report's post fails (Slack answers 500), and workspace A uninstalls before the
    # retry: the queued alert goes to workspace B, not to the bin.
    fake_slack.faults["chat.postMessage"] = ["500"]
    deployment.next_morning()
    deployment.source.records = api_records({**NOV_2022, "2022-11-26": (86150, 2905)})
    await deployment.service.poll_and_deliver()
    with engine.connect() as db:
        queued = db.execute(
            select(alert_outbox.c.team_id).where(alert_outbox.c.status == "pending")
        ).all()
    assert queued == [("TA",)]
    assert await event(deployment, "TA", "app_uninstalled") == 200
    with engine.connect() as db:
        queued = db.execute(
            select(alert_outbox.c.team_id).where(alert_outbox.c.status == "pending")
        ).all()
    assert queued == [("TB",)]
    with engine.begin() as db:  # its backoff has passed
        db.execute(sa.update(alert_outbox).values(next_attempt_at=datetime(2000, 1, 1, tzinfo=UTC)))
    await deployment.service.deliver()
    assert _posts(fake_slack)[2:] == [("CS", "xoxb-TA"), ("CS", "xoxb-TB")]
    assert len(fake_slack.posted("CS")) == 2


async def test_a_flood_of_install_page_visits_is_bounded(
    deployment: Deployment, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anyone may open /slack/install: expired states are deleted, and no more than
    MAX_STATES are open at once; past that the page says to come back later."""
    import storage.installations

    monkeypatch.setattr(storage.installations, "MAX_STATES", 25)
    http, url = deployment.server.http, deployment.server.url
    with engine.begin() as db:  # links opened eleven minutes ago, expired, never used
        for n in range(40):
            db.execute(
                sa.text("INSERT INTO slack_oauth_states (state, expire_at) VALUES (:s, :at)"),
                {"s": f"old-{n}", "at": datetime(2022, 1, 1)},
            )
    statuses = []
    for _ in range(60):
        async with http.get(f"{url}/slack/install") as page:
            statuses.append(page.status)
            if page.status == 429:
                assert "try again" in await page.text()
    assert statuses == [200] * 25 + [429] * 35
    with engine.connect() as db:
        states = db.execute(sa.text("SELECT state FROM slack_oauth_states")).scalars().all()
    assert len(states) == 25 and not any(s.startswith("old-") for s in states)
    indexed = {i["name"] for i in sa.inspect(engine).get_indexes("slack_oauth_states")}
    assert {"ix_slack_oauth_states_state", "ix_slack_oauth_states_expire_at"} <= indexed


ORG_WIDE = {
    "authorizations": {  # Slack's shape: the authorization names the org, and no team
        "authorizations": [{"enterprise_id": "E1", "team_id": None, "user_id": "UBE1",
                            "is_bot": True, "is_enterprise_install": True}],
        "enterprise_id": "E1",
    },
    "top-level team": {"enterprise_id": "E1", "is_enterprise_install": True},
}  # fmt: skip


@pytest.mark.parametrize("shape", list(ORG_WIDE))
async def test_an_org_wide_uninstall_forgets_the_org_and_keeps_its_own_installs(
    deployment: Deployment, fake_slack: FakeSlack, engine: Engine, shape: str
) -> None:
    org = {"enterprise": {"id": "E1", "name": "Org"}, "is_enterprise_install": True, "team": None}
    assert (await install(deployment, fake_slack, "TG", "xoxb-E1", org)).startswith("200")
    own = {"enterprise": {"id": "E1", "name": "Org"}, "is_enterprise_install": False}
    assert (await install(deployment, fake_slack, "TW", "xoxb-TW", own)).startswith("200")
    server = deployment.server
    await server.command("subscribe", channel="CG", team="TG", enterprise="E1", org_wide=True)
    await server.command("subscribe", channel="CW", team="TW", enterprise="E1")
    deployment.source.records = api_records()
    await deployment.service.poll_and_deliver()
    assert sorted(_posts(fake_slack)) == [("CG", "xoxb-E1"), ("CW", "xoxb-TW")]

    status, _ = await server.event("app_uninstalled", team="TG", envelope=ORG_WIDE[shape])
    assert status == 200
    store = installation_store(engine, CLIENT_ID)
    assert store.find_bot(enterprise_id="E1", team_id=None, is_enterprise_install=True) is None
    assert store.find_bot(enterprise_id="E1", team_id="TW") is not None  # its own install
    with engine.connect() as db:
        assert set(db.execute(select(subscriptions.c.team_id)).scalars()) == {"TW"}
    deployment.next_morning()
    deployment.source.records = api_records({**NOV_2022, "2022-11-26": (86150, 2905)})
    await deployment.service.poll_and_deliver()
    assert len(fake_slack.posted("CG")) == 1 and len(fake_slack.posted("CW")) == 2


def org_wide_interaction(payload: dict[str, Any], user_team: str | None = "TG") -> str:
    """An interaction as an org-wide install gets it: `team` null, the org named, the user's
    team inside `user` (absent: no workspace can be known)."""
    user = {"id": "U1", **({"team_id": user_team} if user_team else {})}
    grid = {"team": None, "enterprise": {"id": "E1", "name": "Org"},
            "is_enterprise_install": True, "user": user, "api_app_id": "A1",
            "token": "legacy"}  # fmt: skip
    return urlencode({"payload": json.dumps({**grid, **payload})})


async def test_an_org_wide_install_s_interactions_belong_to_the_user_s_workspace(
    deployment: Deployment, fake_slack: FakeSlack, engine: Engine
) -> None:
    """Slack sends `team: null` in an org-wide install's interactions: the workspace is the
    user's (Bolt's context), never '' or the operator's; none known, the user is told."""
    org = {"enterprise": {"id": "E1", "name": "Org"}, "is_enterprise_install": True, "team": None}
    assert (await install(deployment, fake_slack, "TG", "xoxb-E1", org)).startswith("200")
    server = deployment.server
    # The Home tab's form subscribes the user's workspace's channel.
    picked = {"channel": {"channel": {"type": "conversations_select",
                                      "selected_conversation": "C0GDESK"}}}  # fmt: skip
    form = {"type": "view_submission", "view": {"type": "modal", "id": "V1",
            "callback_id": SUBSCRIBE_FORM, "state": {"values": picked}}}  # fmt: skip
    status, body = await server.post(org_wide_interaction(form))
    assert status == 200 and body in ("", {}), body
    with engine.connect() as db:
        assert [(s.team_id, s.enterprise_id) for s in all_subscriptions(db)] == [("TG", "E1")]
    # A claim from the form is the workspace's, within its cap, never the operator's ledger.
    values = {"party": {"party": {"type": "plain_text_input", "value": "CIA"}},
              "metric": {"metric": {"type": "static_select",
                                    "selected_option": {"value": "killed"}}},
              "value": {"value": {"type": "plain_text_input", "value": "50000"}},
              "as_of": {"as_of": {"type": "datepicker", "selected_date": "2022-11-01"}},
              "stated_on": {"stated_on": {"type": "datepicker", "selected_date": "2022-11-09"}},
              "source": {"source": {"type": "plain_text_input", "value": "The Times"}}}  # fmt: skip
    claim = {"type": "view_submission", "view": {"type": "modal", "id": "V2",
             "callback_id": CALLBACK, "state": {"values": values}}}  # fmt: skip
    status, body = await server.post(org_wide_interaction(claim))
    assert status == 200 and body in ("", {}), body
    with engine.connect() as db:
        assert list(db.execute(select(claims.c.team_id)).scalars()) == ["TG"]
    # The alert's menu unsubscribes the user's workspace's channel.
    menu = {"type": "block_actions", "channel": {"id": "C0GDESK"}, "trigger_id": "1.1",
            "response_url": server.response_url,
            "container": {"type": "message", "message_ts": "1.0"},
            "actions": [{"action_id": ALERT_MENU, "type": "overflow", "action_ts": "1.3",
                         "selected_option": {"value": "unsubscribe"}}]}  # fmt: skip
    status, _ = await server.post(org_wide_interaction(menu))
    assert status == 200
    with engine.connect() as db:
        assert all_subscriptions(db) == []
    assert "will get no more alerts" in fake_slack.responses[-1]["text"]
    # No workspace can be known: refused with a clear line, nothing stored.
    status, body = await server.post(org_wide_interaction(claim, user_team=None))
    assert status == 200
    assert body["errors"]["party"].startswith("This could not be tied to a Slack workspace")
    with engine.connect() as db:
        assert list(db.execute(select(claims.c.team_id)).scalars()) == ["TG"]


async def test_an_org_wide_uninstall_forgets_the_org_s_data_links(
    deployment: Deployment, fake_slack: FakeSlack
) -> None:
    org = {"enterprise": {"id": "E1", "name": "Org"}, "is_enterprise_install": True, "team": None}
    assert (await install(deployment, fake_slack, "TG", "xoxb-E1", org)).startswith("200")
    server = deployment.server
    _, body = await server.command("datalink", team="TG", enterprise="E1", org_wide=True)
    token = re.search(r"/data/([\w-]+)/losses\.csv", body["text"])
    assert token is not None, body
    url = f"{server.url}/data/{token.group(1)}/losses.csv"
    async with server.http.get(url) as response:
        assert response.status == 200
    status, _ = await server.event(
        "app_uninstalled", team="TG", envelope=ORG_WIDE["authorizations"]
    )
    assert status == 200
    async with server.http.get(url) as response:
        assert response.status == 404
