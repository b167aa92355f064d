"""Editor approval: a workspace's editors' channel, and a draft per report and workspace

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "approval_desks",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32)),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("set_by", sa.String(32), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32)),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(32)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("report_id", "team_id", name="uq_drafts_report_id_team_id"),
    )


def downgrade() -> None:
    op.drop_table("drafts")
    op.drop_table("approval_desks")
