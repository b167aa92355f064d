"""A store holding every kind of row an answer reads, for tests of the layers that read it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from bot.core.claims import Claim
from bot.core.oryx import OryxRow
from bot.core.reports import Correction
from storage.claims import add_claim, retract_claim
from storage.corrections import store_corrections
from storage.oryx import store_oryx
from storage.transcriptions import store_transcribed
from tests.support.payloads import report

T1 = datetime(2022, 11, 24, 8, 0, tzinfo=UTC)
T2 = datetime(2022, 11, 25, 9, 30, 15, 123456, tzinfo=UTC)


def fill(engine: Engine) -> None:
    """Every kind of row an answer reads, including the rare ones: a qualifier, a restated
    figure, a second transcription that disagrees, directions, a superseded correction, claims
    of the operator and of a workspace, a retracted claim, and Oryx's counts."""
    first = report("2022-11-23", personnel_units=85410, tanks=2895)
    second = replace(
        report("2022-11-24", personnel_units=85720, tanks=2898),
        qualifiers={"personnel_units": "about"},
        directions="Avdiivka, Bakhmut and Lyman",
    )
    claim = Claim(party="Russian Ministry of Defence", metric="killed", value=5937,
                  as_of=date(2022, 9, 21), stated_on=date(2022, 9, 21), source="TASS",
                  speaker="Sergei Shoigu", qualifier="about", quote="5,937 killed")  # fmt: skip
    with engine.begin() as db:
        store_transcribed(db, [first, second], T1, True, ())
        restated = replace(second, totals={**second.totals, "tanks": 2899})
        store_transcribed(db, [restated], T2, True, ())  # the same transcription restates it
        # A second transcription of 23 Nov that disagrees on tanks (the tie goes to "test").
        other = report("2022-11-23", "wire-copy", personnel_units=85410, tanks=2894)
        store_transcribed(db, [other], T2, True, ())
        store_corrections(db, [Correction(date(2022, 11, 24), "tanks", -5, "dataset")], T1)
        store_corrections(db, [Correction(date(2022, 11, 24), "tanks", -4, "dataset")], T2)
        add_claim(db, claim, "cli:desk", T1)
        add_claim(db, replace(claim, value=5938, team_id="T1"), "U1", T2, enterprise_id="E1")
        gone = add_claim(db, replace(claim, party="Wagner", value=1), "cli:desk", T1)
        retract_claim(db, gone.id, "misattributed", "cli:desk", T2)
        store_oryx(db, [OryxRow("Tanks", date(2022, 11, 23), 1500, 100, 300, 50, 1950)], T1)
