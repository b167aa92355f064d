"""Flags are data: the core states facts (reports, dates, figures, keys) and the sentence is made
at the edge, in either language, from the same flag."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.core.answer import answer_query
from bot.core.delta import Comparison, compare_reports
from bot.core.flags import Flag
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import Correction, History, Report, StatedChange
from bot.render.flags import flag_json, flag_text
from bot.render.wording import EN, UK, UKRAINIAN
from tests.support.payloads import daily, report

TODAY = date(2022, 5, 10)


def ask(history: History, text: str, today: date = TODAY) -> Comparison:
    query = parse_query(text, today)
    assert isinstance(query, Query)
    return answer_query(query, history, today)


def quirky() -> History:
    """A history with a flag of (nearly) every form: a gap, the May 2022 merge, a dropped
    category, a restated figure, a qualifier, a fall and a published correction."""
    reports = [
        report("2022-04-27", personnel_units=22900, vehicles_fuel_tanks=1650, fuel_tanks=75,
               submarines=0, tanks=1000),
        report("2022-04-28", personnel_units=23000, vehicles_fuel_tanks=1660, fuel_tanks=75,
               submarines=0, tanks=1010),
        report("2022-04-30", personnel_units=23100, vehicles_fuel_tanks=1701, fuel_tanks=76,
               submarines=0, tanks=1008),
        report("2022-05-01", personnel_units=23200, vehicles_fuel_tanks=1796, tanks=1012),
        replace(
            report("2022-05-02", personnel_units=23500, vehicles_fuel_tanks=1800, tanks=1015),
            qualifiers={"personnel_units": "about"},
            first_reported={"tanks": 1014},
        ),
    ]  # fmt: skip
    return History(reports, [Correction(date(2022, 4, 30), "tanks", -5, "dataset")])


def test_the_flags_of_an_answer_carry_facts_never_sentences() -> None:
    history = quirky()
    comparison = ask(history, "since 2022-04-30")
    merged = compare_reports(history, history.reports[1], history.reports[-1], ["fuel_tanks"])
    flags = [*comparison.flags, *merged.flags]
    forms = {f.sentence for f in flags}
    assert {"gap_day", "series_break", "missing_merged", "qualifier", "revised"} <= forms
    for flag in flags:
        for name, value in flag.params.items():
            # a fact is a report, a date, a figure, a key or a series break: never words
            assert not (isinstance(value, str) and " " in value), (flag.kind, name, value)
    (merge,) = [f for f in comparison.flags if f.kind == "series_break"]
    assert merge.params["parts"] == (1660, 75) and merge.params["sum"] == 1735


@pytest.mark.parametrize("words", [EN, UK], ids=["en", "uk"])
def test_every_flag_is_said_in_either_language_from_the_same_data(words: object) -> None:
    history = quirky()
    texts = ("since 2022-04-28", "since 2022-04-29", "on 2022-05-01", "since 2022-02-24",
             "between 2022-04-28 and 2022-05-09", "between 2022-04-28 and 2022-05-31")  # fmt: skip
    for text in texts:
        for flag in ask(history, text).flags:
            said = flag_text(flag, words)  # type: ignore[arg-type]
            assert said and "{" not in said, (flag, said)
            assert flag.sentence in UKRAINIAN  # every form has a sentence in both tables


def test_the_same_flag_reads_in_english_and_ukrainian() -> None:
    comparison = ask(
        History(daily("2024-11-28", 3690, 3700, 3617, key="tanks")),
        "on 2024-11-30",
        date(2024, 12, 1),
    )
    (flag,) = [f for f in comparison.flags if f.kind == "decrease"]
    assert flag == Flag("decrease", "tanks", "", {"before": 3700, "now": 3617})
    assert flag_text(flag, EN) == (
        "The tanks total went down from 3,700 to 3,617: the General Staff corrected an earlier "
        "figure."
    )
    assert flag_text(flag, UK) == (
        "Загальна кількість у категорії «танки» зменшилася з 3\u00a0700 до 3\u00a0617: "
        "Генеральний штаб ЗСУ виправив попередні дані."
    )
    assert flag_json(flag, EN) == {
        "kind": "decrease",
        "category": "tanks",
        "message": flag_text(flag, EN),
    }


def stating(on: str, personnel: int, stated: int | None = None) -> Report:
    """A report whose own words state the day's personnel change (as orc-losses' link does)."""
    said = {} if stated is None else {"personnel_units": StatedChange(stated, ("orc-losses",))}
    return replace(report(on, personnel_units=personnel, tanks=10_000), stated=said)


def differing(comparison: Comparison) -> list[Flag]:
    return [f for f in comparison.flags if f.kind == "stated_change_differs"]


def test_a_stated_change_the_totals_do_not_give_is_flagged_with_both_numbers() -> None:
    history = History(
        [
            stating("2025-02-26", 860_000),
            stating("2025-02-27", 861_000, 1_000),  # as the totals give it
            stating("2025-02-28", 863_710, 1_060),  # +2,710: 1,060 and a correction of 1,650
            stating("2025-03-01", 864_510, 1_100),  # +800: nothing explains it
            stating("2025-03-03", 866_000, 5),  # no report of the day before: not compared
        ],
        [Correction(date(2025, 2, 28), "personnel_units", 1_650, "dataset")],
    )
    today = date(2025, 3, 4)
    (flag,) = differing(ask(history, "on 2025-03-01", today))
    assert flag.params["report"].date == date(2025, 3, 1)
    assert (flag.params["stated"], flag.params["computed"]) == (1_100, 800)
    assert flag_text(flag, EN) == (
        "The report of 1 Mar 2025 (day 1102) states a change of +1,100 in personnel "
        "(according to orc-losses), but its totals give +800 from the day before."
    )
    assert "+1\u00a0100" in flag_text(flag, UK) and "+800" in flag_text(flag, UK)
    assert flag_json(flag, EN) | {"message": ""} == {
        "kind": "stated_change_differs", "category": "personnel_units", "stated": 1_100,
        "computed": 800, "message": "",
    }  # fmt: skip
    for quiet in ("on 2025-02-27", "on 2025-02-28", "on 2025-03-03", "tanks on 2025-03-01"):
        assert not differing(ask(history, quiet, today)), quiet
    # A period names every report in it whose stated change differs; past three, counts them.
    period = differing(ask(history, "since 2025-02-27", today))
    assert [f.params["report"].date for f in period] == [date(2025, 3, 1)]
    many = History(
        [stating("2025-01-01", 1_000)]
        + [stating(f"2025-01-{d:02}", 1_000 + 10 * d, 1) for d in range(2, 7)]
    )
    (counted,) = differing(ask(many, "since 2025-01-02", today))
    assert counted.sentence == "stated_change_differs_many"
    assert counted.params == {"count": 5, "first": date(2025, 1, 2), "last": date(2025, 1, 6)}
    assert flag_text(counted, EN) == (
        "5 reports between 2 Jan 2025 and 6 Jan 2025 state a change in personnel that their "
        "totals do not give."
    )
