"""The Bolt app (slack-bolt `AsyncApp`): the `/losses` listener, the brief's "Post to channel"
button, the claim form (`/losses claim` and the "Add as claim" message shortcut).

The listeners only translate: a payload becomes a call to the front door (`bot.app.newsdesk`),
and the `Outcome` it gives becomes an acknowledgement, a response or a file posted after. Slash
commands are answered in the acknowledgement itself (ephemeral, or in the channel with
`public`), well inside Slack's 3 seconds: the answer comes from memory in about a millisecond.
`bot.web` checks each request's signature and timestamp on the raw body and answers 401 to a
bad one before Bolt sees it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any

from slack_bolt.async_app import (
    AsyncAck,
    AsyncApp,
    AsyncBoltContext,
    AsyncBoltRequest,
    AsyncRespond,
)
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.newsdesk import Newsdesk, printable
from bot.app.outcome import Outcome, Who, refused
from bot.core.query.commands import Unsubscribe
from bot.render.blocks import (
    ALERT_CHART,
    ALERT_MENU,
    ANSWER_CHART,
    ANSWER_CONTEXT,
    ANSWER_CSV,
    ANSWER_POST,
    POST_BRIEF,
    UNSUBSCRIBE,
    notice_message,
)
from bot.render.claim_form import CALLBACK, SHORTCUT, claim_view, loading_view, submitted_fields
from bot.render.drafts import DRAFT_APPROVE, DRAFT_HOLD
from bot.render.home import (
    HOME_CHART,
    HOME_CSV,
    HOME_SUBSCRIBE,
    SUBSCRIBE_FORM,
    subscribe_form,
)
from bot.render.wording import EN
from bot.slack.client import error_code, say
from bot.slack.doors import register_doors
from bot.slack.home_tab import HomeTab
from bot.slack.replies import ack_reply, respond_args
from bot.slack.typed import typed
from bot.slack.uploads import post_file

FORM_FAILED = "I could not open the form ({error}). Please try again."
Later = Callable[[Coroutine[Any, Any, None]], None]  # work to run after the acknowledgement

log = logging.getLogger(__name__)


def build_bolt_app(
    client: AsyncWebClient,
    signing_secret: str,
    desk: Newsdesk,
    oauth: AsyncOAuthSettings | None = None,
) -> AsyncApp:
    """`client` carries the base URL (and, with one workspace, the token); with `oauth`, each
    request's listener gets a client with its own workspace's token from the installation
    store."""
    # process_before_response: the listener does all its work before it acks, so Bolt can answer
    # as soon as it returns instead of polling for the ack every 10 ms.
    # Bolt's own logger, quiet below WARNING: on a bad signature Bolt logs the whole request
    # body at INFO, with the verification token and the response_url that can post to a channel.
    bolt_log = logging.getLogger("bot.slack.bolt")
    bolt_log.setLevel(logging.WARNING)
    # request_verification_enabled: `bot.web` checks the signature on the raw body before
    # anything parses it; Bolt's own check comes only after parsing (Socket Mode needs none).
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        logger=bolt_log,
        process_before_response=True,
        oauth_settings=oauth,
        request_verification_enabled=False,
    )
    installations = oauth.installation_store if oauth is not None else None

    background: set[asyncio.Task[None]] = set()  # work running after its ack

    def later(work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        background.add(task)
        task.add_done_callback(background.discard)

    _slash_command(app, desk, later)
    _buttons(app, desk, later)
    _home_tab(app, desk, later)
    _claim_form(app, desk, later)
    _uninstalls(app, desk, installations)
    register_doors(app, desk)  # link unfurls, Workflow Builder steps, the assistant panel

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("Bolt error for %s: %s", body.get("command") or body.get("type"), error,
                  exc_info=error)  # fmt: skip

    return app


def _slash_command(app: AsyncApp, desk: Newsdesk, later: Later) -> None:
    """`/losses`: answered in its acknowledgement; a file is made and posted after."""

    @app.command("/losses")
    async def losses(
        ack: AsyncAck,
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        text = typed(str(command.get("text", "")))  # Slack's escaped text, as typed
        who = Who(
            team_id=command.get("team_id", ""),
            channel_id=command.get("channel_id", ""),
            user_id=command.get("user_id", ""),
            trigger_id=command.get("trigger_id", ""),
            headers=request.headers,  # for the address Slack reached us at, when needed
            enterprise_id=command.get("enterprise_id") or None,
        )
        outcome = await desk.handle(text, who)
        if outcome.view is not None:  # at once: the trigger_id is good for 3 seconds
            try:
                await client.views_open(trigger_id=who.trigger_id, view=outcome.view)
            except SlackApiError as error:
                outcome = Outcome(notice_message(FORM_FAILED.format(error=error_code(error))))
        await ack(ack_reply(outcome))
        level = logging.DEBUG if outcome.question and not outcome.public else logging.INFO
        if log.isEnabledFor(level):  # escaping costs the busiest path when nobody reads it
            log.log(level, "/losses %s in %s: %s", printable(text), who.channel_id,
                    printable(outcome.message.text[:80]))  # fmt: skip
        if outcome.upload is not None:
            later(post_file(client, who.channel_id, outcome.upload, respond, desk.files))


def _buttons(app: AsyncApp, desk: Newsdesk, later: Later) -> None:
    """The buttons under answers, alerts and the brief."""
    # Long: three Bolt listeners registered side by side; each only translates.

    @app.action(POST_BRIEF)
    async def brief_button(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
    ) -> None:
        await ack()
        team = await _team_or_refuse(context, respond)
        if not team:
            return
        try:
            value, who = str(_action(body).get("value", "")), Who(team, _id(body, "channel"))
            await say(respond, **respond_args(await desk.post_brief(value, who)))
        except Exception:
            log.exception("the brief's button failed")
            await say(respond, **respond_args(SORRY))

    @app.action(re.compile(f"^({'|'.join(_BUTTONS)})$"))
    async def question_button(
        ack: AsyncAck,
        body: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        """A private answer's buttons and an alert's "Chart": acknowledged at once; a file is
        made and posted after, like `/losses chart`."""
        await ack()
        team = await _team_or_refuse(context, respond)
        if not team:
            return
        action = _action(body)
        channel = _id(body, "channel")
        clicked = _BUTTONS.get(str(action.get("action_id", "")), "")
        try:
            outcome = await desk.click(clicked, str(action.get("value", "")), Who(team, channel),
                                       _message_ts(body))  # fmt: skip
        except Exception:
            log.exception("a button failed")
            await say(respond, **respond_args(SORRY))
            return
        await say(respond, **respond_args(outcome))
        if outcome.upload is not None:
            later(post_file(client, channel, outcome.upload, respond, desk.files))

    @app.action(re.compile(f"^({DRAFT_APPROVE}|{DRAFT_HOLD})$"))
    async def draft_button(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
    ) -> None:
        """A draft's Approve or Hold, in the editors' channel: the editor is told privately what
        it did; the draft itself is edited through the outbox, sent at once."""
        await ack()
        team = await _team_or_refuse(context, respond)
        if not team:
            return
        action = _action(body)
        approve = action.get("action_id") == DRAFT_APPROVE
        who = Who(team, _id(body, "channel"), _user(body, context),
                  enterprise_id=context.enterprise_id)  # fmt: skip
        try:
            outcome = await desk.decide(str(action.get("value", "")), approve, who)
        except Exception:
            log.exception("a draft's button failed")
            await say(respond, **respond_args(SORRY))
            return
        log.info("draft %s: %s by %s: %s", action.get("value"), "approve" if approve else "hold",
                 who.user_id, outcome.refused or "done")  # fmt: skip
        await say(respond, **respond_args(outcome))
        if outcome.deliver and desk.service is not None:
            later(desk.deliver())

    @app.action(ALERT_MENU)
    async def alert_menu(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
    ) -> None:
        """The alert's overflow menu: "Unsubscribe this channel", confirmed in Slack's dialog."""
        await ack()
        chosen = _action(body).get("selected_option")
        if not isinstance(chosen, dict) or chosen.get("value") != UNSUBSCRIBE:
            return
        team = await _team_or_refuse(context, respond)
        if not team:
            return
        who = Who(team, _id(body, "channel"), _user(body, context),
                  enterprise_id=context.enterprise_id)  # fmt: skip
        try:
            outcome = await desk.run_alone(Unsubscribe(), who)
        except Exception:
            log.exception("unsubscribing from the alert's menu failed")
            await say(respond, **respond_args(SORRY))
            return
        await say(respond, **respond_args(outcome))


def _home_tab(app: AsyncApp, desk: Newsdesk, later: Later) -> None:
    """The App Home tab: published when opened; its form and its files."""
    home = HomeTab(desk)

    @app.event("app_home_opened")
    async def home_opened(
        ack: AsyncAck, event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await ack()
        if event.get("tab") == "home" and context.team_id:
            later(home.publish(client, context.team_id, str(event.get("user", ""))))

    @app.action(HOME_SUBSCRIBE)
    async def home_subscribe(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        try:
            await client.views_open(
                trigger_id=body.get("trigger_id", ""),
                view=subscribe_form(desk.cache.current.keys),
            )
        except SlackApiError as error:
            log.warning("the subscribe form could not be opened: %s", error_code(error))

    @app.view(SUBSCRIBE_FORM)
    async def home_subscribed(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        values = _state_values(body)
        team, user = context.team_id or "", _user(body, context)
        if not team:
            await ack(response_action="errors", errors={"channel": NO_WORKSPACE})
            return
        notice = await home.subscribe(values, team, user, context.enterprise_id)
        if notice is None:
            await ack(response_action="errors", errors={"channel": "Choose a channel."})
            return
        await ack()
        later(home.publish(client, team, user, notice))

    @app.action(re.compile(f"^({HOME_CHART}|{HOME_CSV})$"))
    async def home_file(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        """From the Home tab there is no channel: the file goes to the app's Messages tab."""
        await ack()
        chart = _action(body).get("action_id") == HOME_CHART
        if context.team_id:
            later(home.send_file(client, context.team_id, _user(body, context), chart))


