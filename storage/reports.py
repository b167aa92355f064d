"""Writing reports: the only module that changes the report tables (`storage.history` reads them),
and what a stored revision changed, for the alerts it causes.

`store_reports` compares incoming figures with what is held and writes a revision only where
something changed, so importing the same data twice changes nothing. It works in bulk (a few
statements per batch, not per report) so the full history imports in well under a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, func, insert, select, text, update

from bot.core.reports import Report
from storage.models import report_revisions as revisions_t
from storage.models import report_values as values_t
from storage.models import reports as reports_t
from storage.models import revision_values as revision_values_t

# Serialises writers on PostgreSQL (two pollers storing the same new report).
WRITE_LOCK = 72_011_001


@dataclass
class StoreResult:
    new: int = 0
    extended: int = 0
    restated: int = 0
    unchanged: int = 0
    revision_ids: list[int] = field(default_factory=list)
    transcribed: int = 0  # figures a transcription gave or changed (`storage.transcriptions`)

    @property
    def changed(self) -> bool:
        """Whether anything an answer or an alert reads changed."""
        return bool(self.revision_ids or self.transcribed)

    def __iadd__(self, other: StoreResult) -> StoreResult:
        self.new += other.new
        self.extended += other.extended
        self.restated += other.restated
        self.unchanged += other.unchanged
        self.revision_ids += other.revision_ids
        self.transcribed += other.transcribed
        return self

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.restated} restated, {self.extended} extended, "
            f"{self.unchanged} unchanged"
        )


def store_reports(
    db: Connection, reports: Sequence[Report], fetched_at: datetime, announce: bool
) -> StoreResult:
    """Store validated reports inside the caller's transaction."""
    result = StoreResult()
    if not reports:
        return result
    if db.dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
    held = _held(db, min(r.date for r in reports), max(r.date for r in reports))
    fresh = [r for r in reports if r.date not in held]
    _insert_new(db, fresh, fetched_at, announce, result)
    for report in reports:
        if report.date in held:
            _apply_changes(db, report, held[report.date], fetched_at, announce, result)
    return result


@dataclass
class _Held:
    report_id: int
    url: str | None
    revisions: int
    values: dict[str, tuple[int, str | None]]
    directions: str | None = None


def _held(db: Connection, first: date, last: date) -> dict[date, _Held]:
    rows = db.execute(
        select(reports_t.c.id, reports_t.c.date, reports_t.c.url, reports_t.c.directions).where(
            reports_t.c.date.between(first, last)
        )
    ).all()
    held = {r.date: _Held(r.id, r.url, 0, {}, r.directions) for r in rows}
    if not held:
        return held
    by_id = {h.report_id: h for h in held.values()}
    ids = list(by_id)
    for report_id, category, value, qualifier in db.execute(
        select(values_t.c.report_id, values_t.c.category, values_t.c.value, values_t.c.qualifier)
        .join(reports_t, reports_t.c.id == values_t.c.report_id)
        .where(reports_t.c.date.between(first, last))
    ):
        by_id[report_id].values[category] = (value, qualifier)
    for report_id, count in db.execute(
        select(revisions_t.c.report_id, func.max(revisions_t.c.number))
        .where(revisions_t.c.report_id.in_(ids))
        .group_by(revisions_t.c.report_id)
    ):
        by_id[report_id].revisions = count
    return held


def _insert_new(
    db: Connection,
    reports: Sequence[Report],
    fetched_at: datetime,
    announce: bool,
    result: StoreResult,
) -> None:
    """New reports with their first revision and figures: three bulk inserts, whatever the
    number of reports (an import of the whole history is one statement per table)."""
    # Long: three bulk inserts, each with the rows it needs built beside it.
    if not reports:
        return
    report_ids = (
        db.execute(
            insert(reports_t).returning(reports_t.c.id, sort_by_parameter_order=True),
            [
                {
                    "date": r.date,
                    "day": r.day,
                    "url": r.url,
                    "source": r.source,
                    "directions": r.directions,
                    "first_seen_at": fetched_at,
                    "updated_at": fetched_at,
                }
                for r in reports
            ],
        )
        .scalars()
        .all()
    )
    revision_ids = (
        db.execute(
            insert(revisions_t).returning(revisions_t.c.id, sort_by_parameter_order=True),
            [
                {
                    "report_id": report_id,
                    "number": 1,
                    "kind": "new",
                    "source": r.source,
                    "fetched_at": fetched_at,
                    "announce": announce,
                    "directions": r.directions,
                }
                for report_id, r in zip(report_ids, reports, strict=True)
            ],
        )
        .scalars()
        .all()
    )
    current, logged = [], []
    for report_id, revision_id, r in zip(report_ids, revision_ids, reports, strict=True):
        for category, value in r.totals.items():
            current.append(
                {
                    "report_id": report_id,
                    "category": category,
                    "value": value,
                    "qualifier": r.qualifiers.get(category),
                    "revision_id": revision_id,
                }
            )
            logged.append(
                {"revision_id": revision_id, "category": category, "value": value, "previous": None}
            )
    db.execute(insert(values_t), current)
    db.execute(insert(revision_values_t), logged)
    result.new += len(reports)
    result.revision_ids += revision_ids


