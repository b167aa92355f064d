"""The /losses grammar, as a table of what reporters type and what it must mean."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.query.grammar import (
    Between,
    Help,
    Latest,
    On,
    Query,
    Since,
    UsageError,
    parse_query,
)
from bot.render.flags import said

TODAY = date(2022, 11, 25)  # a Friday


@pytest.mark.parametrize(
    ("text", "period", "categories"),
    [
        ("", Latest(), ()),
        ("latest", Latest(), ()),
        ("today", Latest(), ()),
        ("on 2022-11-24", On(date(2022, 11, 24)), ()),
        ("2022-11-24", On(date(2022, 11, 24)), ()),
        ("on 24.11.2022", On(date(2022, 11, 24)), ()),
        ("since 2022-11-01", Since(date(2022, 11, 1)), ()),
        ("since 1 Nov 2022", Since(date(2022, 11, 1)), ()),
        ("since Nov 1, 2022", Since(date(2022, 11, 1)), ()),
        ("since November 1", Since(date(2022, 11, 1)), ()),
        ("since 1st november", Since(date(2022, 11, 1)), ()),
        # "the most recent such date not in the future": December is last year's.
        ("since December 1", Since(date(2021, 12, 1)), ()),
        ("since monday", Since(date(2022, 11, 21)), ()),
        ("since friday", Since(date(2022, 11, 25)), ()),
        ("on yesterday", On(date(2022, 11, 24)), ()),
        ("yesterday", On(date(2022, 11, 24)), ()),
        (
            "between 2022-03-01 and 2022-03-31",
            Between(date(2022, 3, 1), date(2022, 3, 31)),
            (),
        ),
        ("from 2022-03-01 to 2022-03-31", Between(date(2022, 3, 1), date(2022, 3, 31)), ()),
        ("from 1 Mar 2022 until 31 Mar 2022", Between(date(2022, 3, 1), date(2022, 3, 31)), ()),
        ("from 2022-03-01", Since(date(2022, 3, 1)), ()),
        ("tanks last 7 days", Since(date(2022, 11, 19)), ("tanks",)),
        ("last 2 weeks", Since(date(2022, 11, 12)), ()),
        ("past day", Since(date(2022, 11, 25)), ()),
        ("this week", Since(date(2022, 11, 21)), ()),
        ("this month", Since(date(2022, 11, 1)), ()),
        ("tanks since 2022-11-01", Since(date(2022, 11, 1)), ("tanks",)),
        (
            "since 2022-11-01 tanks artillery",
            Since(date(2022, 11, 1)),
            ("tanks", "artillery_systems"),
        ),
        (
            "Soldiers and drones since Nov 1",
            Since(date(2022, 11, 1)),
            ("personnel_units", "uav_systems"),
        ),
        ("air defence on 2022-11-24", On(date(2022, 11, 24)), ("aa_warfare_systems",)),
        ("air defense", Latest(), ("aa_warfare_systems",)),
        ("apc afv armour", Latest(), ("armoured_fighting_vehicles",)),
        ("jets, helicopters", Latest(), ("planes", "helicopters")),
        (
            "ships missiles vehicles submarines",
            Latest(),
            (
                "warships_cutters",
                "cruise_missiles",
                "vehicles_fuel_tanks",
                "submarines",
            ),
        ),
        ("special equipment this week", Since(date(2022, 11, 21)), ("special_military_equip",)),
        ("troops mlrs", Latest(), ("personnel_units", "mlrs")),
    ],
)
def test_reporters_phrasing_means_one_period(text: str, period: object, categories: tuple) -> None:
    assert parse_query(text, TODAY) == Query(text.strip(), period, categories)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("since", "Expected a date after “since”"),
        ("since banana", "Expected a date after “since”, got “banana”"),
        ("on 2023-02-30", "is not a date in the calendar"),
        ("between 2022-03-31 and 2022-03-01", "must not be after"),
        ("between 2022-03-01", "Expected “and”"),
        ("last seven days", "last N days"),
        ("last 7 fortnights", "last N days"),
        ("tanks bananas", "I don't understand “bananas”"),
        ("since 2022-11-01 tanks 42", "I don't understand “42”"),
    ],
)
def test_malformed_text_is_a_usage_error_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(UsageError) as error:
        parse_query(text, TODAY)
    assert reason in said(error.value)


def test_help_asks_for_the_usage_text() -> None:
    assert parse_query(" help ", TODAY) == Help()


def test_a_category_new_to_the_bot_is_found_by_its_label() -> None:
    query = parse_query("ground robotic systems since May 3", TODAY, ["ground_robotic_systems"])
    assert isinstance(query, Query)
    assert query.categories == ("ground_robotic_systems",)
    assert query.period == Since(date(2022, 5, 3))


def test_new_categories_are_found_in_the_store_that_lists_them_only() -> None:
    """Their phrases are made once per set of keys: each history's own set is consulted."""
    for keys, text, key in (
        (frozenset({"laser_weapons", "tanks"}), "laser weapons and tanks", "laser_weapons"),
        (frozenset({"naval_drones"}), "tanks naval_drones", "naval_drones"),
    ):
        query = parse_query(text, TODAY, keys)
        assert isinstance(query, Query) and key in query.categories
    with pytest.raises(UsageError) as error:
        parse_query("laser weapons", TODAY, frozenset({"naval_drones"}))
    assert "laser weapons" in said(error.value)


def test_29_february_without_a_year_is_the_last_leap_day() -> None:
    query = parse_query("on 29 feb", date(2023, 6, 1))
    assert isinstance(query, Query) and query.period == On(date(2020, 2, 29))


@given(st.text(max_size=60))
def test_any_text_gives_a_query_or_a_usage_error_never_an_exception(text: str) -> None:
    try:
        parse_query(text, TODAY)
    except UsageError as error:
        assert said(error)


SPACE = st.text(" \t\n\xa0\u2003\x1c\x85\u200b", max_size=3)  # \u200b: not a space
ISO_TEXTS = st.builds(
    "{}{}{}{}{}".format,
    SPACE,
    st.sampled_from(["since", "on", "Since", "ON", "ſince", "for", "from", "sinc", "onn"]),
    SPACE,
    st.one_of(
        st.dates().map(str),
        st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]-[0-9]{1,2}", fullmatch=True),
    ),
    st.one_of(SPACE, st.sampled_from(["?", " tanks", ",", " public"])),
)


@given(ISO_TEXTS, st.dates())
def test_since_or_on_an_iso_date_in_odd_spacing_reads_or_is_refused(text: str, today: date) -> None:
    try:
        query = parse_query(text, today)
    except UsageError as error:
        assert said(error)
        return
    assert isinstance(query, Query | Help)


WORDS = [
    "since",
    "on",
    "between",
    "and",
    "from",
    "to",
    "last",
    "this",
    "week",
    "days",
    "7",
    "tanks",
    "air",
    "defence",
    "nov",
    "1",
    "2022",
    "2022-11-01",
    "31.02.2022",
    "monday",
    "yesterday",
    "today",
    "29",
    "feb",
    "help",
    ",",
    "10000000000",
]


@given(st.lists(st.sampled_from(WORDS), max_size=8))
def test_any_mix_of_grammar_words_gives_a_query_or_a_usage_error(words: list[str]) -> None:
    try:
        parse_query(" ".join(words), TODAY)
    except UsageError as error:
        assert said(error)
