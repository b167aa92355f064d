"""each row's workspace: enterprise_id beside team_id (Enterprise Grid), and claims per workspace

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED = ("subscriptions", "alert_outbox", "channel_settings")


def upgrade() -> None:
    for table in OWNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("enterprise_id", sa.String(length=32), nullable=True))
    with op.batch_alter_table("claims") as batch:
        # NULL: the operator's ledger (`losses-bot claims`), cited in every workspace.
        batch.add_column(sa.Column("team_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("enterprise_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("enterprise_id")
        batch.drop_column("team_id")
    for table in reversed(OWNED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("enterprise_id")
