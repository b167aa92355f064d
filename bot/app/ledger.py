"""The claims ledger as `losses-bot claims` keeps it: a file read whole and checked before
anything is stored (all or nothing), one claim added or retracted, the claims in force.

The store is imported where a function runs: the CLI builds its parser for every command, and
must not pull in SQLAlchemy for it (about 60 ms of a cold `ask`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.claims import Claim, ClaimError, parse_claim
from bot.core.economist import is_ledger, ledger_claim

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storage.claims import Added

REQUIRED_COLUMNS = ("party", "metric", "value", "as_of", "stated_on", "source")
# Rows a claims file may hold: The Economist's ledger has about 120, a desk's a few hundred.
MAX_IMPORT_ROWS = 20_000


class LedgerFileError(ValueError):
    """A claims file that is refused whole, with where and why; nothing was stored."""


def read_claims_file(path: Path, today: date) -> list[Claim]:
    """Every claim in a CSV file (`claims-from-seed.csv`'s columns, or The Economist's ledger
    as it is), or `LedgerFileError` naming the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise LedgerFileError(f"{path}: cannot read it ({error})") from None
    # Rows are split at line feeds only: U+2028 inside a field is the field's (and refused).
    reader = csv.DictReader(io.StringIO(text, newline=""))
    ledger = is_ledger(reader.fieldnames or [])  # The Economist's, as it is
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing and not ledger:
        raise LedgerFileError(f"{path}: missing columns {', '.join(missing)}; nothing was stored")
    if text.count("\n") > MAX_IMPORT_ROWS + 1:  # bounded in memory: refused before reading
        raise LedgerFileError(f"{path}: more than {MAX_IMPORT_ROWS:,} rows; nothing was stored")
    parsed = []
    read = 1  # the last line read whole: a row the csv module cannot read is the next
    try:
        for row in reader:
            read = reader.line_num
            fields = {k: v or "" for k, v in row.items() if k}
            try:
                parsed.append(ledger_claim(fields, today) if ledger else parse_claim(fields, today))
            except ClaimError as error:
                raise LedgerFileError(
                    f"{path} line {reader.line_num}: {error}; nothing was stored"
                ) from None
    except csv.Error as error:  # a field over the csv module's limit, a broken quote
        raise LedgerFileError(f"{path} line {read + 1}: {error}; nothing was stored") from None
    return parsed


def store_claims(engine: Engine, claims: Sequence[Claim], by: str, now: datetime) -> dict[str, int]:
    """All of them in one transaction; how many were new, revised, unchanged."""
    from storage.claims import add_claims

    outcomes: dict[str, int] = {}
    with engine.begin() as db:
        for added in add_claims(db, claims, by, now):
            outcomes[added.outcome] = outcomes.get(added.outcome, 0) + 1
    return outcomes


def add_one(engine: Engine, claim: Claim, by: str, now: datetime) -> Added:
    from storage.claims import add_claim

    with engine.begin() as db:
        return add_claim(db, claim, by, now)


def retract(engine: Engine, claim_id: int, reason: str, by: str, now: datetime) -> bool:
    """Whether a claim in force was withdrawn from answers."""
    from storage.claims import retract_claim

    with engine.begin() as db:
        return retract_claim(db, claim_id, reason, by, now)


def in_force(engine: Engine, party: str | None, since: date | None) -> list[Claim]:
    from storage.claims import list_claims

    with engine.connect() as db:
        return list_claims(db, party, since)
