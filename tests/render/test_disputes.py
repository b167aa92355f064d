"""Disputes decided by evidence (`bot.core.disputes`), each rule on a small history of its own:
the stated change, the next report's, a repeated record, a fall no correction explains, the
majority, the General Staff's own post, undecided; chains; and the sentences that say why."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.core.answer import answer_query
from bot.core.delta import Comparison
from bot.core.disputes import Decision, decide, dispute_flag, most_given, repeats
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import History, StatedChange
from bot.render.brief import brief_json, brief_query, compose_brief
from bot.render.flags import flag_json, flag_text
from bot.render.text import headline, table_rows
from bot.render.wording import EN, UK
from tests.support.payloads import report

DAY = date(2024, 10, 6)
ORDER = ("orc-losses", "dataset", "russianwarship.rip")
P = "personnel_units"
Figures = dict[date, dict[str, dict[str, int]]]
Fixes = dict[tuple[date, str], int]


def days(*figures: dict[str, dict[str, int]], start: date = DAY) -> Figures:
    """Consecutive days of figures: category -> transcription -> value."""
    return {start + timedelta(days=i): by_category for i, by_category in enumerate(figures)}


def both(value: int, other: int | None = None, key: str = P) -> dict[str, dict[str, int]]:
    """A figure the dataset and orc-losses give (alike, or `value` against orc's `other`)."""
    return {key: {"dataset": value, "orc-losses": value if other is None else other}}


def one(
    figures: Figures, stated: Figures | None = None, corrections: Fixes | None = None
) -> Decision:
    (found,) = decide(figures, stated or {}, corrections or {}, ORDER).values()
    return found


def test_agreeing_transcriptions_need_no_decision() -> None:
    assert decide(days(both(100), both(200)), {}, {}, ORDER) == {}


def test_the_stated_change_decides_against_the_first_listed() -> None:
    # 7 Oct 2024: orc-losses repeats 660,470 while the report states +1,160.
    figures = days(both(660_470), both(661_630, 660_470), both(664_130))
    stated = {DAY + timedelta(days=1): {P: {"orc-losses": 1160}}}
    found = one(figures, stated)
    assert (found.value, found.rule) == (661_630, "stated_change")
    assert found.values == {"dataset": 661_630, "orc-losses": 660_470}


def test_a_stated_change_with_the_day_s_correction_decides_too() -> None:
    # 28 Feb 2025: +1,060 stated, +2,710 in the totals, of which +1,650 a correction.
    figures = days(both(1000), both(3710, 3700), both(4800))
    stated = {DAY + timedelta(days=1): {P: {"orc-losses": 1060}}}
    corrections = {(DAY + timedelta(days=1), P): 1650}
    assert one(figures, stated, corrections).value == 3710


def test_the_next_report_s_stated_change_decides() -> None:
    # 12 Jan 2023: 113,390 against 113,990; the next report states +610 to 114,000.
    figures = days(both(112_760), both(113_390, 113_990), both(114_000))
    stated = {DAY + timedelta(days=2): {P: {"orc-losses": 610}}}
    found = one(figures, stated)
    assert (found.value, found.rule) == (113_390, "next_stated_change")


def test_a_record_that_repeats_the_previous_report_loses() -> None:
    figures = days(
        {**both(697_680), **both(9300, key="tanks"), **both(20_000, key="uav_systems")},
        {**both(699_090, 697_680), **both(9310, 9300, key="tanks"),
         **both(20_070, 20_000, key="uav_systems")},
    )  # fmt: skip
    assert repeats(figures) == {(DAY + timedelta(days=1), "orc-losses")}
    decisions = decide(figures, {}, {}, ORDER)
    assert {k: (d.value, d.rule) for (_, k), d in decisions.items()} == {
        P: (699_090, "repeated_record"),
        "tanks": (9310, "repeated_record"),
        "uav_systems": (20_070, "repeated_record"),
    }
    # A record that only shares a few figures with the day before is no copy.
    figures[DAY + timedelta(days=1)]["tanks"]["orc-losses"] = 9305
    figures[DAY + timedelta(days=1)]["uav_systems"]["orc-losses"] = 20_050
    assert repeats(figures) == set()


def test_a_figure_equal_to_the_day_before_while_a_rise_is_stated_loses() -> None:
    figures = days(both(1000), both(1100, 1000), both(1200))
    stated = {DAY + timedelta(days=1): {P: {"orc-losses": 90}}}  # a slip: neither gives +90
    found = one(figures, stated)
    assert (found.value, found.rule) == (1100, "repeated_record")


def test_a_fall_no_correction_explains_loses() -> None:
    # MLRS 1,231 -> 1,230 in one transcription on 14 Oct 2024: no correction that day.
    figures = days(both(1231, key="mlrs"), both(1232, 1230, key="mlrs"), both(1233, key="mlrs"))
    found = one(figures)
    assert (found.value, found.rule) == (1232, "uncorrected_fall")


def test_a_fall_on_the_next_day_counts_and_a_published_correction_explains_one() -> None:
    key = "special_military_equip"
    # 3 Oct 2025: the dataset has the -9 correction that day, orc-losses a day late.
    figures = days(both(3979, key=key), both(3970, 3979, key=key), both(3971, key=key))
    corrections = {(DAY + timedelta(days=1), key): -9}
    found = one(figures, corrections=corrections)
    assert (found.value, found.rule) == (3970, "uncorrected_fall")
    # Without the correction both make a fall: nothing decides.
    assert one(figures).rule == "undecided"


def test_the_majority_decides_where_no_evidence_does() -> None:
    figures = days(
        {"tanks": {"dataset": 10}},
        {"tanks": {"dataset": 12, "orc-losses": 13, "russianwarship.rip": 12}},
        {"tanks": {"dataset": 14}},
    )
    found = one(figures)
    assert (found.value, found.rule) == (12, "majority")


def test_the_general_staff_s_own_post_decides_first() -> None:
    figures = days(
        both(100),
        {P: {"dataset": 210, "orc-losses": 200, "russianwarship.rip": 200, "genstaff": 210}},
        both(300),
    )
    found = one(figures)
    assert (found.value, found.rule) == (210, "primary")


def test_with_no_evidence_the_figure_is_undecided_and_the_order_picks_the_arithmetic() -> None:
    figures = days(both(350, key="helicopters"), both(351, 350, key="helicopters"))
    found = one(figures)
    assert (found.value, found.rule, found.decided) == (350, "undecided", False)  # orc-losses


def test_a_run_is_decided_where_it_ends_and_back_from_there() -> None:
    key = "helicopters"
    run = [both(351, 350, key=key) for _ in range(39)]
    figures = days(both(350, key=key), *run, both(350, key=key))  # the dataset's 351 falls back
    decisions = decide(figures, {}, {}, ORDER)
    assert len(decisions) == 39
    assert {(d.value, d.rule) for d in decisions.values()} == {(350, "uncorrected_fall")}


def test_stronger_evidence_reaches_along_a_run_before_a_weaker_rule_decides() -> None:
    # Day 2 is decided by its stated change; day 3 then by its own, counted from day 2's
    # decision, though a fall rule could have decided it first from the other side.
    figures = days(both(100), both(150, 140), both(180, 170), both(175))
    stated = {DAY + timedelta(days=1): {P: {"x": 50}}, DAY + timedelta(days=2): {P: {"x": 30}}}
    decisions = decide(figures, stated, {}, ORDER)
    assert [(d.value, d.rule) for _, d in sorted(decisions.items())] == [
        (150, "stated_change"),
        (180, "stated_change"),
    ]


def test_a_third_transcription_remakes_the_decision() -> None:
    figures = days(both(350, key="tanks"), both(352, 351, key="tanks"), both(353, key="tanks"))
    assert one(figures).rule == "undecided"
    figures[DAY + timedelta(days=1)]["tanks"]["russianwarship.rip"] = 352
    assert (one(figures).value, one(figures).rule) == (352, "majority")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"dataset": 800, "orc-losses": 880}, 880),  # a tie: orc-losses comes first
        ({"dataset": 800, "orc-losses": 880, "russianwarship.rip": 800}, 800),
        ({"dataset": 7}, 7),
        ({"dataset": 351, "elsewhere": 350}, 351),  # a name not in the order comes last
    ],
)
def test_the_stated_change_published_is_the_one_most_give(
    values: dict[str, int], expected: int
) -> None:
    assert most_given(values, ORDER) == expected


