"""A question's answer, and the runners of the commands answered from the history alone or
checked there (`bot.app.commands`): sources, claims, the brief, the claim form, files.

No I/O: each is a function of the history, the text and the moment of asking. A runner that
cannot answer raises `UsageError` or `Unanswerable`; the front door words it
(`bot.app.asking.refusal`). Charts and CSVs come back checked, to be made after the
acknowledgement in the file process.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from bot.app.artifacts import chart_artifact, draw_chart, export_filename, export_plan, write_export
from bot.app.file_workers import FileJob
from bot.app.latest_answers import LatestAnswers
from bot.app.outcome import Asked, Outcome, notice
from bot.core.answer import Unanswerable, compare_period, resolve_period
from bot.core.freshness import Freshness
from bot.core.query.commands import Ask, BriefFor, Chart, Export, ListClaims, Sources
from bot.core.reports import History
from bot.core.sources import RECENT_DAYS, recent_disputes, sources_status
from bot.render.blocks import (
    answer_buttons,
    answer_message,
    brief_message,
    notice_message,
    unanswerable_message,
)
from bot.render.brief import brief_query, compose_brief
from bot.render.claim_form import claim_view
from bot.render.claims import claims_text
from bot.render.flags import said as reason
from bot.render.sources import sources_text
from bot.render.wording import wording

# Outcomes that only answer a question.
Answered = partial(Outcome, question=True)


def question(
    command: Ask,
    text: str,
    history: History,
    today: date,
    freshness: Freshness | None,
    latest: LatestAnswers | None = None,
) -> Outcome:
    """A question's answer, with the buttons of a private one."""
    query = command.query
    try:
        period = resolve_period(query, history, today)
        message = latest and latest.message(history, query, period, freshness)
        if message is None:
            message = answer_message(compare_period(query, history, period, freshness))
    except Unanswerable as error:
        return Answered(unanswerable_message(reason(error)), refused=error.reason.sentence)
    if command.public:
        return Answered(message, public=True)
    return Answered(answer_buttons(message, text, wording(query.lang)))


def sources(command: Sources, asked: Asked) -> Outcome:
    history = asked.history
    statuses, disputes = sources_status(history), recent_disputes(history, asked.today)
    return Answered(notice_message(sources_text(statuses, disputes, RECENT_DAYS)))


def claims(command: ListClaims, asked: Asked) -> Outcome:
    return Answered(notice_message(claims_text(asked.history, command.party, asked.lang)))


def brief(command: BriefFor, asked: Asked) -> Outcome:
    query = brief_query(command.text, asked.today, command.lang)
    made = compose_brief(asked.history, query, asked.today, asked.freshness)
    return Answered(brief_message(made))


def claim_form(command: object, asked: Asked) -> Outcome:
    """`/losses claim`: the form, opened before the acknowledgement."""
    form = claim_view(metadata={"channel": asked.who.channel_id, "team": asked.who.team_id})
    return Outcome(notice("opening_form", asked.lang).message, view=form)


def file(command: Chart | Export, asked: Asked) -> Outcome:
    """Check the request now, so a bad one is answered at once; make the file after the ack."""
    return file_outcome(command, asked.history, asked.today, asked.lang)


def file_outcome(
    command: Chart | Export, history: History, today: date, lang: str = "en"
) -> Outcome:
    """Raises `UsageError` or `Unanswerable` for a request that cannot be drawn or exported."""
    say = wording(lang)
    if isinstance(command, Chart):
        comparison, keys = chart_artifact(command.text, history, today)
        return Outcome(
            notice("drawing_chart", lang, what=", ".join(say.label(k) for k in keys)).message,
            upload=FileJob(draw_chart, history, (comparison, keys)),
        )
    comparison, named = export_plan(command.text, history, today)
    return Outcome(
        notice("posting_file", lang, name=export_filename(comparison, history)).message,
        upload=FileJob(write_export, history, (comparison, named)),
    )
