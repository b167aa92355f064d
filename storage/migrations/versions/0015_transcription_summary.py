"""Who transcribed each report, and each disputed figure's values, beside the published figure

Loading the history then reads two small columns instead of every transcription's figures (a
cold `ask` stays within its budget). Filled here from `transcription_values`.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 18:50:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("transcriptions", sa.String(500)))
    with op.batch_alter_table("report_values") as batch:
        batch.add_column(sa.Column("disputed", sa.String(1000)))
    db = op.get_bind()
    names: dict[object, set[str]] = {}
    values: dict[tuple[object, str], dict[str, int]] = {}
    for day, category, name, value in db.execute(
        sa.text("SELECT date, category, transcription, value FROM transcription_values")
    ):
        names.setdefault(day, set()).add(name)
        values.setdefault((day, category), {})[name] = value
    for day, given in names.items():
        db.execute(
            sa.text("UPDATE reports SET transcriptions = :names WHERE date = :day"),
            {"names": ",".join(sorted(given)), "day": day},
        )
    for (day, category), by_name in values.items():
        if len(set(by_name.values())) > 1:
            db.execute(
                sa.text(
                    "UPDATE report_values SET disputed = :disputed WHERE category = :category"
                    " AND report_id = (SELECT id FROM reports WHERE date = :day)"
                ),
                {"disputed": json.dumps(by_name, sort_keys=True), "category": category, "day": day},
            )


def downgrade() -> None:
    with op.batch_alter_table("report_values") as batch:
        batch.drop_column("disputed")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("transcriptions")
