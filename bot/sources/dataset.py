"""The public daily dataset (PetroIvaniuk/2022-Ukraine-Russia-War-Dataset): two JSON files,
`russia_losses_personnel.json` and `russia_losses_equipment.json`, each an array of rows.

Column names changed over time and are mapped to canonical keys by name, never by position.
Before May 2022 the General Staff counted "military auto" and "fuel tank" apart; "military auto"
alone is what later became `vehicles_fuel_tanks` (the API agrees), and "fuel tank" is kept as
its own category; `bot.core.series_breaks` joins them across the merge. The text column "greatest
losses direction" is not a figure: it is the report's `directions`.

A third file, `russia_losses_equipment_correction.json`, has the same columns but signed
adjustments, not totals: the part of a day's change the General Staff marked as a correction.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from bot.core.reports import Correction, Report
from bot.core.war import day_number
from bot.sources.base import (
    Checks,
    PayloadError,
    check_date,
    check_day,
    check_key,
    check_total,
    clean_text,
    parse_date_field,
    parse_records,
    require_totals,
)
from bot.sources.http import HttpSource, get_json, redact_url
from bot.sources.table import source

log = logging.getLogger(__name__)
NAME = source("dataset").name
FILES = ("russia_losses_personnel.json", "russia_losses_equipment.json")

COLUMNS = {
    "personnel": "personnel_units",
    "POW": "prisoners_of_war",
    "aircraft": "planes",
    "helicopter": "helicopters",
    "tank": "tanks",
    "APC": "armoured_fighting_vehicles",
    "field artillery": "artillery_systems",
    "MRL": "mlrs",
    "anti-aircraft warfare": "aa_warfare_systems",
    "drone": "uav_systems",
    "naval ship": "warships_cutters",
    "military auto": "vehicles_fuel_tanks",
    "vehicles and fuel tanks": "vehicles_fuel_tanks",
    "fuel tank": "fuel_tanks",
    "mobile SRBM system": "atgm_srbm_systems",
    "cruise missiles": "cruise_missiles",
    "special equipment": "special_military_equip",
    "submarines": "submarines",
}
DIRECTIONS = "greatest losses direction"  # text: where most losses were
TEXT_COLUMNS = {DIRECTIONS}
# "personnel*": how exact the personnel figure is ("about", "more").
QUALIFIER_SUFFIX = "*"
_QUALIFIER = re.compile(r"[a-z]+(?: [a-z]+)?")  # "about", "more", "more than": short words only


def parse_rows(rows: Any, where: str, checks: Checks | None = None) -> list[Report]:
    """Validate and convert one dataset file (either of the two)."""
    return parse_records(rows, where, _parse_row, "row", checks)


def _parse_row(row: Any, where: str, not_after: date | None = None) -> Report:
    if not isinstance(row, dict):
        raise PayloadError(f"{where}: a row must be an object")
    on = check_date(parse_date_field(row.get("date"), where), where, not_after)
    where = f"{where} ({on})"
    day = check_day(row.get("day"), on, where)
    totals: dict[str, int] = {}
    qualifiers: dict[str, str] = {}
    for column, value in row.items():
        if column in ("date", "day") or column in TEXT_COLUMNS:
            continue
        if isinstance(column, str) and column.endswith(QUALIFIER_SUFFIX):
            wording = value.strip().lower() if isinstance(value, str) else ""
            if _QUALIFIER.fullmatch(wording):
                qualifiers[_key(column[: -len(QUALIFIER_SUFFIX)], where)] = wording
            elif wording:
                log.warning("%s: dropped the wording %.40r of %r", where, value, column)
            continue
        key = _key(column, where)
        total = check_total(value, f"{where} {key}", key)
        if total is not None:
            if key in totals and totals[key] != total:
                raise PayloadError(f"{where}: two columns for {key} disagree")
            totals[key] = total
    require_totals(totals, where)
    return Report(
        date=on,
        day=day,
        source=NAME,
        totals=totals,
        qualifiers={k: v for k, v in qualifiers.items() if k in totals},
        directions=clean_text(row.get(DIRECTIONS), where),
    )


def is_corrections_file(location: str) -> bool:
    """The correction file is told apart by its name: its rows look like the equipment file's."""
    return "correction" in location.rsplit("/", 1)[-1]


def parse_corrections(rows: Any, where: str) -> list[Correction]:
    """Validate the correction file: every row a date, its day and signed integers. Zero
    adjustments (most cells) are not corrections and are not kept.

    The date rules: the upstream file gives the day before's number on two rows (2022-10-13 is
    "day 231", not 232), so a day number one short is accepted with a warning; any other
    mismatch rejects the file."""
    if not isinstance(rows, list):
        raise PayloadError(f"{where}: expected a JSON array of rows, got {type(rows).__name__}")
    found: list[Correction] = []
    seen: set[date] = set()
    for i, row in enumerate(rows):
        spot = f"{where} row {i}"
        if not isinstance(row, dict):
            raise PayloadError(f"{spot}: a row must be an object")
        on = parse_date_field(row.get("date"), spot)
        day = row.get("day")
        if isinstance(day, int) and not isinstance(day, bool) and day == day_number(on) - 1:
            log.warning("%s (%s): day %d is one short of the date's day %d; the date is used",
                        spot, on, day, day_number(on))  # fmt: skip
        else:
            check_day(day, on, f"{spot} ({on})")
        if on in seen:
            raise PayloadError(f"{where}: {on} appears in two rows")
        seen.add(on)
        for column, value in row.items():
            if column in ("date", "day") or column in TEXT_COLUMNS:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise PayloadError(f"{spot} ({on}) {column!r}: expected an integer, got {value!r}")
            if value:
                found.append(Correction(on, _key(column), value, NAME))
    return found


def _key(column: str, where: str = "") -> str:
    return COLUMNS.get(column) or check_key(column, where)


class DatasetSource(HttpSource):
    """Reads both files from a base URL (a folder of the dataset) and joins them by date."""

    name = NAME

    async def read_parts(self, since: date | None, checks: Checks) -> list[Report]:
        parts: list[Report] = []
        for file in FILES:
            url = self.base_url + file
            parts += parse_rows(await get_json(self.session, url), redact_url(url), checks)
        return parts


CLIENT = DatasetSource
parse = parse_rows


def looks_like(payload: Any) -> bool:
    """Any list of rows (tried after orc-losses, whose records are a list too)."""
    return isinstance(payload, list)
