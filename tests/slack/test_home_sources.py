"""The Home tab's section on the sources: each transcription's newest report, over the real
Bolt endpoint (a signed `app_home_opened`) and the fake Slack's `views.publish`."""

from __future__ import annotations

import json

from tests.support.bolt_server import Server
from tests.support.fake_slack import FakeSlack


async def test_the_home_tab_names_each_source_and_its_newest_report(
    server: Server, fake_slack: FakeSlack
) -> None:
    assert (await server.event("app_home_opened", event_id="Ev9", tab="home", user="U1"))[0] == 200
    await fake_slack.wait_for(lambda: fake_slack.calls_to("views.publish"))
    (published,) = fake_slack.calls_to("views.publish")
    view = published["view"]
    view = json.loads(view) if isinstance(view, str) else view
    texts = [b["text"]["text"] for b in view["blocks"] if b.get("type") == "section"]
    (sources,) = [t for t in texts if t.startswith("*Sources*")]
    assert "test: newest report 24 Nov 2022 (day 274)" in sources
