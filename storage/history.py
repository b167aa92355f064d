"""Reading what the history is built from: reports, their figures and first reported values, the
General Staff's corrections, the claims in force and Oryx's counts.

Plain SQL through the database driver, not SQLAlchemy: the same statements serve the server
(through a SQLAlchemy connection's `exec_driver_sql`) and a one-shot `losses-bot ask`, which reads
with `sqlite3` or `psycopg` alone (`storage.direct`) so it never pays SQLAlchemy's quarter-second
import. Every statement takes no parameters, so no paramstyle differs between drivers; a value
comes back as the driver gives it (SQLite: ISO text, PostgreSQL: `date`) and is read here.
The only module besides `storage.reports` (which writes) that reads the report tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from bot.core.reports import Correction, History, Report, StatedChange, Totals

if TYPE_CHECKING:  # each imported where its rows are read: 4 ms each of a cold `ask` else
    from sqlalchemy import Connection

    from bot.core.claims import Claim
    from bot.core.economist import ModelFit
    from bot.core.oryx import OryxCounts

T = TypeVar("T")

# Runs one parameterless SELECT; yields its rows as tuples.
Run = Callable[[str], Iterable[Sequence[Any]]]

# With the day's change each report states, where a transcription carries it.
VALUES_SQL = "SELECT report_id, category, value, stated, stated_by FROM report_values"
QUALIFIERS_SQL = (
    "SELECT report_id, category, qualifier FROM report_values WHERE qualifier IS NOT NULL"
)
# What a transcription first said of a figure it later changed: its own revision, never
# another transcription's differing figure.
FIRST_REPORTED_SQL = (
    "SELECT r.id, c.category, c.previous FROM transcription_changes c"
    " JOIN reports r ON r.date = c.date WHERE c.previous IS NOT NULL ORDER BY c.id"
)
# The published figures restated since, with what each first was (the earliest row first).
FIRST_PUBLISHED_SQL = (
    "SELECT rr.report_id, rv.category, rv.previous FROM revision_values rv"
    " JOIN report_revisions rr ON rr.id = rv.revision_id WHERE rv.previous IS NOT NULL"
    " ORDER BY rr.id"
)
# Every value of a figure the transcriptions of its report disagree on (JSON by transcription).
# and the rule that decided the published one (`bot.core.disputes`).
DISPUTES_SQL = (
    "SELECT report_id, category, disputed, decided_by FROM report_values WHERE disputed IS NOT NULL"
)
# The transcriptions that give a figure, where not all of its report's do.
PARTIAL_SQL = "SELECT report_id, category, given_by FROM report_values WHERE given_by IS NOT NULL"
REPORTS_SQL = "SELECT id, date, day, url, source, directions, transcriptions FROM reports"
CORRECTIONS_SQL = (
    "SELECT date, category, value, source FROM corrections WHERE superseded_at IS NULL"
)
CLAIMS_SQL = (
    "SELECT id, party, speaker, metric, value, qualifier, as_of, stated_on, source, url, quote,"
    " entered_by, entered_at, team_id, low, high, whose, party_to_war, reported_on, note"
    " FROM claims"
    " WHERE retracted_at IS NULL ORDER BY COALESCE(stated_on, as_of), id"
)
# The newest fit of The Economist's model of each kind, every day it estimates.
MODELS_SQL = (
    "SELECT f.kind, f.fitted_on, p.date, p.estimate, p.ci_lower, p.ci_upper, p.pi_low, p.pi_high"
    " FROM model_points p JOIN model_fits f ON f.id = p.fit_id"
    " WHERE f.fitted_on = (SELECT MAX(g.fitted_on) FROM model_fits g WHERE g.kind = f.kind)"
    " ORDER BY f.kind, p.date"
)
ORYX_SQL = (
    "SELECT equipment_type, date, destroyed, abandoned, captured, damaged, total FROM oryx_counts"
)
# The newest id of every table whose rows change an answer: a new or restated report, a
# stated change, a correction, a claim added, edited or retracted, an Oryx count added or restated.
VERSION_TABLES = ("report_revisions", "transcription_changes", "stated_changes", "corrections",
                  "claims", "claim_revisions", "oryx_counts", "oryx_revisions",
                  "model_fits")  # fmt: skip
# And how many figures the transcriptions gave: a transcription's first figure of a report can
# change which figure is disputed and how it is decided without any id above moving (2 ms over
# 70,000 rows, read once per refresh, never per question).
VERSION_SQL = (
    "SELECT "
    + ", ".join(f"(SELECT MAX(id) FROM {t})" for t in VERSION_TABLES)
    + ", (SELECT COUNT(*) FROM transcription_values)"
)


# Shared by every report without qualifiers or restated figures; read-only.
NONE: Mapping[str, Any] = MappingProxyType({})


_SHARED: dict[Any, Any] = {}


def shared(value: T) -> T:
    """One object for every equal one a history load reads (a source's name, the transcriptions
    of a report): held once, not once per report (about 0.3 KiB a report)."""
    return _SHARED.setdefault(value, value)  # type: ignore[no-any-return]


def shared_mapping(values: Mapping[str, str]) -> Mapping[str, str]:
    """The same, for a read-only mapping of strings (a report's qualifiers: mostly "about")."""
    return _SHARED.setdefault(("mapping", *values.items()), values) if values else NONE


def as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def as_utc(value: datetime | str | None) -> datetime | None:
    """SQLite hands back the naive UTC text SQLAlchemy stored; PostgreSQL an aware datetime."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def load_history(db: Connection) -> History:
    """The history through a SQLAlchemy connection (the server, the poller, the importer)."""
    return read_history(db.exec_driver_sql)


def read_history(run: Run) -> History:
    """Every report with its current figures and what restated figures first said, the
    corrections, the claims in force and Oryx's counts. For a consistent history, call it inside
    one read transaction."""
    totals: dict[int, dict[str, int]] = {}
    stated: dict[int, dict[str, StatedChange]] = {}
    for report_id, category, value, change, by in run(VALUES_SQL):
        totals.setdefault(report_id, {})[category] = value
        if change is not None:
            by_names = shared(tuple(by.split(",")))
            stated.setdefault(report_id, {})[category] = StatedChange(change, by_names)
    qualifiers: dict[int, dict[str, str]] = {}
    for report_id, category, qualifier in run(QUALIFIERS_SQL):
        if qualifier:
            qualifiers.setdefault(report_id, {})[category] = qualifier
    first: dict[int, dict[str, int]] = {}
    # The earliest replaced figure per category is what the report first said.
    for report_id, category, previous in run(FIRST_REPORTED_SQL):
        first.setdefault(report_id, {}).setdefault(category, previous)
    published: dict[int, dict[str, int]] = {}
    for report_id, category, previous in run(FIRST_PUBLISHED_SQL):
        published.setdefault(report_id, {}).setdefault(category, previous)
    disputed: dict[int, dict[str, dict[str, int]]] = {}
    decided: dict[int, dict[str, str]] = {}
    for report_id, category, values, rule in run(DISPUTES_SQL):
        import json  # only where transcriptions disagree: 2.5 ms of a cold `ask` otherwise

        disputed.setdefault(report_id, {})[category] = json.loads(values)
        decided.setdefault(report_id, {})[category] = rule or "undecided"
    partial: dict[int, dict[str, tuple[str, ...]]] = {}
    for report_id, category, names in run(PARTIAL_SQL):
        partial.setdefault(report_id, {})[category] = shared(tuple(names.split(",")))
    return History(
        (
            Report(
                date=as_date(day),
                day=number,
                source=shared(source),
                url=url,
                totals=Totals(totals.get(report_id, NONE)),
                qualifiers=shared_mapping(qualifiers.get(report_id, NONE)),
                first_reported=first.get(report_id, NONE),
                first_published=published.get(report_id, NONE),
                transcriptions=shared(tuple(names.split(","))) if names else (),
                disputed=disputed.get(report_id, NONE),
                decided=decided.get(report_id, NONE),
                partial=partial.get(report_id, NONE),
                stated=stated.get(report_id, NONE),
                directions=directions,
            )
            for report_id, day, number, url, source, directions, names in run(REPORTS_SQL)
        ),
        read_corrections(run),
        read_claims(run),
        read_oryx(run),
        read_models(run),
    )


def read_corrections(run: Run) -> list[Correction]:
    """The corrections in force (a restated one supersedes the row it replaced)."""
    return [
        Correction(as_date(day), category, value, source)
        for day, category, value, source in run(CORRECTIONS_SQL)
    ]


def read_claims(run: Run) -> list[Claim]:
    """Claims in force (not retracted), oldest statement first."""
    rows = list(run(CLAIMS_SQL))
    if not rows:
        return []
    from bot.core.claims import Claim

    return [
        Claim(
            id=row[0],
            party=row[1],
            speaker=row[2],
            metric=row[3],
            value=row[4],
            qualifier=row[5],
            as_of=as_date(row[6]),
            stated_on=as_date(row[7]) if row[7] is not None else None,
            source=row[8],
            url=row[9],
            quote=row[10],
            entered_by=row[11],
            entered_at=as_utc(row[12]),
            team_id=row[13],
            low=row[14],
            high=row[15],
            whose=row[16],
            party_to_war=bool(row[17]),
            reported_on=as_date(row[18]) if row[18] is not None else None,
            note=row[19],
        )
        for row in rows
    ]


def read_models(run: Run) -> dict[str, ModelFit]:
    """The newest fit of The Economist's model, by kind (casualties, deaths)."""
    rows = list(run(MODELS_SQL))
    if not rows:
        return {}
    from bot.core.economist import ModelFit, ModelPoint

    points: dict[tuple[str, date], list[ModelPoint]] = {}
    for kind, fitted_on, day, *figures in rows:
        points.setdefault((kind, as_date(fitted_on)), []).append(
            ModelPoint(as_date(day), *map(float, figures))
        )
    return {kind: ModelFit(kind, fitted, tuple(found)) for (kind, fitted), found in points.items()}


def read_oryx(run: Run) -> OryxCounts | None:
    """Oryx's counts, or None where none were imported."""
    rows = list(run(ORYX_SQL))
    if not rows:
        return None
    from bot.core.oryx import OryxCounts, OryxRow

    return OryxCounts(
        OryxRow(kind, as_date(day), destroyed, abandoned, captured, damaged, total)
        for kind, day, destroyed, abandoned, captured, damaged, total in rows
    )


def newest_report_date(db: Connection) -> date | None:
    day = db.exec_driver_sql("SELECT MAX(date) FROM reports").scalar()
    return None if day is None else as_date(day)


def store_version(db: Connection) -> tuple[int, ...]:
    """Changes whenever anything an answer reads changes: the newest ids (`VERSION_TABLES`)."""
    return tuple(n or 0 for n in db.exec_driver_sql(VERSION_SQL).one())
