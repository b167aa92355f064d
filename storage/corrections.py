"""The General Staff's corrections: written on import, read with the history.

Idempotent: a correction already held with the same value is left alone; one restated with
another value supersedes the held row, which stays in the table with `superseded_at` set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from bot.core.reports import Correction
from storage.models import corrections as corrections_t


@dataclass
class Tally:
    """What an import did to rows of a second table (corrections, Oryx's counts)."""

    new: int = 0
    restated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"{self.new} new, {self.restated} restated, {self.unchanged} unchanged"

    def __iadd__(self, other: Tally) -> Tally:
        self.new += other.new
        self.restated += other.restated
        self.unchanged += other.unchanged
        return self


def store_corrections(
    db: Connection, corrections: Sequence[Correction], recorded_at: datetime
) -> Tally:
    result = Tally()
    held = {
        (row.date, row.category): (row.id, row.value)
        for row in db.execute(
            select(
                corrections_t.c.id,
                corrections_t.c.date,
                corrections_t.c.category,
                corrections_t.c.value,
            ).where(corrections_t.c.superseded_at.is_(None))
        )
    }
    fresh = []
    for c in corrections:
        have = held.get((c.date, c.key))
        if have is not None and have[1] == c.value:
            result.unchanged += 1
            continue
        if have is not None:
            db.execute(
                update(corrections_t)
                .where(corrections_t.c.id == have[0])
                .values(superseded_at=recorded_at)
            )
            result.restated += 1
        else:
            result.new += 1
        fresh.append(
            {
                "date": c.date,
                "category": c.key,
                "value": c.value,
                "source": c.source,
                "recorded_at": recorded_at,
            }
        )
    if fresh:
        db.execute(insert(corrections_t), fresh)
    return result
