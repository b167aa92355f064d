"""The answers to `/losses`: each question parsed and resolved once, its reply memoised, the
newest report's answers made in advance.

Questions are answered from the history in memory, with no I/O: a reply is a pure function of
the history, the text and the moment of asking, so it is memoised (a `History` is immutable and
replaced when the store changes, and the same questions come in bursts after the morning alert).
A command that needs the store or Slack (subscriptions, the claim form) comes back parsed, for
the adapter to carry out; charts and CSVs come back checked, to be made after the
acknowledgement in the file process.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from bot.app.artifacts import chart_artifact, draw_chart, export_filename, export_plan, write_export
from bot.app.file_workers import FileJob
from bot.app.latest_answers import LatestAnswers
from bot.app.memo import Memo
from bot.core.answer import Unanswerable, compare_period, resolve_period
from bot.core.categories import category
from bot.core.freshness import Freshness
from bot.core.query.commands import (
    Ask,
    BriefFor,
    Chart,
    Command,
    Export,
    ListClaims,
    Sources,
    parse_command,
    slack_usage,
)
from bot.core.query.grammar import Help, UsageError
from bot.core.reports import History
from bot.core.sources import RECENT_DAYS, recent_disputes, sources_status
from bot.render.blocks import (
    SlackMessage,
    answer_buttons,
    answer_message,
    brief_message,
    notice_message,
    unanswerable_message,
    usage_message,
)
from bot.render.brief import brief_query, compose_brief
from bot.render.context import claim_sentence
from bot.render.flags import said
from bot.render.sources import sources_text
from bot.render.wording import EN, wording


@dataclass(frozen=True)
class Reply:
    message: SlackMessage
    public: bool = False  # posted to the channel, not only to the asker
    # A file to post to the channel after the acknowledgement: made in the file process.
    upload: FileJob | None = None
    # A modal to open before the acknowledgement (the form that adds a claim).
    view: dict[str, Any] | None = None
    # Only answers a question (logged at DEBUG: the busiest path; what changes things is INFO).
    question: bool = False


@dataclass
class Answers:
    """This app's answers: replies memoised, and the newest report's answers, made once per
    history. A new history replaces both (`rebuild`, which the service calls)."""

    # 256: the largest reply (the usage quoting a 2,000-character question) holds about 22 kB
    # as Python objects over the full history, an answer over every category 11 kB: < 7 MB.
    memo: Memo[Reply | Command] = field(default_factory=lambda: Memo(256))
    latest: LatestAnswers = field(default_factory=LatestAnswers)

    def reply(
        self, history: History, text: str, today: date, freshness: Freshness | None
    ) -> Reply | Command:
        """The reply to `text`, or the command parsed from it when only the store or Slack
        can carry it out."""
        return self.memo.get(
            (history, text, today, freshness),
            lambda: answer_reply(history, text, today, freshness, self.latest),
        )

    async def rebuild(self, history: History) -> None:
        self.memo.clear()  # its replies hold the old history; let it go
        await asyncio.to_thread(self.latest.build, history)


# What `answer_reply` gives: replies that only answer a question.
Answered = partial(Reply, question=True)


def answer_reply(
    history: History,
    text: str,
    today: date,
    freshness: Freshness | None = None,
    latest: LatestAnswers | None = None,
) -> Reply | Command:
    """The reply to a question or a brief; any other command, parsed. `latest`: the newest
    report's answers where they were made already."""
    try:
        command = parse_command(text, today, history.keys)
    except UsageError as error:
        return Answered(usage_message(said(error), slack_usage(error.lang)))
    if isinstance(command, Help):
        return Answered(usage_message(usage=slack_usage(command.lang)))
    if isinstance(command, ListClaims):
        return Answered(notice_message(claims_text(history, command.party)))
    if isinstance(command, Sources):
        statuses, disputes = sources_status(history), recent_disputes(history, today)
        return Answered(notice_message(sources_text(statuses, disputes, RECENT_DAYS)))
    if isinstance(command, BriefFor):
        try:
            query = brief_query(command.text, today, command.lang)
            return Answered(brief_message(compose_brief(history, query, today, freshness)))
        except UsageError as error:
            return Answered(usage_message(said(error), slack_usage(error.lang)))
        except Unanswerable as error:
            return Answered(unanswerable_message(said(error)))
    if not isinstance(command, Ask):
        return command  # subscriptions need the store; files are made after the ack
    query = command.query
    try:
        period = resolve_period(query, history, today)
        message = latest and latest.message(history, query, period, freshness)
        if message is None:
            message = answer_message(compare_period(query, history, period, freshness))
    except Unanswerable as error:
        return Answered(unanswerable_message(said(error)))
    if command.public:
        return Answered(message, public=True)
    return Answered(answer_buttons(message, text, wording(query.lang)))


def file_reply(command: Chart | Export, history: History, today: date) -> Reply:
    """Check the request now, so a bad one is answered at once; make the file after the ack."""
    try:
        if isinstance(command, Chart):
            comparison, keys = chart_artifact(command.text, history, today)
            what = ", ".join(category(k).plural for k in keys)
            return Reply(
                notice_message(f"Drawing the chart of {what}; it will be posted here."),
                upload=FileJob(draw_chart, history, (comparison, keys)),
            )
        comparison, named = export_plan(command.text, history, today)
    except UsageError as error:
        return Reply(usage_message(said(error), slack_usage(error.lang)))
    except Unanswerable as error:
        return Reply(unanswerable_message(said(error)))
    return Reply(
        notice_message(f"Posting {export_filename(comparison, history)} here."),
        upload=FileJob(write_export, history, (comparison, named)),
    )


MAX_LISTED_CLAIMS = 20


def claims_text(history: History, party: str = "") -> str:
    """The newest claims in force (of `party`, part of its name in any case), each as the
    sentence answers cite it, ranges as said, with its ledger id."""
    if not history.claims:
        return "The ledger holds no claims yet: `losses-bot claims add` or `claims import`."
    found = [c for c in history.claims if party.casefold() in c.party.casefold()]
    if not found:
        return f"No claim in the ledger by a party named like “{party}”."
    newest = sorted(found, key=lambda c: (c.stated_on or c.as_of, c.id), reverse=True)
    lines = [f"#{c.id} {claim_sentence(c, EN)}" for c in newest[:MAX_LISTED_CLAIMS]]
    more = len(newest) - MAX_LISTED_CLAIMS
    by = f" by {party}" if party else " by other parties"
    return (
        f"Claims{by}, newest first:\n"
        + "\n".join(lines)
        + (f"\n… and {more} older." if more > 0 else "")
    )
