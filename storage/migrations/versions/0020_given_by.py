"""Which transcriptions give a figure, where not all of a report's do

An alert marks a figure fewer transcriptions give than `LOSSES_CONFIRMATIONS` as unconfirmed,
and leaves out a category it does not know until a second transcription gives it. Filled by the
next store of each report (a poll re-reads the last days; older reports need no alert).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("report_values") as batch:
        batch.add_column(sa.Column("given_by", sa.String(500)))


def downgrade() -> None:
    with op.batch_alter_table("report_values") as batch:
        batch.drop_column("given_by")
