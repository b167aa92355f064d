"""Series breaks: days on which the General Staff merged figures it used to give apart.

Kept as data, one row per break, so the next one is a row, not code. A comparison whose base
report predates a break counts the merged figure from the sum of its members in the base report
(on 1 May 2022, "vehicles and fuel tanks" 1,796 continues "military auto" 1,701 plus "fuel tank"
76 of 30 Apr: +19, not +95). Pure data and look-ups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SeriesBreak:
    on: date  # the first report that gives the merged figure
    into: str  # the key of the merged figure
    members: tuple[str, ...]  # the keys whose sum it continues, as reported before `on`
    # What the members were called before the break, per language.
    names: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


SERIES_BREAKS: tuple[SeriesBreak, ...] = (
    SeriesBreak(
        on=date(2022, 5, 1),
        into="vehicles_fuel_tanks",
        members=("vehicles_fuel_tanks", "fuel_tanks"),
        names={
            "en": "military vehicles and fuel tanks",
            "uk": "автомобільну техніку й автоцистерни",
        },
    ),
)


def _by_key() -> tuple[dict[str, list[SeriesBreak]], dict[str, list[SeriesBreak]]]:
    """The breaks by the key they merged into, and by each key they merged away: every
    comparison asks for each of its categories, and most have none."""
    into: dict[str, list[SeriesBreak]] = {}
    away: dict[str, list[SeriesBreak]] = {}
    for merge in SERIES_BREAKS:
        into.setdefault(merge.into, []).append(merge)
        for member in merge.members:
            if member != merge.into:
                away.setdefault(member, []).append(merge)
    return into, away


_INTO, _AWAY = _by_key()


def has_break_into(key: str) -> bool:
    """Whether other series were ever merged into `key`."""
    return key in _INTO


def break_into(key: str, after: date, until: date) -> SeriesBreak | None:
    """The break that merged other series into `key` after `after`, on or before `until`."""
    return _first_between(_INTO.get(key, ()), after, until)


def merged_away(key: str, after: date, until: date) -> SeriesBreak | None:
    """The break after which `key` is no longer given apart (it is counted in another)."""
    return _first_between(_AWAY.get(key, ()), after, until)


def _first_between(breaks: Iterable[SeriesBreak], after: date, until: date) -> SeriesBreak | None:
    for found in breaks:
        if after < found.on <= until:
            return found
    return None
