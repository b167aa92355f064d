"""Each transcription's figures, kept apart, and the published figure decided from them.

Every source is a transcription of the General Staff's morning report, and transcriptions
disagree (115 values over 1,435 dates between the dataset and orc-losses). So each keeps its own
figures (`transcription_values`) and its own history: a revision is a transcription changing
**its own** earlier figure (`transcription_changes`), never two transcriptions differing. The
published figure of a date and category, the one every answer reads (`report_values`, through
`storage.reports.store_reports`, which logs its revisions as before), is decided by the evidence
the store holds (`bot.core.disputes`), and why is kept beside it (`decided_by`). A decision
reaches along a run of disputed days and over a day to each side, so each store decides that
whole window again: a figure whose decision changes (the next report came, a third transcription,
a correction) is restated like any other, and an alert already posted is corrected. The day's
change a report states (`stated_changes`) is kept per transcription, and the one most give is
published beside the figure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, text, update

from bot.core.disputes import (
    Decision,
    Figures,
    corrections_by_day,
    decide,
    most_given,
    published_report,
)
from bot.core.reports import Report
from storage.models import corrections as corrections_t
from storage.models import report_values as published_t
from storage.models import reports as reports_t
from storage.models import stated_changes as stated_t
from storage.models import transcription_changes as changes_t
from storage.models import transcription_values as values_t
from storage.reports import WRITE_LOCK, StoreResult, store_reports

ONE_DAY = timedelta(days=1)


def store_transcribed(
    db: Connection,
    reports: Sequence[Report],
    fetched_at: datetime,
    announce: bool,
    order: Sequence[str],
) -> StoreResult:
    """Store one transcription's reports (their `source` names it) inside the caller's
    transaction, then publish the figures of the dates they touch and of those their
    decisions reach."""
    if not reports:
        return StoreResult()
    _lock(db)
    first, last = min(r.date for r in reports), max(r.date for r in reports)
    transcribed = 0
    for name in {r.source for r in reports}:
        own = [r for r in reports if r.source == name]
        transcribed += _store_own(db, own, name, fetched_at)
        transcribed += _store_stated(db, own, name, fetched_at)
    result = _publish(db, first, last, fetched_at, announce, order, reports)
    result.transcribed = transcribed
    return result


def redecide(
    db: Connection,
    first: date | None,
    last: date | None,
    fetched_at: datetime,
    announce: bool,
    order: Sequence[str],
) -> StoreResult:
    """Decide the figures of `first`..`last` (None: the whole history) again and publish what
    changed: after new evidence that is not a transcription's figure (a correction)."""
    _lock(db)
    held = db.execute(select(reports_t.c.date).order_by(reports_t.c.date)).scalars().all()
    if not held:
        return StoreResult()
    return _publish(db, first or held[0], last or held[-1], fetched_at, announce, order, ())


def _lock(db: Connection) -> None:
    if db.dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})


def _publish(
    db: Connection,
    first: date,
    last: date,
    fetched_at: datetime,
    announce: bool,
    order: Sequence[str],
    reports: Sequence[Report],
) -> StoreResult:
    """Decide every figure of the window around `first`..`last` and store the published
    reports: `reports` as given (with the published figures), and any other held report of the
    window whose published figures changed."""
    start, end = _window(db, first, last)
    figures = _figures(db, start - ONE_DAY, end + ONE_DAY)
    stated = _stated(db, start - ONE_DAY, end + ONE_DAY)
    decisions = decide(figures, stated, _corrections(db, start, end + ONE_DAY), order)
    incoming = {r.date: r for r in reports if start <= r.date <= end}
    due = [published_report(r, figures, decisions, order) for r in incoming.values()]
    for day, (number, values, wording) in _held_values(db, start, end).items():
        if day in incoming or day not in figures:
            continue
        held = Report(date=day, day=number, source="", totals=values, qualifiers=wording)
        report = published_report(held, figures, decisions, order)
        if any(values.get(c) != v for c, v in report.totals.items()):
            due.append(report)
    result = store_reports(db, sorted(due, key=lambda r: r.date), fetched_at, announce)
    _summarise(db, figures, stated, decisions, order, start, end)
    return result


def _window(db: Connection, first: date, last: date) -> tuple[date, date]:
    """`first`..`last`, a day to each side, and the runs of disputed days that touch them: the
    dates whose decisions a change in `first`..`last` can reach."""
    disputed = set(
        db.execute(
            select(reports_t.c.date)
            .join(published_t, published_t.c.report_id == reports_t.c.id)
            .where(published_t.c.disputed.is_not(None))
            .distinct()
        ).scalars()
    )
    start, end = first - ONE_DAY, last + ONE_DAY
    while start - ONE_DAY in disputed:
        start -= ONE_DAY
    while end + ONE_DAY in disputed:
        end += ONE_DAY
    return start, end