def _apply_changes(
    db: Connection,
    report: Report,
    held: _Held,
    fetched_at: datetime,
    announce: bool,
    result: StoreResult,
) -> None:
    """Write one revision with every figure that differs from (or is missing in) the store.

    A category the incoming report lacks is kept: one source not counting something is not a
    restatement that it is zero.
    """
    if report.url and not held.url:
        db.execute(update(reports_t).where(reports_t.c.id == held.report_id).values(url=report.url))
    changed = {
        k: v for k, v in report.totals.items() if k not in held.values or held.values[k][0] != v
    }
    _requalify(db, report, held, changed)
    # Where most losses were: a new text is a revision; a source without one erases nothing.
    directions = (
        report.directions
        if report.directions is not None and report.directions != held.directions
        else None
    )
    if not changed and directions is None:
        result.unchanged += 1
        return
    restated = any(k in held.values for k in changed) or (
        directions is not None and held.directions is not None
    )
    revision_id = db.execute(
        insert(revisions_t).returning(revisions_t.c.id),
        {
            "report_id": held.report_id,
            "number": held.revisions + 1,
            "kind": "restated" if restated else "extended",
            "source": report.source,
            "fetched_at": fetched_at,
            "announce": announce,
            "directions": directions,
            "directions_before": held.directions if directions is not None else None,
        },
    ).scalar_one()
    if directions is not None:
        db.execute(
            update(reports_t).where(reports_t.c.id == held.report_id).values(directions=directions)
        )
    _write_values(db, report, held, changed, revision_id)
    db.execute(
        update(reports_t)
        .where(reports_t.c.id == held.report_id)
        .values(source=report.source, updated_at=fetched_at)
    )
    if restated:
        result.restated += 1
    else:
        result.extended += 1
    result.revision_ids.append(revision_id)


def _requalify(db: Connection, report: Report, held: _Held, changed: Mapping[str, int]) -> None:
    """A figure whose value holds but whose wording ("about", "more than") is new."""
    for key, (_, qualifier) in held.values.items():
        wording = report.qualifiers.get(key)
        if key not in changed and wording and wording != qualifier:
            db.execute(
                update(values_t)
                .where(values_t.c.report_id == held.report_id, values_t.c.category == key)
                .values(qualifier=wording)
            )


def _write_values(
    db: Connection, report: Report, held: _Held, changed: Mapping[str, int], revision_id: int
) -> None:
    """The revision's figures with what they replace, and the report's current figures."""
    if not changed:
        return
    db.execute(
        insert(revision_values_t),
        [
            {
                "revision_id": revision_id,
                "category": k,
                "value": v,
                "previous": held.values[k][0] if k in held.values else None,
            }
            for k, v in changed.items()
        ],
    )
    for key, value in changed.items():
        row = {"value": value, "qualifier": report.qualifiers.get(key), "revision_id": revision_id}
        if key in held.values:
            db.execute(
                update(values_t)
                .where(values_t.c.report_id == held.report_id, values_t.c.category == key)
                .values(**row)
            )
        else:
            db.execute(insert(values_t).values(report_id=held.report_id, category=key, **row))


def first_seen(db: Connection, report_id: int) -> datetime:
    """When the report first came (its alert is late, or not, by this)."""
    return db.execute(
        select(reports_t.c.first_seen_at).where(reports_t.c.id == report_id)
    ).scalar_one()


@dataclass(frozen=True)
class Announced:
    """A report that arrived to be announced: its first (`new`) revision and when it came."""

    report_id: int
    date: date
    revision_id: int
    fetched_at: datetime


def announced_since(db: Connection, since: datetime) -> list[Announced]:
    """The reports first stored since `since` with their alerts due (not a history import)."""
    rows = db.execute(
        select(reports_t.c.id, reports_t.c.date, revisions_t.c.id, revisions_t.c.fetched_at)
        .join(revisions_t, revisions_t.c.report_id == reports_t.c.id)
        .where(
            revisions_t.c.kind == "new",
            revisions_t.c.announce.is_(True),
            revisions_t.c.fetched_at >= since,
        )
        .order_by(reports_t.c.date)
    ).all()
    return [Announced(*row) for row in rows]


def announced_report(db: Connection, report_id: int) -> Announced | None:
    """A report's first revision, if it came to be announced (`announced_since` for one)."""
    row = db.execute(
        select(reports_t.c.id, reports_t.c.date, revisions_t.c.id, revisions_t.c.fetched_at)
        .join(revisions_t, revisions_t.c.report_id == reports_t.c.id)
        .where(
            reports_t.c.id == report_id,
            revisions_t.c.kind == "new",
            revisions_t.c.announce.is_(True),
        )
    ).first()
    return None if row is None else Announced(*row)


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
