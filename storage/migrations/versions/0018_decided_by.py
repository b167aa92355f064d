"""Why each disputed figure is published: decided by evidence, not by the order of sources

The column only: every disputed figure left without a rule here is decided by the evidence the
store holds once the schema is at its head (`storage.db.migrate`, with the code of then, so a
later migration of the same tables cannot break it), each changed figure a revision that
announces nothing (it is history).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("report_values") as batch:
        batch.add_column(sa.Column("decided_by", sa.String(30)))


def downgrade() -> None:
    with op.batch_alter_table("report_values") as batch:
        batch.drop_column("decided_by")
