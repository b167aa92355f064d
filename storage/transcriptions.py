"""Each transcription's figures, kept apart, and the published figure made from them.

Every source is a transcription of the General Staff's morning report, and transcriptions
disagree (114 values over 1,435 dates between the dataset and orc-losses). So each keeps its own
figures (`transcription_values`) and its own history: a revision is a transcription changing
**its own** earlier figure (`transcription_changes`), never two transcriptions differing. The
published figure of a date and category, the one every answer reads (`report_values`, through
`storage.reports.store_reports`, which logs its revisions as before), is the value most
transcriptions give; a tie goes to the first in the order of preference. The day's change a
report states (`stated_changes`) is kept the same way, per transcription, and published beside
the figure by the same rule.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, insert, select, text, update

from bot.core.reports import Report
from storage.models import report_values as published_t
from storage.models import reports as reports_t
from storage.models import stated_changes as stated_t
from storage.models import transcription_changes as changes_t
from storage.models import transcription_values as values_t
from storage.reports import WRITE_LOCK, StoreResult, store_reports


def published(values: Mapping[str, int], order: Sequence[str]) -> int:
    """The value most transcriptions give; a tie goes to the first of them in `order`."""
    distinct = set(values.values())
    if len(distinct) == 1:  # they agree (nearly always): nothing to count
        return distinct.pop()
    counts = Counter(values.values())
    most = max(counts.values())
    tied = {value for value, n in counts.items() if n == most}
    return values[first_of([n for n, v in values.items() if v in tied], order)]


def first_of(names: Iterable[str], order: Sequence[str]) -> str:
    """The first of `names` in `order` (names it lacks after, alphabetically)."""
    rank = {name: i for i, name in enumerate(order)}
    return min(names, key=lambda n: (rank.get(n, len(rank)), n))


def store_transcribed(
    db: Connection,
    reports: Sequence[Report],
    fetched_at: datetime,
    announce: bool,
    order: Sequence[str],
) -> StoreResult:
    """Store one transcription's reports (their `source` names it) inside the caller's
    transaction, then the published figures of the dates they touch."""
    if not reports:
        return StoreResult()
    if db.dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
    first, last = min(r.date for r in reports), max(r.date for r in reports)
    transcribed = 0
    for name in {r.source for r in reports}:
        own = [r for r in reports if r.source == name]
        transcribed += _store_own(db, own, name, fetched_at)
        transcribed += _store_stated(db, own, name, fetched_at)
    figures = _figures(db, first, last)
    result = store_reports(
        db, [_published(r, figures, order) for r in reports], fetched_at, announce
    )
    if transcribed:
        _summarise(db, figures, _stated(db, first, last), order)
    result.transcribed = transcribed
    return result


Figures = Mapping[date, Mapping[str, Mapping[str, int]]]  # date -> category -> name -> value


def _summarise(db: Connection, figures: Figures, stated: Figures, order: Sequence[str]) -> None:
    """Keep each report's `transcriptions`, each figure's `disputed` and its stated change as
    `figures` and `stated` say, so a history load reads them with the published figures
    (`storage.history`)."""
    first, last = min(figures), max(figures)
    held = {
        day: (report_id, names)
        for report_id, day, names in db.execute(
            select(reports_t.c.id, reports_t.c.date, reports_t.c.transcriptions).where(
                reports_t.c.date.between(first, last)
            )
        )
    }
    kept = {
        (report_id, category): (values, change, by)
        for report_id, category, values, change, by in db.execute(
            select(
                published_t.c.report_id,
                published_t.c.category,
                published_t.c.disputed,
                published_t.c.stated,
                published_t.c.stated_by,
            )
            .join(reports_t, reports_t.c.id == published_t.c.report_id)
            .where(reports_t.c.date.between(first, last))
        )
    }
    names_due, values_due = [], []
    for day, by_category in figures.items():
        if day not in held:
            continue
        report_id, names = held[day]
        wanted = ",".join(sorted({name for by_name in by_category.values() for name in by_name}))
        if wanted != names:
            names_due.append({"report": report_id, "names": wanted})
        for category, by_name in by_category.items():
            values = json.dumps(by_name, sort_keys=True) if len(set(by_name.values())) > 1 else None
            said = stated.get(day, {}).get(category, {})
            change = published(said, order) if said else None
            by = ",".join(sorted(n for n, v in said.items() if v == change)) or None
            want = (values, change, by)
            if (report_id, category) in kept and kept[(report_id, category)] != want:
                values_due.append(
                    {"report": report_id, "key": category, "values": values, "change": change,
                     "by": by}
                )  # fmt: skip
    if names_due:
        db.execute(
            update(reports_t)
            .where(reports_t.c.id == bindparam("report"))
            .values(transcriptions=bindparam("names")),
            names_due,
        )
    if values_due:
        db.execute(
            update(published_t)
            .where(published_t.c.report_id == bindparam("report"))
            .where(published_t.c.category == bindparam("key"))
            .values(
                disputed=bindparam("values"),
                stated=bindparam("change"),
                stated_by=bindparam("by"),
            ),
            values_due,
        )


def _store_own(db: Connection, reports: Sequence[Report], name: str, fetched_at: datetime) -> int:
    """Store one transcription's figures; how many it gave or changed."""
    first, last = min(r.date for r in reports), max(r.date for r in reports)
    held = {
        (day, category): value
        for day, category, value in db.execute(
            select(values_t.c.date, values_t.c.category, values_t.c.value).where(
                values_t.c.transcription == name, values_t.c.date.between(first, last)
            )
        )
    }
    added, logged = [], []
    for report in reports:
        for category, value in report.totals.items():
            before = held.get((report.date, category))
            if before == value:
                continue
            row = {"date": report.date, "category": category, "transcription": name}
            if before is None:  # its first figure: `updated_at` says when it came
                added.append({**row, "value": value, "updated_at": fetched_at})
            else:  # it changed its own figure: a revision, logged with what it replaced
                logged.append({**row, "value": value, "previous": before, "fetched_at": fetched_at})
                db.execute(
                    update(values_t)
                    .where(
                        values_t.c.date == report.date,
                        values_t.c.category == category,
                        values_t.c.transcription == name,
                    )
                    .values(value=value, updated_at=fetched_at)
                )
    if added:
        db.execute(insert(values_t), added)
    if logged:
        db.execute(insert(changes_t), logged)
    return len(added) + len(logged)


