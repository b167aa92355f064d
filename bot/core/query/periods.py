"""The periods a question can ask about, and the error for text that is not a question. Plain
data shared by the grammar and the calendar words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


class UsageError(ValueError):
    """The text is not a query. Like a flag, it is data: `form` names the reason's sentence and
    `params` its facts (the words quoted, a `hint` of what was probably meant), written at the
    edge (`bot.render.flags.said`) in the question's language `lang`."""

    def __init__(self, form: str, lang: str = "en", **params: Any) -> None:
        super().__init__(form, params)
        self.form = form
        self.lang = lang
        self.params = params


@dataclass(frozen=True)
class Latest:
    """The latest report against the one before it."""


@dataclass(frozen=True)
class On:
    day: date


@dataclass(frozen=True)
class Since:
    """From the last report before `start` to the latest: includes losses reported on `start`."""

    start: date


@dataclass(frozen=True)
class Between:
    """From the last report before `start` to the last report on or before `end`."""

    start: date
    end: date


Period = Latest | On | Since | Between
