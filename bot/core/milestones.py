"""Round numbers a total crossed: "100,000 personnel", "3,000 tanks". Pure: flags, not words.

The step follows the total's magnitude, so each category gets news-sized milestones: a 5-digit
total is marked every 10,000, a 4-digit one every 1,000; where the leading digit is 1 the step
is halved (1,500,000 is news, and so is 15,000 tanks).
"""

from __future__ import annotations

from bot.core.flags import Flag, flag


def milestone_step(total: int) -> int:
    digits = len(str(max(total, 1)))
    step = 10 ** (digits - 1)
    if str(total)[0] == "1" and step >= 10:
        step //= 2
    return max(step, 10)


def crossed(previous: int, total: int) -> int | None:
    """The highest round number in (previous, total], or None."""
    if total <= previous:
        return None
    step = milestone_step(total)
    mark = total // step * step
    return mark if mark > previous else None


def milestone_notes(before: dict[str, int], after: dict[str, int]) -> list[Flag]:
    """A `milestone` flag for each category whose total crossed a round number."""
    notes = []
    for key, total in after.items():
        previous = before.get(key)
        mark = None if previous is None else crossed(previous, total)
        if mark is not None:
            notes.append(flag("milestone", key, mark=mark))
    return notes
