"""The SQL schema (SQLAlchemy 2.x). Alembic migrations in `storage/migrations` create it.

`report_values` holds each report's current figures, the table every answer reads.
`report_revisions` and `revision_values` are the log: every time a source gives figures for a
report that differ from (or add to) what we hold, a revision records what it set and what it
replaced, so nothing is ever silently overwritten and alerts can post corrections.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ReportRow(Base):
    """One General Staff report, one per date."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date, unique=True)
    day: Mapped[int] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(String(500))
    # The source of the latest revision: whom the current figures come from.
    source: Mapped[str] = mapped_column(String(100))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReportRevision(Base):
    """One change to a report's figures: its first appearance (`new`), figures added for
    categories it lacked (`extended`) or figures restated (`restated`)."""

    __tablename__ = "report_revisions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 for the first sighting
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(100))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # False for history imports and the first backfill of an empty store: they never alert.
    announce: Mapped[bool] = mapped_column(Boolean)


class ReportValue(Base):
    """A report's current cumulative total in one category."""

    __tablename__ = "report_values"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str | None] = mapped_column(String(20))  # "about", "more"
    revision_id: Mapped[int] = mapped_column(ForeignKey("report_revisions.id"))


class RevisionValue(Base):
    """What one revision set: the new figure and the one it replaced (None if it added it)."""

    __tablename__ = "revision_values"

    revision_id: Mapped[int] = mapped_column(
        ForeignKey("report_revisions.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    previous: Mapped[int | None] = mapped_column(BigInteger)
