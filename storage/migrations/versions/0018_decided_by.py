"""Why each disputed figure is published: decided by evidence, not by the order of sources

Every disputed figure is decided again here by the evidence the store holds (the stated
changes, the next report, repeated records, falls no correction explains, the majority;
`bot.core.disputes`), each changed figure a revision that announces nothing (it is history). The
order of preference (`LOSSES_SOURCES`) is not known to a migration: an undecided figure takes
the alphabetically first transcription until the next poll or import publishes it again.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 18:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from storage.transcriptions import redecide

    with op.batch_alter_table("report_values") as batch:
        batch.add_column(sa.Column("decided_by", sa.String(30)))
    redecide(op.get_bind(), None, None, datetime.now(UTC), False, ())


def downgrade() -> None:
    with op.batch_alter_table("report_values") as batch:
        batch.drop_column("decided_by")
