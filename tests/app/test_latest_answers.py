"""The newest report's answers, precomputed per history (`bot.app.latest_answers`), are the
answers the engine computes, word for word; what they do not cover is computed as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from bot.app.asking import answer_reply
from bot.app.latest_answers import LatestAnswers
from bot.app.outcome import Outcome
from bot.core.answer import Period, resolve_period
from bot.core.freshness import Freshness
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import Correction, History
from storage.reports import store_reports
from tests.support.bolt_server import Server
from tests.support.payloads import report

TODAY = date(2022, 11, 25)
FRESH = Freshness(datetime(2022, 11, 24, 12, 0, tzinfo=UTC))
NOW = datetime(2022, 11, 25, 9, 0, tzinfo=UTC)
STALE = Freshness(datetime(2022, 11, 28, 12, 0, tzinfo=UTC))
QUESTIONS = ("", "since 2022-11-21", "last 3 days", "between 21 Nov 2022 and today",
             "since 2022-02-24", "on 2022-11-24", "since 2022-11-23 public")  # fmt: skip


def history() -> History:
    """Four reports with a restated figure, a qualifier, a decrease and a correction."""
    reports = [
        report("2022-11-20", personnel_units=85000, tanks=2890),
        report("2022-11-21", personnel_units=85100, tanks=2885),
        report("2022-11-23", personnel_units=85410, tanks=2895),
        replace(
            report("2022-11-24", personnel_units=85720, tanks=2898),
            qualifiers={"personnel_units": "about"},
            first_reported={"tanks": 2897},
        ),
    ]
    return History(reports, [Correction(date(2022, 11, 23), "tanks", -2, "dataset")])


def replies(latest: LatestAnswers, texts: tuple[str, ...], fresh: Freshness) -> list[Outcome]:
    found = [answer_reply(HISTORY, text, TODAY, fresh, latest) for text in texts]
    assert all(isinstance(reply, Outcome) for reply in found)
    return found  # type: ignore[return-value]


HISTORY = history()


def built() -> LatestAnswers:
    latest = LatestAnswers()
    latest.build(HISTORY)
    return latest


def test_a_precomputed_answer_is_the_computed_one() -> None:
    latest = built()
    for text in QUESTIONS:
        query = parse_query(text.replace(" public", ""), TODAY)
        assert isinstance(query, Query)
        period = resolve_period(query, HISTORY, TODAY)
        if not period.gaps:  # `since 2022-11-23` counts from 21 Nov, across a gap: computed
            assert latest.message(HISTORY, query, period, FRESH) is not None, text
    assert replies(latest, QUESTIONS, FRESH) == replies(LatestAnswers(), QUESTIONS, FRESH)


def test_what_the_table_does_not_cover_is_computed() -> None:
    latest = built()
    for text in ("tanks since 2022-11-21", "з 21 листопада 2022", "since 2022-11-23",
                 "on 2022-11-23"):  # fmt: skip
        query = parse_query(text, TODAY)
        assert isinstance(query, Query)
        period = resolve_period(query, HISTORY, TODAY)
        assert latest.message(HISTORY, query, period, FRESH) is None, text
    other = History(HISTORY.reports, HISTORY.corrections)  # another history: not this table
    query = parse_query("since 2022-11-21", TODAY)
    assert isinstance(query, Query)
    assert latest.message(other, query, resolve_period(query, other, TODAY), FRESH) is None
    # A stale newest report: the answer says so, precomputed table or not.
    stale = replies(latest, ("since 2022-11-21",), STALE)[0]
    assert stale is not None and "newest report in the store is of 24 Nov 2022" in str(stale)
    assert stale == replies(LatestAnswers(), ("since 2022-11-21",), STALE)[0]


def test_an_empty_history_builds_an_empty_table() -> None:
    latest = LatestAnswers()
    latest.build(History([]))
    query = parse_query("since 2022-11-21", TODAY)
    assert isinstance(query, Query)
    empty = Period(None, HISTORY.reports[-1], ())
    assert latest.message(History([]), query, empty, FRESH) is None


async def test_the_service_builds_the_table_when_the_history_changes(server: Server) -> None:
    """Over the real endpoint: the table follows each new history, and a question answered
    from it is the computed answer."""
    service = server.service
    assert server.desk is not None
    latest = server.desk.answers.latest
    assert latest._table[0] is service.cache.current
    with service.engine.begin() as db:
        store_reports(db, [report("2022-11-25", personnel_units=86000)], NOW, True)
    await service.refresh_history()
    newest = service.cache.current
    assert newest.latest is not None and newest.latest.date == date(2022, 11, 25)
    assert latest._table[0] is newest
    status, body = await server.command("since 2022-11-24")
    assert status == 200 and "Russia lost 590 personnel" in body["text"]