def decided_history(rule: str) -> History:
    before = report(DAY, personnel_units=660_470)
    on = replace(
        report(DAY + timedelta(days=1), personnel_units=661_630),
        transcriptions=("dataset", "orc-losses"),
        disputed={P: {"dataset": 661_630, "orc-losses": 660_470}},
        decided={P: rule},
        stated={P: StatedChange(1160, ("orc-losses",))},
    )
    after = replace(
        report(DAY + timedelta(days=2), personnel_units=662_970),
        stated={P: StatedChange(1340, ("orc-losses",))},
    )
    return History([before, on, after])


@pytest.mark.parametrize(
    ("rule", "english", "ukrainian"),
    [
        ("stated_change", "661,630 is published because it gives the +1,160 the report states.",
         "опубліковано 661\u00a0630, бо воно дає зміну +1\u00a0160, зазначену в самому звіті."),
        ("next_stated_change", "661,630 is published because the change the next report, of "
         "8 Oct 2024 (day 958), states (+1,340) counts from it.", "зазначена в наступному звіті"),
        ("repeated_record", "661,630 is published because the record of orc-losses repeats "
         "the previous report's figures.", "бо запис orc-losses повторює дані попереднього"),
        ("uncorrected_fall", "661,630 is published because 660,470 would make the total fall "
         "where the General Staff published no correction.", "не публікував виправлення"),
        ("majority", "661,630 is published because most transcriptions give it.", "більшість"),
        ("primary", "because the General Staff's own post gives it.", "власний допис"),
        ("undecided", "no evidence decides between them, so neither is stated as fact.",
         "жодне з чисел не подано як факт"),
    ],
)  # fmt: skip
def test_every_rule_is_said_in_both_languages_and_named_in_json(
    rule: str, english: str, ukrainian: str
) -> None:
    history = decided_history(rule)
    on = history.reports[1]
    found = dispute_flag(history, on, P)
    said = flag_text(found, EN)
    assert said.startswith(
        "Transcriptions of the report of 7 Oct 2024 (day 957) disagree on personnel: 661,630 "
        "(dataset), 660,470 (orc-losses); "
    )
    assert said.endswith(english)
    assert ukrainian in flag_text(found, UK)
    data = flag_json(found, EN)
    assert (data["decided_by"], data["published"]) == (rule, 661_630)
    assert data["values"] == {"dataset": 661_630, "orc-losses": 660_470}


