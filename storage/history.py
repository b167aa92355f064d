"""Reading reports: the history every answer is computed from, and what revisions changed.

The only module besides `storage.reports` (which writes) that touches the report tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, select

from bot.reports import History, Report
from storage.claims import list_claims
from storage.corrections import load_corrections
from storage.models import claim_revisions as claim_revisions_t
from storage.models import claims as claims_t
from storage.models import corrections as corrections_t
from storage.models import oryx_counts as oryx_counts_t
from storage.models import oryx_revisions as oryx_revisions_t
from storage.models import report_revisions as revisions_t
from storage.models import report_values as values_t
from storage.models import reports as reports_t
from storage.models import revision_values as revision_values_t
from storage.oryx import load_oryx


def newest_report_date(db: Connection) -> date | None:
    return db.execute(select(func.max(reports_t.c.date))).scalar()


def load_history(db: Connection) -> History:
    """Every report with its current figures, and what restated figures first said."""
    totals: dict[int, dict[str, int]] = {}
    qualifiers: dict[int, dict[str, str]] = {}
    for report_id, category, value, qualifier in db.execute(
        select(values_t.c.report_id, values_t.c.category, values_t.c.value, values_t.c.qualifier)
    ).all():
        totals.setdefault(report_id, {})[category] = value
        if qualifier:
            qualifiers.setdefault(report_id, {})[category] = qualifier
    first: dict[int, dict[str, int]] = {}
    # The earliest replaced figure per category is what the report first said.
    for report_id, category, previous in db.execute(
        select(revisions_t.c.report_id, revision_values_t.c.category, revision_values_t.c.previous)
        .join(revisions_t, revisions_t.c.id == revision_values_t.c.revision_id)
        .where(revision_values_t.c.previous.is_not(None))
        .order_by(revisions_t.c.number)
    ):
        first.setdefault(report_id, {}).setdefault(category, previous)
    return History(
        (
            Report(
                date=r.date,
                day=r.day,
                source=r.source,
                url=r.url,
                totals=totals.get(r.id, {}),
                qualifiers=qualifiers.get(r.id, {}),
                first_reported=first.get(r.id, {}),
                directions=r.directions,
            )
            for r in db.execute(
                select(
                    reports_t.c.id,
                    reports_t.c.date,
                    reports_t.c.day,
                    reports_t.c.url,
                    reports_t.c.source,
                    reports_t.c.directions,
                )
            )
        ),
        load_corrections(db),
        list_claims(db),
        load_oryx(db),
    )


@dataclass(frozen=True)
class RevisionInfo:
    id: int
    report_id: int
    date: date
    kind: str
    announce: bool
    source: str
    changes: list[tuple[str, int | None, int]]  # (category, previous, value)


def revision_details(db: Connection, revision_ids: Sequence[int]) -> list[RevisionInfo]:
    if not revision_ids:
        return []
    rows = db.execute(
        select(
            revisions_t.c.id,
            revisions_t.c.report_id,
            reports_t.c.date,
            revisions_t.c.kind,
            revisions_t.c.announce,
            revisions_t.c.source,
        )
        .join(reports_t, reports_t.c.id == revisions_t.c.report_id)
        .where(revisions_t.c.id.in_(revision_ids))
        .order_by(revisions_t.c.id)
    ).all()
    changes: dict[int, list[tuple[str, int | None, int]]] = {}
    for revision_id, category, previous, value in db.execute(
        select(
            revision_values_t.c.revision_id,
            revision_values_t.c.category,
            revision_values_t.c.previous,
            revision_values_t.c.value,
        ).where(revision_values_t.c.revision_id.in_(revision_ids))
    ):
        changes.setdefault(revision_id, []).append((category, previous, value))
    return [RevisionInfo(*row, changes=changes.get(row[0], [])) for row in rows]


def store_version(db: Connection) -> tuple[int, ...]:
    """Changes whenever a report's figures, a correction, a claim or an Oryx count change:
    the newest ids."""
    columns = (revisions_t.c.id, corrections_t.c.id, claims_t.c.id, claim_revisions_t.c.id,
               oryx_counts_t.c.id, oryx_revisions_t.c.id)  # fmt: skip
    newest = db.execute(select(*(select(func.max(c)).scalar_subquery() for c in columns))).one()
    return tuple(n or 0 for n in newest)