def _claim_form(app: AsyncApp, desk: Newsdesk, later: Later) -> None:
    """The claim form: from the message shortcut, and its submission."""

    @app.shortcut(SHORTCUT)
    async def add_as_claim(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        """Open the form at once, then fill it with the message's text and link."""
        await ack()
        later(_fill_from_message(client, body, context.team_id or ""))

    @app.view(CALLBACK)
    async def claim_submitted(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        view = body.get("view") if isinstance(body.get("view"), dict) else {}
        user, team = _user(body, context), context.team_id or ""
        if not team:  # never the operator's ledger: a claim belongs to a workspace
            await ack(response_action="errors", errors={"party": NO_WORKSPACE})
            return
        try:
            fields = submitted_fields(_state_values(body))
            who = Who(team, "", user, enterprise_id=context.enterprise_id)
            result = await desk.submit_claim(fields, who)
        except Exception:
            log.exception("storing a claim from the form failed")
            await ack(response_action="errors", errors={"party": SORRY.message.text})
            return
        if result.errors:
            await ack(response_action="errors", errors=result.errors)
            return
        await ack()
        log.info("claim from the form by %s: %s", user, printable(result.confirmation[:80]))
        channel = _confirm_in(_metadata(view), team)
        if channel:
            later(_tell(client, channel, user, result.confirmation))


def _uninstalls(
    app: AsyncApp, desk: Newsdesk, installations: AsyncInstallationStore | None
) -> None:
    """A workspace (or an Enterprise Grid org) that removes the app is forgotten."""

    async def forget(context: AsyncBoltContext, bot_too: bool) -> None:
        """A workspace that uninstalled the app (or revoked its bot token): its installation,
        subscriptions, settings and unsent alerts go. Either event may come first, or twice.
        An org-wide (Enterprise Grid) install is the org's: its bot row has no team (deleted by
        the installation store as such, whatever team the event names), and every workspace of
        the org that has no install of its own is forgotten with it."""
        team, enterprise = context.team_id, context.enterprise_id
        org_wide = bool(context.is_enterprise_install and enterprise)
        if not team and not org_wide:
            return
        if installations is not None:
            await installations.async_delete_all(
                enterprise_id=enterprise, team_id=None if org_wide else team
            )
        if not bot_too:
            return
        teams = {team} if team else set()
        if org_wide:
            assert enterprise is not None
            for member in await asyncio.to_thread(desk.org_teams, enterprise):
                if installations is None or not await installations.async_find_bot(
                    enterprise_id=enterprise, team_id=member
                ):
                    teams.add(member)  # covered by the org's install only
        for gone_team in sorted(teams):
            gone = await asyncio.to_thread(desk.forget, gone_team)
            log.info("workspace %s removed the app: forgot %s", gone_team, gone)

    @app.event("app_uninstalled")
    async def uninstalled(ack: AsyncAck, context: AsyncBoltContext) -> None:
        await ack()
        await forget(context, bot_too=True)

    @app.event("tokens_revoked")
    async def revoked(ack: AsyncAck, event: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            await forget(context, bot_too=True)
        elif installations is not None and context.team_id:
            for user in tokens.get("oauth") or []:
                await installations.async_delete_installation(
                    enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user
                )


# The buttons' action ids, as the front door names what they do.
_BUTTONS = {ANSWER_POST: "post", ANSWER_CHART: "chart", ALERT_CHART: "chart", ANSWER_CSV: "csv",
            ANSWER_CONTEXT: "context"}  # fmt: skip
SORRY = refused("sorry")


def _action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions")
    first = actions[0] if isinstance(actions, list) and actions else {}
    return first if isinstance(first, dict) else {}


def _message_ts(body: dict[str, Any]) -> str:
    """The message a button sits on (ephemeral ones too): a double click carries the same."""
    container = body.get("container")
    ts = container.get("message_ts") if isinstance(container, dict) else None
    return str(ts or _action(body).get("action_ts") or "")


def _id(body: dict[str, Any], key: str) -> str:
    """The id of a channel or a user in a payload; never the workspace (`context.team_id`)."""
    value = body.get(key)
    return str(value.get("id", "")) if isinstance(value, dict) else ""


def _user(body: dict[str, Any], context: AsyncBoltContext) -> str:
    return context.user_id or _id(body, "user")


def _state_values(body: dict[str, Any]) -> dict[str, Any]:
    """A submitted form's values, whatever shape a forged payload gives its state."""
    view = body.get("view")
    state = view.get("state") if isinstance(view, dict) else None
    values = state.get("values") if isinstance(state, dict) else None
    return values if isinstance(values, dict) else {}


# An interaction from which no workspace can be known (an org-wide install's payload carries
# `team: null`; Bolt then reads the user's team): refused, never stored under no workspace. A
# click says nothing of its user's language: English.
NO_WORKSPACE = EN.say("no_workspace")


async def _team_or_refuse(context: AsyncBoltContext, respond: AsyncRespond) -> str:
    """The workspace of a button's click, from Bolt's context (never the raw body), or "" once
    the user is told why nothing happens."""
    if context.team_id:
        return context.team_id
    await say(respond, text=NO_WORKSPACE, response_type="ephemeral", replace_original=False)
    return ""


_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{1,40}")


def _confirm_in(metadata: dict[str, str], team_id: str) -> str:
    """The channel the form was opened from, where the confirmation goes: only one the form
    itself named, in the submitting user's own workspace; otherwise nowhere ("")."""
    channel = metadata.get("channel", "")
    if metadata.get("team") != team_id or not team_id or not _CHANNEL_ID.fullmatch(channel):
        if channel:
            log.warning("claim form: not confirming in %r, not the form's own workspace's",
                        channel[:40])  # fmt: skip
        return ""
    return channel


def _metadata(view: dict[str, Any]) -> dict[str, str]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


async def _fill_from_message(client: AsyncWebClient, body: dict[str, Any], team: str) -> None:
    """The shortcut's form: opened with a placeholder within the trigger's 3 seconds, then
    replaced by the form prefilled with the message's text and its permalink."""
    try:
        opened = await client.views_open(trigger_id=body.get("trigger_id", ""), view=loading_view())
        view = opened["view"]
        message = body.get("message") or {}
        channel = _id(body, "channel")
        prefill = {"quote": " ".join(str(message.get("text", "")).split())}
        try:
            link = await client.chat_getPermalink(channel=channel, message_ts=message.get("ts"))
            prefill["url"] = str(link.get("permalink", ""))
        except SlackApiError as error:
            log.warning("no permalink for the shortcut's message: %s", error_code(error))
        await client.views_update(
            view_id=view["id"],
            hash=view.get("hash"),
            view=claim_view(prefill, {"channel": channel, "team": team}),
        )
    except (SlackApiError, KeyError, TypeError) as error:
        log.warning("the claim form for a message could not be opened: %s", error)


async def _tell(client: AsyncWebClient, channel: str, user: str, text: str) -> None:
    try:
        await client.chat_postEphemeral(channel=channel, user=user, **_message(text))
    except SlackApiError as error:
        log.warning("could not confirm a claim to %s: %s", user, error_code(error))


def _message(text: str) -> dict[str, Any]:
    message = notice_message(text)
    return {"text": message.text, "blocks": message.blocks}
