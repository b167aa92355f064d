"""The service with Slack attached: the sender that posts queued messages with each
workspace's token, and the answers `/losses` gives, rebuilt with each new history. `serve`,
`worker` and the tests build the bot here, so `bot.app.service` need not know Slack."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine

from bot.app.newsdesk import Newsdesk
from bot.app.service import LossesService, NewHistory
from bot.clock import kyiv_today, utc_now
from bot.settings import Settings
from bot.slack.delivery import Deliverer
from bot.slack.editors import SlackEditors
from bot.slack.installations import Clients, SingleWorkspace


def slack_service(
    settings: Settings,
    engine: Engine,
    client: AsyncWebClient | None,
    *,
    clients: Clients | None = None,  # OAuth: each workspace's client; default: `client`'s
    clock: Callable[[], datetime] = utc_now,
    echo: Callable[[str], None] = print,
    on_new_history: Sequence[NewHistory] = (),  # after the answers are rebuilt
) -> tuple[LossesService, Newsdesk]:
    """The service, and the front door the Bolt app's listeners call (`build_bolt_app`).
    Without a client the service is a dry run."""
    service = LossesService(settings, engine, clock, echo, on_new_history)
    desk = Newsdesk(
        engine,
        service.cache,
        lambda: kyiv_today(clock()),
        clock,
        settings.stale_after,
        service.files,
        service.data_tokens,
        settings.public_url,
        settings.behind_proxy,
        service=service,
    )
    service.on_new_history.insert(0, desk.answers.rebuild)
    if clients is None and client is not None:
        clients = SingleWorkspace(client)
    if clients is not None:
        lease = timedelta(seconds=settings.delivery_lease)
        service.sender = Deliverer(engine, clients, clock, lease, service.draw_chart)
        desk.editors = SlackEditors(clients)  # who may approve a draft
    desk.confirmation = settings.confirmation
    return service, desk
