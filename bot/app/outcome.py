"""What the front door (`bot.app.newsdesk`) is asked, and what it answers: data the adapters
send as they must (an acknowledgement, a response URL, a terminal), worded by `bot.render`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.app.file_workers import FileJob
from bot.core.freshness import Freshness
from bot.core.reports import History
from bot.render.blocks import SlackMessage, mrkdwn_message, notice_message
from bot.render.wording import wording

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bot.app.data_tokens import DataTokens


class Desk(Protocol):
    """What a runner may use of the front door (`bot.app.newsdesk.Newsdesk`)."""

    engine: Engine
    data_tokens: DataTokens | None
    public_url: str
    behind_proxy: bool

    def now(self) -> datetime: ...


@dataclass(frozen=True)
class Who:
    """Who asked, and where: a Slack workspace, channel and user (all "" from the CLI)."""

    team_id: str = ""
    channel_id: str = ""
    user_id: str = ""
    trigger_id: str = ""  # Slack's id of this request: a replay or a retry carries the same
    # The request's headers: the address Slack reached us at, for links to the bot (the live
    # data URL) where LOSSES_PUBLIC_URL does not give it. Read only where a link is made.
    headers: Mapping[str, Any] = field(default_factory=dict)
    enterprise_id: str | None = None  # the workspace's Enterprise Grid org, if any


@dataclass(frozen=True)
class Asked:
    """A command's runner gets this: the text, who asked, the history and moment it is
    answered from, the question's language, and the front door (the store, the files)."""

    text: str
    who: Who
    history: History
    today: date
    freshness: Freshness | None
    lang: str
    desk: Desk | None = None  # None where only the history is needed (memoised answers)

    @property
    def store(self) -> Desk:
        """The front door, for a runner that needs the store."""
        assert self.desk is not None, "a store command runs through the front door"
        return self.desk


@dataclass(frozen=True)
class Outcome:
    """What a command did: what the asker sees, and what the adapter does after."""

    message: SlackMessage  # worded by `bot.render` in the question's language
    public: bool = False  # posted to the channel, not only to the asker
    # A file to post to the channel after the acknowledgement: made in the file process.
    upload: FileJob | None = None
    # A modal to open before the acknowledgement (the form that adds a claim).
    view: dict[str, Any] | None = None
    # Only answers a question (logged at DEBUG: the busiest path; what changes things is INFO).
    question: bool = False
    refused: str = ""  # why nothing was done, as a template name ("already", "busy", …)
    deliver: bool = False  # it queued messages: send them now, not at the next pass


def notice(form: str, lang: str = "en", /, **params: Any) -> Outcome:
    """A one-sentence outcome, by its template in `bot.render.wording` (escaped: it may quote
    the user's words)."""
    return Outcome(notice_message(wording(lang).say(form, **params)))


def marked(form: str, lang: str = "en", /, **params: Any) -> Outcome:
    """The same, for a template with Slack markup in it (channel mentions like <#C123>)."""
    return Outcome(mrkdwn_message(wording(lang).say(form, **params)))


def refused(form: str, lang: str = "en", /, **params: Any) -> Outcome:
    return Outcome(notice_message(wording(lang).say(form, **params)), refused=form)


def refused_marked(form: str, lang: str = "en", /, **params: Any) -> Outcome:
    """A refusal whose template has Slack markup in it (it names a channel or a user)."""
    return Outcome(mrkdwn_message(wording(lang).say(form, **params)), refused=form)
