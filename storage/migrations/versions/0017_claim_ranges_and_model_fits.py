"""Claims as said (a range, a floor, a ceiling), whose losses they count, an unknown statement
date, a party to the war; and The Economist's model fits, one snapshot per fit

Existing claims are points about Russian losses with a known statement date, as before.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.alter_column("value", existing_type=sa.BigInteger(), nullable=True)
        batch.alter_column("stated_on", existing_type=sa.Date(), nullable=True)
        batch.add_column(sa.Column("low", sa.BigInteger()))
        batch.add_column(sa.Column("high", sa.BigInteger()))
        batch.add_column(sa.Column("whose", sa.String(20), nullable=False, server_default="russia"))
        batch.add_column(
            sa.Column("party_to_war", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "model_fits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("fitted_on", sa.Date(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.String(500), nullable=False),
        sa.UniqueConstraint("kind", "fitted_on"),
        sqlite_autoincrement=True,  # a restated fit's new row never reuses the old id
    )
    op.create_table(
        "model_points",
        sa.Column(
            "fit_id",
            sa.Integer(),
            sa.ForeignKey("model_fits.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("date", sa.Date(), primary_key=True),
        sa.Column("estimate", sa.Float(), nullable=False),
        sa.Column("ci_lower", sa.Float(), nullable=False),
        sa.Column("ci_upper", sa.Float(), nullable=False),
        sa.Column("pi_low", sa.Float(), nullable=False),
        sa.Column("pi_high", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("model_points")
    op.drop_table("model_fits")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("party_to_war")
        batch.drop_column("whose")
        batch.drop_column("high")
        batch.drop_column("low")
