"""The look-ups every comparison makes for each category: which series break merged others into
it, which merged it away, and the categories' order. Indexed for speed; checked here against
their definitions."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.categories import ordered
from bot.core.series_breaks import SERIES_BREAKS, break_into, merged_away

MAY_2022 = SERIES_BREAKS[0]


def test_the_may_2022_merge_is_found_only_across_it() -> None:
    assert MAY_2022.on == date(2022, 5, 1) and MAY_2022.into == "vehicles_fuel_tanks"
    assert break_into("vehicles_fuel_tanks", date(2022, 4, 30), date(2022, 5, 1)) is MAY_2022
    assert break_into("vehicles_fuel_tanks", date(2022, 5, 1), date(2022, 5, 2)) is None
    assert break_into("vehicles_fuel_tanks", date(2022, 4, 29), date(2022, 4, 30)) is None
    assert break_into("fuel_tanks", date(2022, 4, 30), date(2022, 5, 1)) is None
    assert merged_away("fuel_tanks", date(2022, 4, 30), date(2022, 5, 1)) is MAY_2022
    assert merged_away("vehicles_fuel_tanks", date(2022, 4, 30), date(2022, 5, 1)) is None
    assert merged_away("tanks", date(2022, 2, 24), date(2026, 8, 8)) is None


def test_the_look_ups_agree_with_their_definitions() -> None:
    keys = {"tanks", *(k for b in SERIES_BREAKS for k in (b.into, *b.members))}
    days = [b.on + timedelta(days=d) for b in SERIES_BREAKS for d in (-2, -1, 0, 1)]
    for key in keys:
        for after in days:
            for until in days:
                into = [b for b in SERIES_BREAKS if b.into == key and after < b.on <= until]
                away = [
                    b
                    for b in SERIES_BREAKS
                    if key in b.members and key != b.into and after < b.on <= until
                ]
                assert break_into(key, after, until) == (into[0] if into else None)
                assert merged_away(key, after, until) == (away[0] if away else None)


def test_categories_are_ordered_as_the_general_staff_lists_them_new_ones_after() -> None:
    keys = ["planes", "zz_new", "personnel_units", "tanks", "aa_new"]
    first = ordered(keys)
    assert first == ["personnel_units", "tanks", "planes", "aa_new", "zz_new"]
    first.append("changed by a caller")
    assert ordered(reversed(keys)) == ["personnel_units", "tanks", "planes", "aa_new", "zz_new"]
