"""The query engine: which two reports answer a question, the change, and the flags."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.core.answer import Unanswerable, answer_query
from bot.core.delta import Comparison
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import History
from bot.render.flags import flag_text, said
from bot.render.wording import EN
from tests.support.payloads import daily, report

TODAY = date(2022, 11, 25)


def ask(history: History, text: str, today: date = TODAY) -> Comparison:
    query = parse_query(text, today, history.keys)
    assert isinstance(query, Query)
    return answer_query(query, history, today)


NOV = History(
    [
        report("2022-11-22", personnel_units=85000, tanks=2895),
        report("2022-11-23", personnel_units=85410, tanks=2897),
        report("2022-11-24", personnel_units=85720, tanks=2898),
        report("2022-11-25", personnel_units=86150, tanks=2899),
    ]
)


@pytest.mark.parametrize(
    ("text", "base", "to", "change"),
    [
        ("", "2022-11-24", "2022-11-25", {"personnel_units": 430, "tanks": 1}),
        ("on 2022-11-24", "2022-11-23", "2022-11-24", {"personnel_units": 310, "tanks": 1}),
        # since DATE includes the losses reported on DATE
        ("since 2022-11-24", "2022-11-23", "2022-11-25", {"personnel_units": 740, "tanks": 2}),
        (
            "between 2022-11-23 and 2022-11-24",
            "2022-11-22",
            "2022-11-24",
            {"personnel_units": 720, "tanks": 3},
        ),
        ("tanks last 2 days", "2022-11-23", "2022-11-25", {"tanks": 2}),
        ("yesterday", "2022-11-23", "2022-11-24", {"personnel_units": 310, "tanks": 1}),
    ],
)
def test_periods_pick_the_reports_a_reporter_expects(
    text: str, base: str, to: str, change: dict[str, int]
) -> None:
    comparison = ask(NOV, text)
    assert comparison.base is not None and comparison.base.date.isoformat() == base
    assert comparison.report.date.isoformat() == to
    assert comparison.change == change


def test_a_date_on_or_before_the_invasion_counts_from_zero() -> None:
    comparison = ask(NOV, "since 2022-02-24")
    assert comparison.base is None
    assert comparison.change == {"personnel_units": 86150, "tanks": 2899}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "on 2022-11-30",
            "30 Nov 2022 is in the future; the latest report is 25 Nov 2022 (day 275)",
        ),
        (
            "on 2022-11-10",
            "There is no report for 10 Nov 2022 in the store; the nearest is 22 Nov 2022",
        ),
        (
            "on 2022-11-22",
            "The store has no report before 22 Nov 2022 to count from; the earliest is 22 Nov",
        ),
        ("since 2022-11-01", "The store has no report before 1 Nov 2022"),
        ("between 2022-03-01 and 2022-03-31", "No report between 1 Mar 2022 and 31 Mar 2022"),
    ],
)
def test_what_the_store_cannot_answer_is_said_with_the_nearest_report(
    text: str, message: str
) -> None:
    with pytest.raises(Unanswerable) as refused:
        ask(NOV, text)
    assert refused.value.reason.kind == "unanswerable"
    assert message in said(refused.value)


def test_an_empty_store_says_how_to_fill_it() -> None:
    with pytest.raises(Unanswerable) as refused:
        ask(History([]), "")
    assert "losses-bot import" in said(refused.value)


def test_a_gap_before_the_period_is_flagged_and_both_reports_named() -> None:
    history = History(
        [
            report("2022-11-20", tanks=10),
            report("2022-11-24", tanks=15),
            report("2022-11-25", tanks=16),
        ]
    )
    comparison = ask(history, "on 2022-11-24")
    assert comparison.base is not None and comparison.base.date == date(2022, 11, 20)
    assert comparison.change == {"tanks": 5}
    gaps = [flag_text(f, EN) for f in comparison.flags if f.kind == "gap"]
    assert gaps == [
        "No report for 21 Nov 2022 to 23 Nov 2022 in the store; the change is counted from "
        "the report of 20 Nov 2022 (day 270)."
    ]


def test_a_period_ending_on_a_day_without_report_ends_at_the_last_report_before() -> None:
    comparison = ask(NOV, "between 2022-11-23 and 2022-11-28", today=date(2022, 11, 30))
    assert comparison.report.date == date(2022, 11, 25)
    assert any(f.kind == "gap" and "28 Nov 2022" in flag_text(f, EN) for f in comparison.flags)


def test_a_total_that_went_down_is_kept_and_flagged_as_a_correction() -> None:
    history = History(daily("2024-11-28", 3690, 3700, 3617, key="special_military_equip"))
    comparison = ask(history, "on 2024-11-30", today=date(2024, 11, 30))
    assert comparison.change == {"special_military_equip": -83}
    (flag,) = [f for f in comparison.flags if f.kind == "decrease"]
    assert flag.category == "special_military_equip"
    assert flag.params == {"before": 3700, "now": 3617}  # the facts, not a sentence
    assert "3,700 to 3,617" in flag_text(flag, EN)


def test_a_correction_inside_a_longer_period_is_flagged_though_the_net_change_is_positive() -> None:
    history = History(daily("2024-11-28", 3690, 3700, 3617, 3640, key="special_military_equip"))
    comparison = ask(history, "since 2024-11-29", today=date(2024, 12, 1))
    assert comparison.change == {"special_military_equip": -50}
    kinds = sorted(f.kind for f in comparison.flags)
    assert kinds == ["correction", "decrease"]
    comparison = ask(history, "since 2024-11-30", today=date(2024, 12, 1))
    assert comparison.change == {"special_military_equip": -60}
    history = History(daily("2024-11-28", 3690, 3700, 3617, 3740, key="special_military_equip"))
    comparison = ask(history, "since 2024-11-29", today=date(2024, 12, 1))
    assert comparison.change == {"special_military_equip": 50}
    (flag,) = comparison.flags
    assert flag.kind == "correction"
    assert flag_text(flag, EN) == (
        "The special equipment change includes a correction by the General Staff: "
        "the total went down from 3,700 to 3,617 on 30 Nov 2024."
    )


def test_several_corrections_in_a_period_make_one_flag_naming_each() -> None:
    history = History(daily("2024-11-28", 3690, 3700, 3617, 3640, 3630, 3700,
                            key="special_military_equip"))  # fmt: skip
    comparison = ask(history, "since 2024-11-29", today=date(2024, 12, 5))
    (flag,) = comparison.flags
    assert flag_text(flag, EN) == (
        "The special equipment change includes corrections by the General Staff: "
        "a fall from 3,700 to 3,617 on 30 Nov 2024; a fall from 3,640 to 3,630 on 2 Dec 2024."
    )


def test_a_category_listed_before_and_absent_now_is_missing_never_zero() -> None:
    history = History(
        [
            report("2022-11-22", personnel_units=85000, tanks=2895),
            report("2022-11-23", personnel_units=85410),
        ]
    )
    comparison = ask(history, "on 2022-11-23", today=date(2022, 11, 23))
    assert comparison.change == {"personnel_units": 410}
    (flag,) = [f for f in comparison.flags if f.kind == "missing"]
    assert flag.category == "tanks"
    assert flag_text(flag, EN) == (
        "No figure for tanks in the report of 23 Nov 2022 (day 273): the General Staff last "
        "listed them in the report of 22 Nov 2022 (day 272)."
    )
    assert "tanks" not in comparison.totals


def test_across_the_may_2022_merge_vehicles_count_from_the_sum_of_the_merged_series() -> None:
    history = History(
        [
            report("2022-04-30", vehicles_fuel_tanks=1701, fuel_tanks=76),
            report("2022-05-01", vehicles_fuel_tanks=1796),
        ]
    )
    comparison = ask(history, "on 2022-05-01", today=date(2022, 5, 1))
    assert comparison.change == {"vehicles_fuel_tanks": 19}
    assert comparison.categories == ("vehicles_fuel_tanks",)  # fuel tanks now counted inside
    (flag,) = comparison.flags
    assert (flag.kind, flag.category) == ("series_break", "vehicles_fuel_tanks")
    assert "1,701 + 76 = 1,777" in flag_text(flag, EN) and "1 May 2022" in flag_text(flag, EN)
    assert history.daily_changes("vehicles_fuel_tanks") == [(date(2022, 5, 1), 19)]
    # Asked for by name, the old series is missing after the merge, never zero.
    comparison = ask(history, "fuel tank on 2022-05-01", today=date(2022, 5, 1))
    (flag,) = comparison.flags
    assert flag.kind == "missing" and "counted in vehicles and fuel tanks" in flag_text(flag, EN)
    # A store whose base report lacks a merged series (an API-only history) gives no change.
    history = History(
        [
            report("2022-04-30", vehicles_fuel_tanks=1701),
            report("2022-05-01", vehicles_fuel_tanks=1796),
        ]
    )
    comparison = ask(history, "on 2022-05-01", today=date(2022, 5, 1))
    assert comparison.change == {}
    assert [f.kind for f in comparison.flags] == ["series_break", "missing"]


def test_an_asked_for_category_nobody_reported_is_missing() -> None:
    comparison = ask(NOV, "submarines")
    assert comparison.change == {}
    assert [f.kind for f in comparison.flags] == ["missing"]


def test_a_revised_figure_names_what_was_first_reported() -> None:
    revised = replace(report("2022-11-24", tanks=2898), first_reported={"tanks": 289})
    history = History([report("2022-11-23", tanks=2897), revised])
    comparison = ask(history, "on 2022-11-24")
    (flag,) = comparison.flags
    assert flag.kind == "revised"
    assert "first gave tanks as 289, now 2,898" in flag_text(flag, EN)


def test_the_sources_qualifier_is_carried_into_the_flags() -> None:
    more = replace(
        report("2022-03-14", personnel_units=12000), qualifiers={"personnel_units": "more"}
    )
    history = History([report("2022-03-13", personnel_units=12000), more])
    comparison = ask(history, "on 2022-03-14", today=date(2022, 3, 14))
    assert comparison.change == {"personnel_units": 0}
    (flag,) = comparison.flags
    assert flag_text(flag, EN) == "The General Staff gives personnel as “more than 12,000”."
