"""where most losses were, per report and per revision

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 07:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("directions", sa.String(length=300), nullable=True))
    with op.batch_alter_table("report_revisions") as batch:
        batch.add_column(sa.Column("directions", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("directions_before", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_revisions") as batch:
        batch.drop_column("directions_before")
        batch.drop_column("directions")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("directions")
