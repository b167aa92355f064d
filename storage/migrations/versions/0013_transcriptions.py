"""Each transcription's figures kept apart, with their own history

Until now the store held one figure per report and category, and a second source giving another
figure overwrote it as a "revision". Now each transcription's figures are kept
(`transcription_values`, changes in `transcription_changes`) and `report_values` is the published
figure, the one most of them give. Today's figures move under the transcription whose revision
set them (the source of the revision that wrote each value).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 18:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "transcription_values",
        sa.Column("date", sa.Date, primary_key=True),
        sa.Column("category", sa.String(100), primary_key=True),
        sa.Column("transcription", sa.String(100), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "transcription_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("transcription", sa.String(100), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("previous", sa.BigInteger),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_transcription_changes_date", "transcription_changes", ["date"])
    op.execute(
        "INSERT INTO transcription_values (date, category, transcription, value, updated_at) "
        "SELECT r.date, v.category, rv.source, v.value, rv.fetched_at FROM report_values v "
        "JOIN reports r ON r.id = v.report_id JOIN report_revisions rv ON rv.id = v.revision_id"
    )
    # Every figure a revision set, under the source that gave it: what a report first said
    # stays known (a restated figure's earlier value is `previous`).
    op.execute(
        "INSERT INTO transcription_changes"
        " (date, category, transcription, value, previous, fetched_at) "
        "SELECT r.date, v.category, rv.source, v.value, v.previous, rv.fetched_at "
        "FROM revision_values v JOIN report_revisions rv ON rv.id = v.revision_id "
        "JOIN reports r ON r.id = rv.report_id ORDER BY rv.id"
    )


def downgrade() -> None:
    op.drop_index("ix_transcription_changes_date", table_name="transcription_changes")
    op.drop_table("transcription_changes")
    op.drop_table("transcription_values")
