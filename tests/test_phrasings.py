"""The words reporters actually type, in English and Ukrainian: every phrasing in the table is
answered exactly as its canonical form is (the same two reports, the same change, the same
flags), and a Ukrainian question is answered in Ukrainian."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.answer import answer_query
from bot.delta import Comparison
from bot.query.grammar import Query, parse_query
from bot.reports import WAR_START, History, Report, day_number

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

# (what a reporter types, the canonical form it must mean)
PERIODS = [
    # the command's own name
    ("losses since 2022-11-01", "since 2022-11-01"),
    ("/losses since 2022-11-01", "since 2022-11-01"),
    ("losses on 2022-11-24", "on 2022-11-24"),
    ("/losses tanks last 7 days", "tanks last 7 days"),
    ("Russian losses since 2022-11-01", "since 2022-11-01"),
    # dates, in every way they are written
    ("since 1 Nov 2022", "since 2022-11-01"),
    ("since Nov 1, 2022", "since 2022-11-01"),
    ("since November 1 2022", "since 2022-11-01"),
    ("since 1st november 2022", "since 2022-11-01"),
    ("since 01.11.2022", "since 2022-11-01"),
    ("from 2022-11-01", "since 2022-11-01"),
    ("on 24 Nov 2022", "on 2022-11-24"),
    ("on Nov 24, 2022", "on 2022-11-24"),
    ("24.11.2022", "on 2022-11-24"),
    ("2022-11-24", "on 2022-11-24"),
    ("for 24 November 2022", "on 2022-11-24"),
    ("on 24.11", "on 2026-11-24"),
    ("yesterday", "on 2026-11-24"),
    ("on yesterday", "on 2026-11-24"),
    ("on monday", "on 2026-11-23"),
    ("since monday", "since 2026-11-23"),
    ("since November 1", "since 2026-11-01"),
    ("since nov 1", "since 2026-11-01"),
    ("latest", ""),
    ("now", ""),
    ("today", ""),
    # the start of the invasion
    ("since the start", "since 2022-02-24"),
    ("since the invasion", "since 2022-02-24"),
    ("since the beginning", "since 2022-02-24"),
    ("since the start of the full-scale invasion", "since 2022-02-24"),
    ("since the beginning of the war", "since 2022-02-24"),
    ("since invasion", "since 2022-02-24"),
    ("all time", "since 2022-02-24"),
    ("total", "since 2022-02-24"),
    ("since 24 feb 2022", "since 2022-02-24"),
    # ranges
    ("between 1 Mar 2022 and 31 Mar 2022", "between 2022-03-01 and 2022-03-31"),
    ("from 2022-03-01 to 2022-03-31", "between 2022-03-01 and 2022-03-31"),
    ("from 1 mar to 31 mar 2022", "between 2022-03-01 and 2022-03-31"),
    ("from 1.3.2022 until 31.3.2022", "between 2022-03-01 and 2022-03-31"),
    ("between 2022-03-01 - 2022-03-31", "between 2022-03-01 and 2022-03-31"),
    ("from nov 1 to nov 20", "between 2026-11-01 and 2026-11-20"),
    ("from october 1 to october 31", "between 2026-10-01 and 2026-10-31"),
    # whole periods
    ("2023", "between 2023-01-01 and 2023-12-31"),
    ("in 2023", "between 2023-01-01 and 2023-12-31"),
    ("for 2023", "between 2023-01-01 and 2023-12-31"),
    ("during 2023", "between 2023-01-01 and 2023-12-31"),
    ("march 2022", "between 2022-03-01 and 2022-03-31"),
    ("in March 2022", "between 2022-03-01 and 2022-03-31"),
    ("mar 2022", "between 2022-03-01 and 2022-03-31"),
    ("for march 2022", "between 2022-03-01 and 2022-03-31"),
    ("in march", "between 2026-03-01 and 2026-03-31"),
    ("december", "between 2025-12-01 and 2025-12-31"),
    ("q1 2023", "between 2023-01-01 and 2023-03-31"),
    ("2023 q1", "between 2023-01-01 and 2023-03-31"),
    ("in q1 2023", "between 2023-01-01 and 2023-03-31"),
    ("q4 2024", "between 2024-10-01 and 2024-12-31"),
    ("2023-W10", "between 2023-03-06 and 2023-03-12"),
    ("2023w10", "between 2023-03-06 and 2023-03-12"),
    ("week 10 2023", "between 2023-03-06 and 2023-03-12"),
    ("last month", "between 2026-10-01 and 2026-10-31"),
    ("last year", "between 2025-01-01 and 2025-12-31"),
    ("last week", "between 2026-11-16 and 2026-11-22"),
    ("last quarter", "between 2026-07-01 and 2026-09-30"),
    ("this year", "since 2026-01-01"),
    ("ytd", "since 2026-01-01"),
    ("year to date", "since 2026-01-01"),
    ("since 2026", "since 2026-01-01"),
    ("this month", "since 2026-11-01"),
    ("this week", "since 2026-11-23"),
    ("this quarter", "since 2026-10-01"),
    ("past week", "since 2026-11-19"),
    ("last 7 days", "since 2026-11-19"),
    ("past 7 days", "since 2026-11-19"),
    ("last 1 week", "since 2026-11-19"),
    ("last 2 weeks", "since 2026-11-12"),
    ("last 14 days", "since 2026-11-12"),
    ("last 2 days", "since 2026-11-24"),
    ("past 2 days", "since 2026-11-24"),
    ("past month", "since 2026-10-26"),
    ("last 1 month", "since 2026-10-26"),
    ("past year", "since 2025-11-26"),
    # the General Staff's day numbers
    ("day 274", "on 2022-11-24"),
    ("on day 274", "on 2022-11-24"),
    ("days 270 to 274", "between 2022-11-20 and 2022-11-24"),
    ("days 270-274", "between 2022-11-20 and 2022-11-24"),
    ("days 270 - 274", "between 2022-11-20 and 2022-11-24"),
    ("from day 270 to day 274", "between 2022-11-20 and 2022-11-24"),
    ("between day 270 and day 274", "between 2022-11-20 and 2022-11-24"),
    ("since day 270", "since 2022-11-20"),
    # Ukrainian
    ("з 1 листопада 2022", "since 2022-11-01"),
    ("з 1 листопада 2022 року", "since 2022-11-01"),
    ("від 1 листопада 2022", "since 2022-11-01"),
    ("починаючи з 1 листопада 2022", "since 2022-11-01"),
    ("з 01.11.2022", "since 2022-11-01"),
    ("з 1 листопада", "since 2026-11-01"),
    ("за 24.11.2022", "on 2022-11-24"),
    ("за 24 листопада 2022", "on 2022-11-24"),
    ("за 24 листопада 2022 р.", "on 2022-11-24"),
    ("24.11.2022", "on 2022-11-24"),
    ("за вчора", "on 2026-11-24"),
    ("вчора", "on 2026-11-24"),
    ("з понеділка", "since 2026-11-23"),
    ("за добу", ""),
    ("останні дані", ""),
    ("сьогодні", ""),
    ("з початку вторгнення", "since 2022-02-24"),
    ("з початку повномасштабного вторгнення", "since 2022-02-24"),
    ("від початку війни", "since 2022-02-24"),
    ("за весь час", "since 2022-02-24"),
    ("за тиждень", "since 2026-11-19"),
    ("за останній тиждень", "since 2026-11-19"),
    ("останні 7 днів", "since 2026-11-19"),
    ("за останні 7 днів", "since 2026-11-19"),
    ("останні 2 тижні", "since 2026-11-12"),
    ("за місяць", "since 2026-10-26"),
    ("за рік", "since 2025-11-26"),
    ("цього тижня", "since 2026-11-23"),
    ("цього місяця", "since 2026-11-01"),
    ("цього року", "since 2026-01-01"),
    ("з початку року", "since 2026-01-01"),
    ("минулого тижня", "between 2026-11-16 and 2026-11-22"),
    ("за минулий тиждень", "between 2026-11-16 and 2026-11-22"),
    ("минулого місяця", "between 2026-10-01 and 2026-10-31"),
    ("минулого року", "between 2025-01-01 and 2025-12-31"),
    ("у березні 2022", "between 2022-03-01 and 2022-03-31"),
    ("в березні 2022 року", "between 2022-03-01 and 2022-03-31"),
    ("за березень 2022", "between 2022-03-01 and 2022-03-31"),
    ("березень 2022", "between 2022-03-01 and 2022-03-31"),
    ("у 2023 році", "between 2023-01-01 and 2023-12-31"),
    ("за 2023 рік", "between 2023-01-01 and 2023-12-31"),
    ("2023 рік", "between 2023-01-01 and 2023-12-31"),
    ("1 квартал 2023", "between 2023-01-01 and 2023-03-31"),
    ("у першому кварталі 2023", "between 2023-01-01 and 2023-03-31"),
    ("iv квартал 2024", "between 2024-10-01 and 2024-12-31"),
    ("з 1 березня по 31 березня 2022", "between 2022-03-01 and 2022-03-31"),
    ("від 1 березня до 31 березня 2022", "between 2022-03-01 and 2022-03-31"),
    ("між 1 березня і 31 березня 2022", "between 2022-03-01 and 2022-03-31"),
    ("день 274", "on 2022-11-24"),
    ("за день 274", "on 2022-11-24"),
    ("дні 270–274", "between 2022-11-20 and 2022-11-24"),
    ("дні 270-274", "between 2022-11-20 and 2022-11-24"),
    ("дні 270 до 274", "between 2022-11-20 and 2022-11-24"),
]
CATEGORIES = [
    ("tanks on 2022-11-24", "tanks on 2022-11-24"),
    ("tank on 2022-11-24", "tanks on 2022-11-24"),
    ("on 2022-11-24 tanks", "tanks on 2022-11-24"),
    ("soldiers since 2022-11-01", "personnel since 2022-11-01"),
    ("troops since 2022-11-01", "personnel since 2022-11-01"),
    ("people since 2022-11-01", "personnel since 2022-11-01"),
    ("apc since 2022-11-01", "armoured combat vehicles since 2022-11-01"),
    ("armour since 2022-11-01", "armoured combat vehicles since 2022-11-01"),
    ("ifv since 2022-11-01", "armoured combat vehicles since 2022-11-01"),
    ("guns in 2023", "artillery in 2023"),
    ("mrl in 2023", "mlrs in 2023"),
    ("rocket launchers in 2023", "mlrs in 2023"),
    ("air defense in 2023", "air defence in 2023"),
    ("aa in 2023", "air defence in 2023"),
    ("jets in 2023", "aircraft in 2023"),
    ("planes in 2023", "aircraft in 2023"),
    ("helis in 2023", "helicopters in 2023"),
    ("uavs last week", "drones last week"),
    ("uav last week", "drones last week"),
    ("boats last week", "ships last week"),
    ("navy last week", "ships last week"),
    ("special last week", "special equipment last week"),
    ("tanks and artillery in march 2022", "tanks artillery in march 2022"),
    ("tanks, artillery in march 2022", "tanks artillery in march 2022"),
    ("in march 2022 tanks artillery", "tanks artillery in march 2022"),
    ("TANKS IN MARCH 2022", "tanks in march 2022"),
    ("танки за 24.11.2022", "tanks on 2022-11-24"),
    ("танків за 24.11.2022", "tanks on 2022-11-24"),
    ("особовий склад з 1 листопада 2022", "personnel since 2022-11-01"),
    ("особового складу з 1 листопада 2022", "personnel since 2022-11-01"),
    ("втрати особового складу з 1 листопада 2022", "personnel since 2022-11-01"),
    ("ббм з 1 листопада 2022", "armoured combat vehicles since 2022-11-01"),
    ("бойові броньовані машини з 1 листопада 2022", "apc since 2022-11-01"),
    ("артилерія у 2023 році", "artillery in 2023"),
    ("артилерійські системи у 2023 році", "artillery in 2023"),
    ("рсзв у 2023 році", "mlrs in 2023"),
    ("ппо у 2023 році", "air defence in 2023"),
    ("засоби ппо у 2023 році", "air defence in 2023"),
    ("літаки у 2023 році", "aircraft in 2023"),
    ("гелікоптери у 2023 році", "helicopters in 2023"),
    ("вертольоти у 2023 році", "helicopters in 2023"),
    ("бпла за тиждень", "drones past week"),
    ("дрони за тиждень", "drones past week"),
    ("кораблі за тиждень", "ships past week"),
    ("спецтехніка за тиждень", "special equipment past week"),
    ("танки і артилерія у березні 2022", "tanks artillery in march 2022"),
    ("танки та артилерія у березні 2022", "tanks artillery in march 2022"),
    ("у березні 2022 танки", "tanks in march 2022"),
]
TABLE = PERIODS + CATEGORIES


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
