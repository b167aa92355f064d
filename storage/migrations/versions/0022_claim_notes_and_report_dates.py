"""A claim's note and the day a report of it was published, apart from when it was said

The Economist's ledger wrote remarks into names and links ("(MIVD; note, timing clarified via
email)", "(new to this piece, …)"), and its own articles' dates were stored as the day a party
said a figure. Held rows are put right here, with the rules of today written out (a migration
must not change with the code): a remark moves to `note`; a date taken from the compiler's own
article, or from a link dated before the day the figure describes, becomes `reported_on`.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 23:50:00
"""

import re
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEDGER = "compiled by The Economist"
_NOTE_IN_NAME = re.compile(r"^(?P<name>.*?)\s*\((?P<inner>[^()]*?);\s*note,?\s*(?P<note>[^()]*)\)$")
_LINK_AND_NOTE = re.compile(r"^(?P<url>https?://\S+)\s+\((?:note,?\s*)?(?P<note>.*)\)?$")
_DATED = (
    re.compile(r"/(20\d\d)/(\d\d)/(\d\d)(?:/|$)"),
    re.compile(r"-(20\d\d)-(\d\d)-(\d\d)(?:[/#?]|$)"),
    re.compile(r"/(20\d\d)(\d\d)(\d\d)-"),
)


def _dated(url: str) -> date | None:
    for form in _DATED:
        if m := form.search(url):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("reported_on", sa.Date()))
        batch.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
    db = op.get_bind()
    rows = db.execute(
        sa.text("SELECT id, party, url, quote, as_of, stated_on FROM claims WHERE source = :s"),
        {"s": LEDGER},
    ).all()
    for id_, party, url, quote, as_of, stated_on in rows:
        as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
        change: dict[str, object] = {}
        if m := _NOTE_IN_NAME.match(party):
            change["party"] = f"{m['name']} ({m['inner'].strip()})"
            change["note"] = m["note"].strip()
        if quote and not url:  # a remark in place of a link, or after one
            found = _LINK_AND_NOTE.match(quote)
            remark = found["note"].rstrip(")").strip() if found else quote.strip("() ")
            url = found["url"] if found else ""
            change["note"] = "; ".join(n for n in (change.get("note"), remark) if n)
            change["quote"], change["url"] = "", url
        dated = _dated(url) if url else None
        if dated is not None and (re.match(r"^https?://(www\.)?economist\.com/", url)
                                  or dated < as_of):  # fmt: skip
            change["stated_on"], change["reported_on"] = None, dated
        elif dated is not None and stated_on is None:  # a form of link not read before
            change["stated_on"] = dated
        if change:
            sets = ", ".join(f"{k} = :{k}" for k in change)
            db.execute(sa.text(f"UPDATE claims SET {sets} WHERE id = :id"), {**change, "id": id_})


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("note")
        batch.drop_column("reported_on")
