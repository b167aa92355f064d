"""The words reporters actually type, in English and Ukrainian: every phrasing in the table is
answered exactly as its canonical form is (the same two reports, the same change, the same
flags), and a Ukrainian question is answered in Ukrainian."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.answer import answer_query
from bot.core.delta import Comparison
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import History, Report
from bot.core.war import WAR_START, day_number
from tests.support.phrasings import TABLE  # (what a reporter types, what it must mean)

TODAY = date(2026, 11, 25)  # a Wednesday
KEYS = ("personnel_units", "tanks", "armoured_fighting_vehicles", "artillery_systems", "mlrs",
        "aa_warfare_systems", "planes", "helicopters", "uav_systems", "warships_cutters",
        "special_military_equip")  # fmt: skip


def _history() -> History:
    """A report every day from 25 Feb 2022 to yesterday; each category grows by its own,
    day-dependent step, so two different periods never share a change by chance."""
    reports, day = [], WAR_START + timedelta(days=1)
    totals = dict.fromkeys(KEYS, 0)
    while day < TODAY:
        n = day_number(day)
        for i, key in enumerate(KEYS):
            totals[key] += (n * (i + 3)) % (17 + i) + (i + 1)
        reports.append(Report(day, n, "test", dict(totals)))
        day += timedelta(days=1)
    return History(reports)


HISTORY = _history()


def answer(text: str) -> Comparison:
    query = parse_query(text, TODAY, HISTORY.keys)
    assert isinstance(query, Query), text
    return answer_query(query, HISTORY, TODAY)


def essentials(comparison: Comparison) -> tuple[object, ...]:
    """What an answer says, whatever its language."""
    return (
        comparison.base.date if comparison.base is not None else None,
        comparison.report.date,
        comparison.categories,
        comparison.change,
        comparison.totals,
        tuple((f.kind, f.category) for f in comparison.flags),
    )


def test_the_table_is_long_enough_and_covers_both_languages() -> None:
    ukrainian = [t for t, _ in TABLE if any("\u0400" <= c <= "\u04ff" for c in t)]
    assert len(TABLE) >= 150 and len(ukrainian) >= 60
    assert len({t for t, _ in TABLE}) == len(TABLE) - 1  # "24.11.2022" is in both halves


@pytest.mark.parametrize(("text", "canonical"), TABLE)
def test_every_phrasing_is_answered_as_its_canonical_form(text: str, canonical: str) -> None:
    got, want = answer(text), answer(canonical)
    assert essentials(got) == essentials(want)
    ukrainian = any("\u0400" <= c <= "\u04ff" for c in text)
    assert got.lang == ("uk" if ukrainian else "en")


@pytest.mark.parametrize(
    ("text", "canonical", "asked"),
    [
        ("wounded since 2024", "personnel since 2024-01-01", "wounded"),
        ("soldiers killed since 2023", "personnel since 2023-01-01", "killed"),
        ("поранених з початку 2024", "personnel since 2024-01-01", "wounded"),
    ],
)
def test_killed_or_wounded_asked_apart_is_personnel_with_a_note(
    text: str, canonical: str, asked: str
) -> None:
    """The General Staff counts the killed and the wounded together: a question for one is
    answered with its personnel figure, and a note that says so."""
    got, want = answer(text), answer(canonical)
    assert essentials(got)[:5] == essentials(want)[:5]
    notes = [f for f in got.flags if f.kind == "measure"]
    assert [(f.category, f.params["asked"]) for f in notes] == [("personnel_units", asked)]
    assert not [f for f in want.flags if f.kind == "measure"]
