"""The ledger of other parties' claims: validated entries, revisions that keep the old value,
soft retractions, an all-or-nothing CSV import, and answers that cite each party's latest claim
made on or before their end date, never a later one."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from bot.app.ledger import MAX_IMPORT_ROWS
from bot.core.answer import answer_query
from bot.core.claims import Claim, ClaimError, latest_claims, parse_claim
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import History
from bot.render.context import claim_sentence
from bot.render.wording import EN, UK
from storage.claims import add_claim, add_claims, list_claims, retract_claim
from storage.history import load_history
from storage.models import claim_revisions
from tests.support.bolt_server import Server
from tests.support.cli import run
from tests.support.payloads import report

TODAY = date(2022, 11, 25)
NOW = datetime(2022, 11, 25, 9, tzinfo=UTC)
SEED = """party,speaker,metric,value,qualifier,as_of,stated_on,source,quote
Russian Ministry of Defence,,killed,1351,,2022-03-25,2022-03-25,"MoD briefing, AFP","1,351"
Russian Ministry of Defence,Sergei Shoigu,killed,5937,,2022-09-21,2022-09-21,Televised address,"5,937"
United States Department of Defense,Gen. Mark Milley,killed_or_wounded,100000,well over,2022-11-09,2022-11-09,"Economic Club of New York, AP","well over 100,000"
"""  # noqa: E501


def fields(**changes: str) -> dict[str, str]:
    base = {
        "party": "Russian Ministry of Defence",
        "metric": "killed",
        "value": "5,937",
        "as_of": "2022-09-21",
        "stated_on": "2022-09-21",
        "source": "Televised address",
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"party": ""}, "party"),
        ({"metric": "dead"}, "metric"),
        ({"value": "many"}, "value"),
        ({"qualifier": "roughly maybe"}, "qualifier"),
        ({"as_of": "21.09.2022"}, "as_of"),
        ({"stated_on": "2030-01-01"}, "stated_on"),
        ({"as_of": "2022-09-22"}, "as_of"),
        ({"url": "https://x.example/|<!channel>"}, "url"),
        ({"source": "x" * 301}, "source"),
    ],
)
def test_a_bad_field_is_named(changes: dict[str, str], field: str) -> None:
    with pytest.raises(ClaimError) as error:
        parse_claim(fields(**changes), TODAY)
    assert error.value.field == field


def test_each_party_is_cited_by_its_latest_claim_made_on_or_before_the_end_date() -> None:
    march = parse_claim(fields(value="1351", as_of="2022-03-25", stated_on="2022-03-25"), TODAY)
    september = parse_claim(fields(speaker="Sergei Shoigu"), TODAY)
    us = parse_claim(fields(party="United States Department of Defense",
                            metric="killed_or_wounded", value="100000", qualifier="well over",
                            as_of="2022-11-09", stated_on="2022-11-09"), TODAY)  # fmt: skip
    claims = [march, september, us]
    metrics = ("killed", "killed_or_wounded")
    assert latest_claims(claims, date(2022, 9, 1), metrics) == [march]
    assert latest_claims(claims, date(2022, 11, 24), metrics) == [september, us]
    assert latest_claims(claims, date(2022, 11, 8), metrics) == [september]  # never a later one
    assert claim_sentence(us, EN) == (
        "The US Department of Defense said on 9 Nov 2022 that well over 100,000 Russian "
        "soldiers had been killed or wounded (as of 9 Nov 2022; Televised address)."
    )
    assert claim_sentence(us, UK) == (
        "Міністерство оборони США заявило 9 листопада 2022 року, що значно понад 100\u00a0000 "
        "російських військових загинули або зазнали поранень (станом на 9 листопада 2022 року; "
        "Телевісед аддресс)."  # a title the table lacks: transliterated
    )


def test_an_answer_on_personnel_carries_the_context_and_never_a_later_claim() -> None:
    september = parse_claim(fields(speaker="Sergei Shoigu"), TODAY)
    later = parse_claim(fields(value="6000", as_of="2022-11-25", stated_on="2022-11-25"), TODAY)
    history = History(
        [report("2022-09-21", personnel_units=55110), report("2022-09-22", personnel_units=55510)],
        claims=[september, later],
    )
    query = parse_query("on 2022-09-22", TODAY)
    assert isinstance(query, Query)
    comparison = answer_query(query, history, TODAY)
    assert comparison.context == (september,)
    query = parse_query("tanks on 2022-09-22", TODAY)
    assert isinstance(query, Query)
    assert answer_query(query, history, TODAY).context == ()  # not about personnel


def test_the_ledger_revises_and_retracts_keeping_history(engine: Engine) -> None:
    claim = parse_claim(fields(), TODAY)
    with engine.begin() as db:
        first = add_claim(db, claim, "U1", NOW)
        assert add_claim(db, claim, "U1", NOW).outcome == "unchanged"
        revised = add_claim(db, parse_claim(fields(value="5938"), TODAY), "U2", NOW)
    assert (first.outcome, revised.outcome, revised.id) == ("new", "revised", first.id)
    with engine.connect() as db:
        (kind, replaced, by) = db.execute(
            select(claim_revisions.c.kind, claim_revisions.c.replaced, claim_revisions.c.revised_by)
        ).one()
        assert (kind, json.loads(replaced), by) == ("edited", {"value": "5937"}, "U2")
        assert [c.value for c in list_claims(db)] == [5938]
    with engine.begin() as db:
        assert retract_claim(db, first.id, "misquoted", "U3", NOW)
        assert not retract_claim(db, first.id, "again", "U3", NOW)
    with engine.connect() as db:
        assert list_claims(db) == [] and load_history(db).claims == ()


async def test_import_is_idempotent_and_a_bad_row_rejects_the_file(
    database_url: str, tmp_path: Path
) -> None:
    good = tmp_path / "claims.csv"
    good.write_text(SEED)
    code, out, err = await run(database_url, "claims", "import", str(good))
    assert code == 0 and "3 new" in out, err
    code, out, _ = await run(database_url, "claims", "import", str(good))
    assert "0 new, 0 revised, 3 unchanged" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(SEED.replace("5937", "lots") + "X,,killed,1,,2022-01-01,2022-01-01,S,q\n")
    code, out, err = await run(database_url, "claims", "import", str(bad))
    assert code == 1 and f"{bad} line 3: value: a whole number, such as 85720" in err
    code, out, _ = await run(database_url, "claims", "list", "united", "since", "2022-06-01")
    assert out.count("\n") == 1  # in words, never the ledger's key ("killed_or_wounded")
    assert "well over 100,000 Russian soldiers had been killed or wounded" in out
    code, out, _ = await run(database_url, "claims", "retract", "3", "--reason", "misread")
    assert code == 0 and "retracted" in out
    code, out, _ = await run(database_url, "claims", "list")
    assert out.count("\n") == 2


async def test_claims_are_listed_in_slack(server: Server, engine: Engine) -> None:
    with engine.begin() as db:
        add_claim(db, parse_claim(fields(speaker="Sergei Shoigu"), TODAY), "U1", NOW)
    await server.service.refresh_history()
    status, payload = await server.command("claims")
    assert status == 200
    assert (
        "Russian Ministry of Defence (Sergei Shoigu) said on 21 Sep 2022 that 5,937"
        in (payload["text"])
    )


def test_claims_entered_as_plain_data() -> None:
    claim = Claim("P", "killed", 1, date(2022, 3, 1), date(2022, 3, 2), "S")
    assert claim.identity == ("p", "", "killed", date(2022, 3, 1), date(2022, 3, 2), "russia")


SEED_HEADER = "party,speaker,metric,value,qualifier,as_of,stated_on,source,quote\n"


def seed_row(i: int, quote: str = "as said") -> str:
    return f"Party {i},,killed,{1000 + i},about,2022-11-01,2022-11-09,The Times,{quote}\n"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (seed_row(1, '"' + "x" * 140_000 + '"'), "field larger than field limit"),
        (seed_row(1, "a\x00b"), "quote: holds a control character (U+0000)"),
        (seed_row(1, "a\x1bb"), "quote: holds a control character (U+001B)"),
        (seed_row(1, "\u202eAIC"), "quote: holds a control character (U+202E)"),
        (seed_row(1, "two\u2028lines"), "quote: holds a control character (U+2028)"),
    ],
)
async def test_a_bad_field_in_a_claims_file_is_one_line_and_nothing_is_stored(
    database_url: str, tmp_path: Path, row: str, reason: str
) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(SEED_HEADER + seed_row(0) + row, encoding="utf-8")
    code, out, err = await run(database_url, "claims", "import", str(path))
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith(f"{path} line 3: ") and reason in line, line
    assert line.endswith("nothing was stored")
    _, listed, _ = await run(database_url, "claims", "list")
    assert "Party 0" not in listed


async def test_a_ledger_row_dated_before_the_war_or_a_file_too_long_is_refused(
    database_url: str, tmp_path: Path
) -> None:
    ledger = tmp_path / "estimates.csv"
    header = ("date,estimate_low,estimate_high,estimate,type,source,source_url,country,"
              "ignore for chart, data from warring parties\n")  # fmt: skip
    ledger.write_text(header + "01/01/1900,,,50000,deaths,Someone,,russia,\n", encoding="utf-8")
    code, _out, err = await run(database_url, "claims", "import", str(ledger))
    assert code == 1 and "line 2: date: before the full-scale invasion" in err
    huge = tmp_path / "huge.csv"
    huge.write_text(SEED_HEADER + seed_row(1) * (MAX_IMPORT_ROWS + 1), encoding="utf-8")
    code, _out, err = await run(database_url, "claims", "import", str(huge))
    assert code == 1 and err.strip() == f"{huge}: more than 20,000 rows; nothing was stored"


def test_a_file_of_8000_claims_is_stored_in_one_read_of_the_ledger(engine: Engine) -> None:
    """Linear: each claim is compared with the ledger in memory, not read again per row (8,000
    rows took 316 s). A row that repeats one earlier in the file revises it."""
    claims = [parse_claim(fields_of(i), date(2026, 1, 1)) for i in range(8000)]
    with engine.begin() as db:
        added = add_claims(db, claims, "test", NOW)
    assert [a.outcome for a in added] == ["new"] * 8000
    again = [*claims[:10], replace(claims[0], value=1)]
    with engine.begin() as db:
        outcomes = [a.outcome for a in add_claims(db, again, "test", NOW)]
    assert outcomes == ["unchanged"] * 10 + ["revised"]
    with engine.connect() as db:
        assert len(list_claims(db)) == 8000


def fields_of(i: int) -> dict[str, str]:
    return {"party": f"Party {i}", "metric": "killed", "value": str(1000 + i),
            "as_of": "2022-11-01", "stated_on": "2022-11-09", "source": "The Times"}  # fmt: skip
