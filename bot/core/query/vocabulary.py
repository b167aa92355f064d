"""Every word the grammar knows, in both languages, and "did you mean" for a word it does not.

difflib from the standard library: the vocabulary is a few hundred words, and a close match
over it takes well under a millisecond. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from bot.core.categories import category, category_words
from bot.core.query.dates import MONTHS, WEEKDAYS
from bot.core.query.ukrainian import PHRASES

KEYWORDS = (
    "latest",
    "today",
    "yesterday",
    "on",
    "since",
    "between",
    "from",
    "to",
    "and",
    "until",
    "last",
    "past",
    "this",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "quarter",
    "year",
    "years",
    "ytd",
    "invasion",
    "start",
    "beginning",
    "help",
    "public",
    "context",
    "in",
    "for",
)


@cache
def _vocabulary() -> tuple[str, ...]:
    ukrainian = {word for phrase in PHRASES for word in phrase.split()}
    return tuple(sorted({*KEYWORDS, *MONTHS, *WEEKDAYS, *category_words(), *ukrainian}))


def suggestion(word: str, extra_keys: Iterable[str] = ()) -> str | None:
    """The known word closest to a misspelt one ("tnaks" -> "tanks"), or None."""
    if len(word) < 3 or not word.isalpha():
        return None
    extra = [category(k).plural for k in extra_keys]
    import difflib  # only for a word not understood: 1.2 ms of every cold `ask` otherwise

    found = difflib.get_close_matches(word, [*_vocabulary(), *extra], n=1, cutoff=0.75)
    return found[0] if found else None
