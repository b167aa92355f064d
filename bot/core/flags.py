"""Flags: what a reporter must know about a figure, as data.

A flag names its kind (`decrease`, `correction`, `missing`, ...), the category it is about and
the facts a sentence would state (reports, dates, figures), never the sentence itself: words are
made at the edge (`bot.render.flags`), in the reader's language. `form` names the sentence where a
kind has several (`missing_dropped` says when the category was last listed). Pure data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KINDS = ("decrease", "correction", "revised", "qualifier", "missing", "gap", "first_listed",
         "series_break", "stale", "partial", "transcriptions_disagree", "stated_change_differs",
         "unanswerable", "milestone", "record", "measure")  # fmt: skip


@dataclass(frozen=True)
class Flag:
    kind: str
    category: str | None = None
    form: str = ""  # the sentence that states it; the kind's own when empty
    # Reports, dates, figures, category keys: what the sentence states, unformatted.
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def sentence(self) -> str:
        return self.form or self.kind


def flag(kind: str, category: str | None = None, form: str = "", **params: Any) -> Flag:
    return Flag(kind, category, form, params)


class Unanswerable(ValueError):
    """The store cannot answer this question: `reason` says why and names what it does have
    (the nearest report), in the question's language `lang` when said (`bot.render.flags`)."""

    def __init__(self, reason: Flag, lang: str = "en") -> None:
        super().__init__(reason.sentence)
        self.reason = reason
        self.lang = lang
