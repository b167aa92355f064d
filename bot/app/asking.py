"""A `/losses` text asked: parsed by the command table, answered once per history and moment
(memoised), or handed back parsed for the front door to run.

Questions are answered from the history in memory, with no I/O: an outcome is a pure function
of the history, the text and the moment of asking, so it is memoised (a `History` is immutable
and replaced when the store changes, and the same questions come in bursts after the morning
alert). The newest report's answers are made in advance (`LatestAnswers`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date

from bot.app.answers import Answered, question
from bot.app.commands import BY_KIND, parse_command, slack_usage
from bot.app.latest_answers import LatestAnswers
from bot.app.memo import Memo
from bot.app.outcome import Asked, Outcome, Who
from bot.core.answer import Unanswerable
from bot.core.freshness import Freshness
from bot.core.query.commands import Ask, Command
from bot.core.query.grammar import Help, UsageError, language
from bot.core.reports import History
from bot.render.blocks import unanswerable_message, usage_message
from bot.render.flags import said


@dataclass
class Answers:
    """This app's answers: outcomes memoised, and the newest report's answers, made once per
    history. A new history replaces both (`rebuild`, which the service calls)."""

    # A repeated question is answered in 8 µs from here, 77 µs otherwise (parsed, its prebuilt
    # answer read back). 256: the largest reply (the usage quoting a 2,000-character question)
    # holds about 22 kB as Python objects and its JSON once sent, an answer over every category
    # 16 kB: < 7 MB.
    memo: Memo[Outcome | Command] = field(default_factory=lambda: Memo(256))
    latest: LatestAnswers = field(default_factory=LatestAnswers)

    def reply(
        self, history: History, text: str, today: date, freshness: Freshness | None
    ) -> Outcome | Command:
        """The outcome of `text`, or the command parsed from it when only the store or Slack
        can carry it out."""
        return self.memo.get(
            (history, text, today, freshness),
            lambda: answer_reply(history, text, today, freshness, self.latest),
        )

    async def rebuild(self, history: History) -> None:
        self.memo.clear()  # its outcomes hold the old history; let them go
        await asyncio.to_thread(self.latest.build, history)


def refusal(error: UsageError | Unanswerable, question_only: bool = False) -> Outcome:
    """Why a text is not a command (above the usage), or why the store cannot answer it, in
    the question's language."""
    if isinstance(error, UsageError):
        message = usage_message(said(error), slack_usage(error.lang))
        return Outcome(message, question=question_only, refused=error.form)
    return Outcome(unanswerable_message(said(error)), question=question_only,
                   refused=error.reason.sentence)  # fmt: skip


def answer_reply(
    history: History,
    text: str,
    today: date,
    freshness: Freshness | None = None,
    latest: LatestAnswers | None = None,
) -> Outcome | Command:
    """The outcome of a question or of a command the table answers from the history alone;
    any other command, parsed. `latest`: the newest report's answers where made already."""
    try:
        command = parse_command(text, today, history.keys)
        if isinstance(command, Help):
            return Answered(usage_message(usage=slack_usage(command.lang)))
        if isinstance(command, Ask):
            return question(command, text, history, today, freshness, latest)
        entry = BY_KIND[type(command)]
        if entry.runs != "answer":
            return command  # the store, a form or a file: the front door runs it
        return entry.run(command, Asked(text, Who(), history, today, freshness, language(text)))
    except (UsageError, Unanswerable) as error:
        return refusal(error, question_only=True)
