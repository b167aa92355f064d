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
    "hours",
    "far",
    "in",
    "for",
)


@cache
def _vocabulary() -> tuple[str, ...]:
    ukrainian = {word for phrase in PHRASES for word in phrase.split()}
    return tuple(sorted({*KEYWORDS, *MONTHS, *WEEKDAYS, *category_words(), *ukrainian}))


def suggestion(word: str, extra_keys: Iterable[str] = ()) -> str | None:
    """The known word a misspelt one is a slip of ("tnaks" -> "tanks", "yaer" -> "year"), or
    None: only a word one slip away (two for a word of six letters or more: a letter missing,
    added, changed, or two swapped), never the word itself ("year" where a date was due) and
    never a mere likeness ("hours" is not "thurs")."""
    word = word.lower()
    known = [*_vocabulary(), *(category(k).plural for k in extra_keys)]
    if len(word) < 3 or not word.isalpha() or word in known:
        return None
    most = 1 if len(word) <= 5 else 2
    found = sorted((slips(word, k), k) for k in known if abs(len(k) - len(word)) <= most)
    return found[0][1] if found and found[0][0] <= most else None


def slips(a: str, b: str) -> int:
    """How many typing slips turn `a` into `b`: letters missing, added or changed, and two
    neighbours swapped (the optimal string alignment distance)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
