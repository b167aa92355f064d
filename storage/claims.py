"""The claims ledger in the store: adding (an entry with the identity of a held claim revises
it, keeping the replaced values), retracting (soft, with a reason) and listing. The claims
answers cite are read with the history (`storage.history.read_claims`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, update

from bot.core.claims import FIELDS, Claim
from storage.db import exclusive
from storage.history import read_claims
from storage.models import claim_revisions, claims

# Claims one workspace's desk may hold in force (the Slack form; the operator's ledger has no
# bound). Each is loaded with the history and read by every answer that covers personnel: an
# unbounded form let 1,500 submissions take the median submission from 27 to 121 ms and the
# server from 79 to 150 MB. The Economist's whole ledger is about 100.
MAX_WORKSPACE_CLAIMS = 200
CLAIMS_LOCK = 72_011_003  # the advisory lock the cap is kept under (PostgreSQL)


class LedgerFull(Exception):
    """A workspace's ledger holds `MAX_WORKSPACE_CLAIMS` claims: a new one is refused."""


@dataclass(frozen=True)
class Added:
    id: int
    outcome: str  # new | revised | unchanged


def _row(claim: Claim) -> dict[str, Any]:
    return {f: getattr(claim, f) for f in FIELDS}


def add_claim(
    db: Connection,
    claim: Claim,
    by: str,
    now: datetime,
    enterprise_id: str | None = None,
) -> Added:
    """Store a claim; one with the identity of a held claim in the same ledger (the operator's,
    or `claim.team_id`'s) revises it or changes nothing. A workspace never revises another's;
    a new claim in a workspace's full ledger raises `LedgerFull`."""
    (added,) = add_claims(db, [claim], by, now, enterprise_id)
    return added


def add_claims(
    db: Connection,
    new: Sequence[Claim],
    by: str,
    now: datetime,
    enterprise_id: str | None = None,
) -> list[Added]:
    """`add_claim` for many (a file's): the ledger is read once and kept up to date here, so an
    import is linear (8,000 rows read the ledger 8,000 times before: 316 s)."""
    exclusive(db, CLAIMS_LOCK, claims)  # the cap is checked and kept one writer at a time
    ledgers: dict[str | None, dict[tuple[Any, ...], Claim]] = {}
    for held in read_claims(db.exec_driver_sql):  # the names are compared case-blind
        ledgers.setdefault(held.team_id, {})[held.identity] = held
    done = []
    for claim in new:
        ledger = ledgers.setdefault(claim.team_id, {})
        held = ledger.get(claim.identity)
        if held is not None and _row(held) == _row(claim):
            done.append(Added(held.id, "unchanged"))
            continue
        if held is not None:
            replaced = {f: str(v) for f, v in _row(held).items() if getattr(claim, f) != v}
            db.execute(insert(claim_revisions).values(
                claim_id=held.id, kind="edited", replaced=json.dumps(replaced), revised_by=by,
                revised_at=now))  # fmt: skip
            db.execute(update(claims).where(claims.c.id == held.id).values(**_row(claim)))
            ledger[claim.identity] = replace(claim, id=held.id)
            done.append(Added(held.id, "revised"))
            continue
        if claim.team_id is not None and len(ledger) >= MAX_WORKSPACE_CLAIMS:
            raise LedgerFull(f"this workspace's ledger holds {len(ledger):,} claims")
        new_id = db.execute(
            insert(claims).returning(claims.c.id),
            {
                **_row(claim),
                "entered_by": by,
                "entered_at": now,
                "team_id": claim.team_id,
                "enterprise_id": enterprise_id,
            },
        ).scalar_one()
        ledger[claim.identity] = replace(claim, id=new_id)
        done.append(Added(new_id, "new"))
    return done


def retract_claim(db: Connection, claim_id: int, reason: str, by: str, now: datetime) -> bool:
    """Withdraw a claim from answers, keeping it in the ledger with the reason."""
    done = db.execute(
        update(claims)
        .where(claims.c.id == claim_id, claims.c.retracted_at.is_(None))
        .values(retracted_at=now, retraction_reason=reason[:500])
    ).rowcount
    if done:
        db.execute(insert(claim_revisions).values(
            claim_id=claim_id, kind="retracted", replaced=json.dumps({"reason": reason[:500]}),
            revised_by=by, revised_at=now))  # fmt: skip
    return bool(done)


def list_claims(db: Connection, party: str | None = None, since: date | None = None) -> list[Claim]:
    """Claims in force, oldest first; `party` matches part of any name of the party, any case
    ("UK MoD" finds those filed as "UK Ministry of Defence"); `since`, those known to have been
    said on or after it (a claim of unknown date, by the day it describes)."""
    return [
        c
        for c in read_claims(db.exec_driver_sql)
        if (not party or c.answers_to(party))
        and (since is None or (c.known_on or c.as_of) >= since)
    ]
