"""Oryx's counts in the store: written by `losses-bot import` (a restated row keeps what it
replaced in `oryx_revisions`), read with the history. Apart from the report tables by design."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from bot.core.oryx import OryxRow
from storage.corrections import Tally
from storage.models import oryx_counts as counts_t
from storage.models import oryx_revisions as revisions_t

VALUES = ("destroyed", "abandoned", "captured", "damaged", "total")


def store_oryx(db: Connection, rows: Sequence[OryxRow], imported_at: datetime) -> Tally:
    """Idempotent: a row already held with the same figures is left alone."""
    result = Tally()
    held = {
        (r.equipment_type, r.date): r
        for r in db.execute(
            select(
                counts_t.c.id,
                counts_t.c.equipment_type,
                counts_t.c.date,
                *(counts_t.c[v] for v in VALUES),
            )
        )
    }
    fresh = []
    for row in rows:
        figures = {v: getattr(row, v) for v in VALUES}
        have = held.get((row.equipment_type, row.day))
        if have is None:
            fresh.append(
                {
                    "equipment_type": row.equipment_type,
                    "date": row.day,
                    "imported_at": imported_at,
                    **figures,
                }
            )
            result.new += 1
            continue
        replaced = {v: getattr(have, v) for v in VALUES if getattr(have, v) != figures[v]}
        if not replaced:
            result.unchanged += 1
            continue
        db.execute(
            insert(revisions_t).values(
                count_id=have.id, replaced=json.dumps(replaced), revised_at=imported_at
            )
        )
        db.execute(
            update(counts_t)
            .where(counts_t.c.id == have.id)
            .values(imported_at=imported_at, **figures)
        )
        result.restated += 1
    if fresh:
        db.execute(insert(counts_t), fresh)
    return result
