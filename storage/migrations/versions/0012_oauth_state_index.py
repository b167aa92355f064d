"""OAuth states looked up by their value and pruned by their expiry: both indexed

Every unauthenticated visit to /slack/install adds a state; `storage.installations` prunes the
expired ones and caps the live ones, and these indexes keep both lookups cheap.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 15:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_slack_oauth_states_state", "slack_oauth_states", ["state"])
    op.create_index("ix_slack_oauth_states_expire_at", "slack_oauth_states", ["expire_at"])


def downgrade() -> None:
    op.drop_index("ix_slack_oauth_states_expire_at", table_name="slack_oauth_states")
    op.drop_index("ix_slack_oauth_states_state", table_name="slack_oauth_states")