def ask(history: History, text: str, today: date = date(2026, 4, 10)) -> Comparison:
    query = parse_query(text, today)
    assert isinstance(query, Query)
    return answer_query(query, history, today)


def undecided_history() -> History:
    before = report(date(2026, 3, 31), personnel_units=1_300_000, helicopters=350)
    on = replace(
        report(date(2026, 4, 1), personnel_units=1_301_000, helicopters=350),
        transcriptions=("dataset", "orc-losses"),
        disputed={"helicopters": {"dataset": 351, "orc-losses": 350}},
        decided={"helicopters": "undecided"},
    )
    return History([before, on])


def test_an_undecided_figure_leads_no_sentence_as_one_number_in_either_language() -> None:
    history = undecided_history()
    comparison = ask(history, "helicopters on 2026-04-01")
    assert headline(comparison) == (
        "Transcriptions of the General Staff's report of 1 Apr 2026 (day 1498) disagree on "
        "helicopters: the change between the General Staff's reports of 31 Mar 2026 (day 1497) "
        "and 1 Apr 2026 (day 1498) is between 0 and 1, and the total is between 350 and 351; "
        "neither figure is stated as fact."
    )
    assert table_rows(comparison) == [("helicopters", "0–1", "350–351")]
    ukrainian = headline(ask(history, "гелікоптери 1 квітня 2026"))
    assert ukrainian.startswith("Джерела, що передають звіт Генерального штабу ЗСУ за 1 квітня")
    assert "від 350 до 351" in ukrainian and "жодне з чисел не подано як факт" in ukrainian
    # The day after counts from a figure nobody decided: the change is a range too.
    after = History([*history.reports, report(date(2026, 4, 2), helicopters=352)])
    assert "is between 1 and 2, and the total is 352" in headline(
        ask(after, "helicopters on 2026-04-02")
    )
    # Both days undecided, each transcription steady: the change is 0 in each, the total open.
    steady = replace(
        report(date(2026, 4, 2), helicopters=350),
        transcriptions=("dataset", "orc-losses"),
        disputed={"helicopters": {"dataset": 351, "orc-losses": 350}},
        decided={"helicopters": "undecided"},
    )
    run = History([*history.reports, steady])
    said = headline(ask(run, "helicopters on 2026-04-02"))
    assert "is 0 in each of them, and the total is between 350 and 351" in said
    assert table_rows(ask(run, "helicopters on 2026-04-02")) == [("helicopters", "0", "350–351")]
    # A from-zero answer: the total since the invasion, both ends.
    assert "is between 350 and 351" in headline(ask(history, "helicopters since 2022-02-24"))