def _corrections(db: Connection, first: date, last: date) -> dict[tuple[date, str], int]:
    """The General Staff's corrections in force, net per (date, category)."""
    rows = db.execute(
        select(corrections_t.c.date, corrections_t.c.category, corrections_t.c.value).where(
            corrections_t.c.superseded_at.is_(None), corrections_t.c.date.between(first, last)
        )
    )
    return corrections_by_day((day, key, value) for day, key, value in rows)


Held = dict[date, tuple[int, dict[str, int], dict[str, str]]]


def _held_values(db: Connection, first: date, last: date) -> Held:
    """The held reports of `first`..`last`: day numbers, published figures and their wording."""
    held: Held = {}
    for day, number, category, value, qualifier in db.execute(
        select(
            reports_t.c.date,
            reports_t.c.day,
            published_t.c.category,
            published_t.c.value,
            published_t.c.qualifier,
        )
        .join(published_t, published_t.c.report_id == reports_t.c.id)
        .where(reports_t.c.date.between(first, last))
    ):
        _, values, wording = held.setdefault(day, (number, {}, {}))
        values[category] = value
        if qualifier:
            wording[category] = qualifier
    return held


def _summarise(
    db: Connection,
    figures: Figures,
    stated: Figures,
    decisions: Mapping[tuple[date, str], Decision],
    order: Sequence[str],
    first: date,
    last: date,
) -> None:
    """Keep each report's `transcriptions`, each figure's `disputed` values and `decided_by`
    rule, and its stated change as `figures`, `decisions` and `stated` say, for `first`..`last`,
    so a history load reads them with the published figures (`storage.history`)."""
    held, kept = _summaries(db, first, last)
    names_due, values_due = [], []
    for day, by_category in figures.items():
        if day not in held:
            continue
        report_id, names = held[day]
        everyone = {name for by_name in by_category.values() for name in by_name}
        wanted = ",".join(sorted(everyone))
        if wanted != names:
            names_due.append({"report": report_id, "names": wanted})
        for category, by_name in by_category.items():
            decision = decisions.get((day, category))
            values = json.dumps(by_name, sort_keys=True) if decision else None
            rule = decision.rule if decision else None
            said = stated.get(day, {}).get(category, {})
            change = most_given(said, order) if said else None
            by = ",".join(sorted(n for n, v in said.items() if v == change)) or None
            given = ",".join(sorted(by_name)) if len(by_name) < len(everyone) else None
            want = (values, rule, change, by, given)
            if (report_id, category) in kept and kept[(report_id, category)] != want:
                values_due.append(
                    {"report": report_id, "key": category, "values": values, "rule": rule,
                     "change": change, "by": by, "given": given}
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
                decided_by=bindparam("rule"),
                stated=bindparam("change"),
                stated_by=bindparam("by"),
                given_by=bindparam("given"),
            ),
            values_due,
        )


def _summaries(
    db: Connection, first: date, last: date
) -> tuple[dict[date, tuple[int, str]], dict[tuple[int, str], tuple[Any, ...]]]:
    """What the store keeps of `first`..`last` now: each report's id and transcriptions, and
    each figure's disputed values, rule, stated change, its givers and who gave it."""
    held = {
        day: (report_id, names)
        for report_id, day, names in db.execute(
            select(reports_t.c.id, reports_t.c.date, reports_t.c.transcriptions).where(
                reports_t.c.date.between(first, last)
            )
        )
    }
    kept = {
        (report_id, category): (values, rule, change, by, given)
        for report_id, category, values, rule, change, by, given in db.execute(
            select(
                published_t.c.report_id,
                published_t.c.category,
                published_t.c.disputed,
                published_t.c.decided_by,
                published_t.c.stated,
                published_t.c.stated_by,
                published_t.c.given_by,
            )
            .join(reports_t, reports_t.c.id == published_t.c.report_id)
            .where(reports_t.c.date.between(first, last))
        )
    }
    return held, kept


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


def changes_since(db: Connection, day: date, category: str, since: datetime) -> dict[str, int]:
    """How often each transcription changed its own figure of `day`'s `category` since
    `since`: a figure that flips back and forth is flagged (`bot.app.alerting`)."""
    rows = db.execute(
        select(changes_t.c.transcription, func.count())
        .where(
            changes_t.c.date == day,
            changes_t.c.category == category,
            changes_t.c.fetched_at >= since,
            changes_t.c.previous.is_not(None),
        )
        .group_by(changes_t.c.transcription)
    )
    return {name: count for name, count in rows}


def newest_transcribed(db: Connection, name: str) -> date | None:
    """The newest report one transcription gave: a source that lags polls from there, so
    every report it missed is read when it catches up."""
    return db.execute(
        select(func.max(values_t.c.date)).where(values_t.c.transcription == name)
    ).scalar()
