"""A live data link's Enterprise Grid org, so an org-wide uninstall forgets the org's links

A link made before this has none: it is filled in the next time the workspace asks for it, and
a workspace's own uninstall forgets it as before.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("data_links") as batch:
        batch.add_column(sa.Column("enterprise_id", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("data_links") as batch:
        batch.drop_column("enterprise_id")