def _store_stated(
    db: Connection, reports: Sequence[Report], name: str, fetched_at: datetime
) -> int:
    """Store what one transcription says each report states as the day's change, where that is
    new; how many it said."""
    said = _stated(db, min(r.date for r in reports), max(r.date for r in reports), name)
    rows = [
        {"date": report.date, "category": category, "transcription": name, "value": change.value,
         "fetched_at": fetched_at}
        for report in reports
        for category, change in report.stated.items()
        if said.get(report.date, {}).get(category, {}).get(name) != change.value
    ]  # fmt: skip
    if rows:
        db.execute(insert(stated_t), rows)
    return len(rows)


def _stated(db: Connection, first: date, last: date, name: str | None = None) -> Figures:
    """What each transcription (or `name`) says now: its newest row per date and category."""
    query = select(stated_t.c.date, stated_t.c.category, stated_t.c.transcription, stated_t.c.value)
    query = query.where(stated_t.c.date.between(first, last)).order_by(stated_t.c.id)
    if name is not None:
        query = query.where(stated_t.c.transcription == name)
    found: dict[date, dict[str, dict[str, int]]] = {}
    for day, category, who, value in db.execute(query):
        found.setdefault(day, {}).setdefault(category, {})[who] = value
    return found


def _figures(db: Connection, first: date, last: date) -> dict[date, dict[str, dict[str, int]]]:
    """date -> category -> transcription -> value."""
    found: dict[date, dict[str, dict[str, int]]] = {}
    for day, category, name, value in db.execute(
        select(
            values_t.c.date, values_t.c.category, values_t.c.transcription, values_t.c.value
        ).where(values_t.c.date.between(first, last))
    ):
        found.setdefault(day, {}).setdefault(category, {})[name] = value
    return found


def _published(
    report: Report, figures: Mapping[date, Mapping[str, Mapping[str, int]]], order: Sequence[str]
) -> Report:
    """The report as published: every category any transcription gives, at its majority value,
    named after the first transcription (in `order`) that gave the date."""
    on = figures.get(report.date, {})
    totals = {category: published(values, order) for category, values in on.items()}
    givers = {name for values in on.values() for name in values}
    source = first_of(givers, order) if givers else report.source
    return replace(report, totals=totals or dict(report.totals), source=source)
