"""Slack's other doors into the newsroom (issue 32), each only translating to the front door
(`bot.app.newsdesk.Newsdesk`) and back: link unfurls (`link_shared` → `chat.unfurl`), the
Workflow Builder steps (`function_executed` → `functions.completeSuccess` / `completeError`)
and the assistant side panel (bolt-python's `AsyncAssistant`: suggested prompts, a status
while answering, the thread's title, the answer `/losses` gives)."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext, AsyncBoltRequest
from slack_bolt.context.complete.async_complete import AsyncComplete
from slack_bolt.context.fail.async_fail import AsyncFail
from slack_bolt.context.say.async_say import AsyncSay
from slack_bolt.context.set_status.async_set_status import AsyncSetStatus
from slack_bolt.context.set_suggested_prompts.async_set_suggested_prompts import (
    AsyncSetSuggestedPrompts,
)
from slack_bolt.context.set_title.async_set_title import AsyncSetTitle
from slack_bolt.middleware.assistant.async_assistant import AsyncAssistant
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.newsdesk import Newsdesk
from bot.app.outcome import Outcome, Who
from bot.app.steps import LOSSES_BRIEF, LOSSES_FOR_PERIOD
from bot.core.query.grammar import language
from bot.render.assistant import elsewhere, prompts, thread_title, try_these
from bot.render.blocks import SlackMessage
from bot.render.wording import wording
from bot.slack.client import error_code
from bot.slack.typed import typed

log = logging.getLogger(__name__)


def register_doors(app: AsyncApp, desk: Newsdesk) -> None:
    _unfurls(app, desk)
    for name in (LOSSES_FOR_PERIOD, LOSSES_BRIEF):
        app.function(name)(_step(desk, name))
    app.assistant(_assistant(desk))


def _unfurls(app: AsyncApp, desk: Newsdesk) -> None:
    @app.event("link_shared")
    async def link_shared(event: dict[str, Any], client: AsyncWebClient,
                          context: AsyncBoltContext) -> None:  # fmt: skip
        links = event.get("links") if isinstance(event.get("links"), list) else []
        urls = [str(link.get("url", "")) for link in links if isinstance(link, dict)]
        unfurls = await desk.unfurls(urls, Who(context.team_id or "", str(event.get("channel"))))
        if not unfurls:
            return
        # A link in the composer is unfurled by its id; one posted, by its message.
        where = (
            {"unfurl_id": event["unfurl_id"], "source": event["source"]}
            if event.get("unfurl_id") and event.get("source")
            else {"channel": event.get("channel"), "ts": event.get("message_ts")}
        )
        try:
            await client.chat_unfurl(unfurls=unfurls, **where)
        except SlackApiError as error:
            log.warning("chat.unfurl refused: %s", error_code(error))


def _step(desk: Newsdesk, name: str) -> Any:
    async def step(inputs: dict[str, Any], complete: AsyncComplete, fail: AsyncFail,
                   context: AsyncBoltContext) -> None:  # fmt: skip
        result = desk.step(name, inputs if isinstance(inputs, dict) else {},
                           Who(context.team_id or ""))  # fmt: skip
        if result.error:
            await fail(result.error)
        else:
            await complete(result.outputs)

    return step


class PanelOnly(AsyncAssistant):
    """Bolt's assistant middleware, run only for the events it answers: as a global middleware
    it matched its four listeners against every request, `/losses` included (a repeated
    question's round trip went from 1.15x the no-op's to 1.29x)."""

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        body = req.body
        event = body.get("event") if body.get("type") == "event_callback" else None
        if not isinstance(event, dict) or event.get("type") not in _PANEL_EVENTS:
            return await next()
        return await super().async_process(req=req, resp=resp, next=next)


_PANEL_EVENTS = {"assistant_thread_started", "assistant_thread_context_changed", "message"}


def _assistant(desk: Newsdesk) -> AsyncAssistant:
    assistant = PanelOnly()

    @assistant.thread_started
    async def started(set_suggested_prompts: AsyncSetSuggestedPrompts, client: AsyncWebClient,
                      payload: dict[str, Any]) -> None:  # fmt: skip
        lang = await _user_language(client, str(payload.get("assistant_thread", {}).get("user_id")))
        await set_suggested_prompts(prompts=prompts(lang), title=wording(lang).say("prompt_title"))

    @assistant.thread_context_changed
    async def context_changed() -> None:
        """The channel beside the panel changed: answers do not depend on it."""

    @assistant.user_message
    async def question(payload: dict[str, Any], say: AsyncSay, set_status: AsyncSetStatus,
                       set_title: AsyncSetTitle, context: AsyncBoltContext) -> None:  # fmt: skip
        text = typed(str(payload.get("text") or ""))
        lang = language(text[:2000])
        await set_status(wording(lang).say("assistant_status"))
        await set_title(thread_title(text))
        who = Who(context.team_id or "", str(payload.get("channel", "")),
                  str(payload.get("user", "")))  # fmt: skip
        reply = _in_the_panel(await desk.handle(text, who), lang)
        await say(text=reply.text, blocks=reply.blocks)

    return assistant


def _in_the_panel(outcome: Outcome, lang: str) -> SlackMessage:
    """The answer `/losses` gives, as the panel shows it: a text not read, its reason and three
    questions that are; a file, a form or a channel's setting, where to ask for it instead."""
    if outcome.upload is not None or outcome.view is not None or not outcome.question:
        return elsewhere(lang)
    if outcome.refused.startswith("usage_"):
        first = outcome.message.blocks[0] if outcome.message.blocks else {}
        said = first.get("text", {}).get("text", "") if first.get("type") == "section" else ""
        return try_these(html.unescape(str(said)), lang)  # the reason, as the usage words it
    return outcome.message


async def _user_language(client: AsyncWebClient, user: str) -> str:
    """The user's language where Slack gives it (`users.info` with the locale), else English."""
    try:
        found = await client.users_info(user=user, include_locale=True)
    except SlackApiError:
        return "en"
    locale = str((found.get("user") or {}).get("locale") or "")
    return "uk" if locale.lower().startswith("uk") else "en"
