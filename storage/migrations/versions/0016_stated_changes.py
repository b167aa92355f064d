"""The day's change as each report states it, kept per transcription, and the published one
beside each figure

russianwarship.rip's `increase` and the headline in an orc-losses link are the General Staff's
own words for the day's change: a check on the change computed from the totals. Nothing to move:
no transcription stored one before.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stated_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("transcription", sa.String(100), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_stated_changes_date", "stated_changes", ["date"])
    with op.batch_alter_table("report_values") as batch:
        batch.add_column(sa.Column("stated", sa.BigInteger))
        batch.add_column(sa.Column("stated_by", sa.String(500)))


def downgrade() -> None:
    with op.batch_alter_table("report_values") as batch:
        batch.drop_column("stated_by")
        batch.drop_column("stated")
    op.drop_table("stated_changes")
