"""Partial indexes for the figures few rows carry: a qualifier, a dispute, a partial giver, a
restated published figure

Every history load (the server's, and each cold `losses-bot ask`) selects these rows, and
without an index each select scanned every figure of the war for a handful: 5 ms of a cold
`ask`'s 105 over today's history (bench/cold_ask.py), growing with the war. Only the rows the
condition holds are indexed, so a figure written without one costs no index entry.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, table, columns, condition): `storage.models` declares the same.
INDEXES = (
    ("ix_report_values_qualified", "report_values", ["report_id", "category", "qualifier"],
     "qualifier IS NOT NULL"),
    ("ix_report_values_disputed", "report_values", ["report_id"], "disputed IS NOT NULL"),
    ("ix_report_values_given_by", "report_values", ["report_id"], "given_by IS NOT NULL"),
    ("ix_revision_values_previous", "revision_values", ["revision_id"], "previous IS NOT NULL"),
)  # fmt: skip


def upgrade() -> None:
    for name, table, columns, condition in INDEXES:
        where = sa.text(condition)
        op.create_index(name, table, columns, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name, table, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