def test_the_brief_says_an_undecided_personnel_figure_in_its_first_line() -> None:
    before = report(date(2024, 10, 6), personnel_units=660_470)
    on = replace(
        report(date(2024, 10, 7), personnel_units=660_470),
        transcriptions=("dataset", "orc-losses"),
        disputed={P: {"dataset": 661_630, "orc-losses": 660_470}},
        decided={P: "undecided"},
    )
    history = History([before, on])
    brief = compose_brief(history, brief_query("2024-10-07", date(2024, 10, 7)), date(2024, 10, 7))
    assert brief.title == (
        "Russian losses in the General Staff's report of 7 Oct 2024 (day 957): transcriptions "
        "disagree on personnel, and neither figure is stated as fact"
    )
    assert "between 0 and 1,160" in brief.key_points[0]
    assert not [p for p in brief.paragraphs if "660,470" in p and "totalled" in p]
    data = brief_json(brief)["personnel"]
    assert data["change"] is None and data["total"] is None
    assert data["undecided"] == {"change": [0, 1160], "total": [660_470, 661_630]}


def test_no_new_losses_is_never_said_where_the_report_states_a_rise() -> None:
    before = report(date(2025, 10, 26), personnel_units=1_136_890)
    on = replace(
        report(date(2025, 10, 27), personnel_units=1_136_890),
        stated={P: StatedChange(800, ("orc-losses",))},
    )
    said = headline(ask(History([before, on]), "on 2025-10-27", date(2025, 10, 28)))
    assert "No new losses" not in said and "remains" not in said
    assert said == (
        "The personnel totals between the General Staff's reports of 26 Oct 2025 (day 1341) and "
        "27 Oct 2025 (day 1342) are both 1,136,890, yet the report of 27 Oct 2025 (day 1342) "
        "states a change of +800: the transcribed totals and the report's own words disagree."
    )


def test_a_fall_only_one_transcription_shows_is_no_correction_by_the_general_staff() -> None:
    key = "mlrs"
    before = report(date(2024, 10, 13), mlrs=1231)
    slip = replace(
        report(date(2024, 10, 14), mlrs=1230),
        transcriptions=("dataset", "orc-losses"),
        disputed={key: {"dataset": 1232, "orc-losses": 1230}},
        decided={key: "stated_change"},  # a (made-up) statement that chose the fall
    )
    comparison = ask(History([before, slip]), "mlrs on 2024-10-14", date(2024, 10, 15))
    said = headline(comparison)
    assert "not a confirmed fall" in said and "a correction by" not in said
    (fell,) = [f for f in comparison.flags if f.kind == "decrease"]
    assert "it may be a transcription's slip, not a correction" in flag_text(fell, EN)
    # Where every transcription shows it, or the General Staff published one, it is one.
    agreed = History([before, report(date(2024, 10, 14), mlrs=1230)])
    assert "a correction by the General Staff" in headline(
        ask(agreed, "mlrs on 2024-10-14", date(2024, 10, 15))
    )
