"""Small payloads in the sources' real shapes, built from plain numbers so each test can say
exactly what it feeds in. The figures echo the real reports of late November 2022."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.core.reports import Report
from bot.core.war import day_number

# personnel, tanks on 2022-11-21 .. 2022-11-25 (real figures)
NOV_2022 = {
    "2022-11-21": (84210, 2895),
    "2022-11-22": (85000, 2895),
    "2022-11-23": (85410, 2897),
    "2022-11-24": (85720, 2898),
    "2022-11-25": (86150, 2899),
}


def api_record(on: str, personnel: int, tanks: int, **extra: int) -> dict[str, Any]:
    """A record as the API gives it; its `increase` (the day's change as the report states it)
    counts from the real figures of the day before where known, as the API's does."""
    day = day_number(date.fromisoformat(on))
    record = {
        "date": on,
        "day": day,
        "resource": f"https://www.facebook.com/GeneralStaff.ua/posts/{day}",
        "stats": {"personnel_units": personnel, "tanks": tanks, **extra},
    }
    before = NOV_2022.get((date.fromisoformat(on) - timedelta(days=1)).isoformat())
    if before is not None:
        record["increase"] = {"personnel_units": personnel - before[0], "tanks": tanks - before[1]}
    return record


def api_records(figures: dict[str, tuple[int, int]] = NOV_2022) -> list[dict[str, Any]]:
    return [api_record(on, p, t) for on, (p, t) in figures.items()]


def personnel_rows(figures: dict[str, tuple[int, int]] = NOV_2022) -> list[dict[str, Any]]:
    return [
        {
            "date": on,
            "day": day_number(date.fromisoformat(on)),
            "personnel": p,
            "personnel*": "about",
        }
        for on, (p, _t) in figures.items()
    ]


# Where most losses were, as the dataset gives it for these days (absent on some, as there).
DIRECTIONS = {"2022-11-23": "Avdiivka and Bakhmut", "2022-11-24": "Avdiivka, Bakhmut and Lyman"}


def equipment_rows(figures: dict[str, tuple[int, int]] = NOV_2022) -> list[dict[str, Any]]:
    return [
        {
            "date": on,
            "day": day_number(date.fromisoformat(on)),
            "tank": t,
            **({"greatest losses direction": DIRECTIONS[on]} if on in DIRECTIONS else {}),
        }
        for on, (_p, t) in figures.items()
    ]


def report(on: str | date, source: str = "test", **totals: int) -> Report:
    day = on if isinstance(on, date) else date.fromisoformat(on)
    return Report(date=day, day=day_number(day), source=source, totals=totals)


def daily(start: str, *values: int, key: str = "tanks") -> list[Report]:
    """Consecutive daily reports with one category."""
    first = date.fromisoformat(start)
    return [report(first + timedelta(days=i), **{key: v}) for i, v in enumerate(values)]


# Three days of The Economist's model file, as it is published (newest first).
MODEL = """\
date,days_since_invasion,estimate,ci_lower,ci_upper,pi_low,pi_high,type,country
2022-11-25,274,NA,NA,NA,NA,NA,casualties,russia
2022-11-24,273,93189.15946947776,81676.38102774118,106325.19509401469,63709.1,136311.5,casualties,russia
2022-11-23,272,92800.5,81300.2,105900.9,63400.0,135900.0,casualties,russia
"""  # fmt: skip
