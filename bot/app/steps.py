"""Workflow Builder steps (issue 32): the same grammar and answers as `/losses`, as outputs a
workflow passes on. `losses_for_period` gives the copy-ready sentence, the first category's
change and total and the two reports' dates; `losses_brief` the brief's text. A period the
grammar refuses, or a question the store cannot answer, is an error in words (the step's
`fail`), never a crash. Pure: a function of the inputs, the history and the moment."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bot.core.answer import Unanswerable, answer_query
from bot.core.freshness import Freshness
from bot.core.query.grammar import Help, UsageError, parse_query
from bot.core.reports import History
from bot.core.war import WAR_START
from bot.render.brief import brief_query, brief_text, compose_brief
from bot.render.flags import said
from bot.render.text import headline

LOSSES_FOR_PERIOD = "losses_for_period"
LOSSES_BRIEF = "losses_brief"
MAX_INPUT = 500  # characters of a step's text input: far above any period


@dataclass(frozen=True)
class StepResult:
    """A step's outputs, or why it cannot give them (in the question's language)."""

    outputs: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def run_step(
    step: str, inputs: dict[str, Any], history: History, today: date, freshness: Freshness
) -> StepResult:
    try:
        if step == LOSSES_FOR_PERIOD:
            return _for_period(inputs, history, today, freshness)
        if step == LOSSES_BRIEF:
            lang = _lang(inputs)
            query = brief_query(_text(inputs, "date"), today, lang)
            return StepResult({"brief": brief_text(compose_brief(history, query, today,
                                                                 freshness))})  # fmt: skip
        return StepResult(error=f"losses-bot has no step “{step[:60]}”.")
    except (UsageError, Unanswerable) as error:
        return StepResult(error=said(error))


def _for_period(
    inputs: dict[str, Any], history: History, today: date, freshness: Freshness
) -> StepResult:
    text = f"{_text(inputs, 'categories')} {_text(inputs, 'period')}".strip()
    query = parse_query(text, today, history.keys)
    if isinstance(query, Help):
        raise UsageError("usage_not_understood", rest=text, hint=None)
    if _lang(inputs) == "uk" and query.lang != "uk":
        query = replace(query, lang="uk")
    comparison = answer_query(query, history, today, freshness)
    key = comparison.categories[0]
    outputs: dict[str, Any] = {
        "sentence": headline(comparison),
        "from_date": (comparison.base.date if comparison.base else WAR_START).isoformat(),
        "to_date": comparison.report.date.isoformat(),
    }
    for name, figures in (("change", comparison.change), ("total", comparison.totals)):
        if key in figures and key not in comparison.uncertain:  # undecided: no single figure
            outputs[name] = figures[key]
    return StepResult(outputs)


def _text(inputs: dict[str, Any], name: str) -> str:
    value = inputs.get(name)
    return value[:MAX_INPUT] if isinstance(value, str) else ""


def _lang(inputs: dict[str, Any]) -> str:
    return "uk" if _text(inputs, "language").strip().lower() in ("uk", "ua", "українська") else "en"
