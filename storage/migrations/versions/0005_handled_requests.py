"""handled Slack requests

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_requests",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        op.f("ix_handled_requests_seen_at"), "handled_requests", ["seen_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_handled_requests_seen_at"), table_name="handled_requests")
    op.drop_table("handled_requests")
