"""orc-losses (lod-db/orc-losses, MIT): a second, independent transcription of the General
Staff's reports, as one JSON array, newest first.

Its keys map to ours by name (`rotaryWingAircraft` is `helicopters`); a null is "not listed",
never zero; there is no day number (it is the date's) and no direction of greatest losses.
`sourceUri`, the report's page on mil.gov.ua or mod.gov.ua, is the report's link. Before May
2022 `unarmoredVehicles` is the General Staff's "military auto" alone, as the dataset's is.

About 700 of those links carry the report's own headline rises in their slug
(`...-za-dobu-1-370-okupantiv-527-bpla-ta-48-artsistem`: "1,370 personnel, 527 UAVs and 48
artillery systems in a day"; tanks, armoured vehicles, MLRS, planes, helicopters and cruise
missiles now and then). They are read only where the slug says them plainly: an approximate one
("blizko", "ponad"), a garbled one (`1-00-okupantiv`, `1-1700`) or a page posted again
(`...-artsistemi-1`: 9 of 21 such pages are the day before's) is no stated rise, never a guess.
On the real file 701 links state 1,856 rises; 1,831 are the change the dataset's totals give.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from bot.core.reports import Report, StatedChange
from bot.core.war import day_number
from bot.sources.base import (
    Checks,
    PayloadError,
    check_date,
    check_total,
    clean_url,
    parse_date_field,
    parse_records,
    require_totals,
)
from bot.sources.http import HttpSource, get_json, redact_url
from bot.sources.table import source

NAME = source("orc-losses").name
KEYS = {
    "personnel": "personnel_units",
    "tanks": "tanks",
    "afvs": "armoured_fighting_vehicles",
    "artillery": "artillery_systems",
    "airDefense": "aa_warfare_systems",
    "rocketSystems": "mlrs",
    "unarmoredVehicles": "vehicles_fuel_tanks",
    "fixedWingAircraft": "planes",
    "rotaryWingAircraft": "helicopters",
    "uavs": "uav_systems",
    "ships": "warships_cutters",
    "submarines": "submarines",
    "specialEquipment": "special_military_equip",
    "missiles": "cruise_missiles",
}
LINK = "sourceUri"
# The headline of a report's page names the day's rises in its slug: "за добу 1 370 окупантів,
# 527 БпЛА та 48 артсистем" (`za-dobu-1-370-okupantiv-527-bpla-ta-48-artsistem`), or since 2026
# "бойові втрати ворога на 19 січня 2026 року: 1 020 окупантів, ...". Read from there to where
# totals begin ("загальні втрати ... становлять"); a number is 1-3 digits with `-`-separated
# thousands, or up to 5 digits written together, after a word, never after an approximation.
DAILY = re.compile(r"(?:^|-)(?:za-dobu|na-\d{1,2}-[a-z]+-20\d\d-roku)-")
TOTALS = re.compile(r"-(?:zagalni|stanovlyat|vid-pochatku|vtratila|uzhe|vzhe)-")
REPOSTED = re.compile(
    r"[a-z]-\d$"
)  # `...-artsistemi-1`: a page posted again, often the day before's
UNITS = {
    "personnel_units": r"(?:rosijskih-)?(?:okupant[a-z]*|osib|zagarbnik[a-z]*)",
    "uav_systems": r"bpla",
    "artillery_systems": r"(?:artsistem[a-z]*|artisistem[a-z]*|artilerijsk[a-z]*-sistem[a-z]*)",
    "tanks": r"tank(?:iv|i)?",
    "armoured_fighting_vehicles": r"(?:bbm|bronemashin[a-z]*)",
    "mlrs": r"rszv",
    "planes": r"litak(?:iv|i)?",
    "helicopters": r"(?:vertolot[a-z]*|vertolit|gelikopter[a-z]*)",
    "cruise_missiles": r"krilat[a-z]*-raket[a-z]*",
}
PLAIN = r"(?<=[a-z]-)(?<!blizko-)(?<!ponad-)(?<!majzhe-)(?<!bilshe-)(?<!priblizno-)(?<!do-)"
RISES = {
    key: re.compile(rf"{PLAIN}(\d{{1,3}}(?:-\d{{3}})?|\d{{4,5}})-{unit}(?=-|$)")
    for key, unit in UNITS.items()
}


def looks_like(payload: Any) -> bool:
    """An orc-losses file, told apart from the dataset's rows by its keys."""
    return (
        isinstance(payload, list)
        and bool(payload)
        and isinstance(payload[0], dict)
        and LINK in payload[0]
        and "day" not in payload[0]
    )


def parse_file(records: Any, where: str, checks: Checks | None = None) -> list[Report]:
    """Validate and convert the file (newest first), oldest first."""
    reports = parse_records(records, where, _parse_record, "record", checks)
    return sorted(reports, key=lambda r: r.date)


def _parse_record(record: Any, where: str, not_after: date | None = None) -> Report:
    if not isinstance(record, dict):
        raise PayloadError(f"{where}: a record must be an object")
    on = check_date(parse_date_field(record.get("date"), where), where, not_after)
    where = f"{where} ({on})"
    unknown = [k for k in record if k not in KEYS and k not in ("date", LINK)]
    if unknown:
        raise PayloadError(f"{where}: unknown keys {sorted(map(str, unknown))[:3]}")
    totals: dict[str, int] = {}
    for name, key in KEYS.items():
        total = check_total(record.get(name), f"{where} {name}", key)
        if total is not None:
            totals[key] = total
    require_totals(totals, where)
    url = clean_url(record.get(LINK), where)
    stated = {
        key: StatedChange(rise, (NAME,))
        for key, rise in stated_rises(url).items()
        if key in totals and rise <= totals[key]
    }
    return Report(date=on, day=day_number(on), source=NAME, totals=totals, url=url, stated=stated)


def stated_rises(url: str | None) -> dict[str, int]:
    """The day's rises a report's link states in its slug, by category, where it states them
    plainly: an approximation, a garbled number, two numbers for one category or a page posted
    again is no stated rise, never a guess."""
    if url is None:
        return {}
    slug = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    start = DAILY.search(slug)
    if start is None or REPOSTED.search(slug):
        return {}
    daily = "-" + slug[start.start() :].lstrip("-")
    end = TOTALS.search(daily, 1)
    daily = daily[: end.start()] if end else daily
    found = {}
    for key, pattern in RISES.items():
        rises = {int(m.group(1).replace("-", "")) for m in pattern.finditer(daily)}
        if len(rises) == 1:
            found[key] = rises.pop()
    return found


class OrcLossesSource(HttpSource):
    """Reads the whole file (about 450 kB) from its URL; the poll keeps what is new."""

    name = NAME

    async def read_parts(self, since: date | None, checks: Checks) -> list[Report]:
        url = self.base_url.rstrip("/")
        return parse_file(await get_json(self.session, url), redact_url(url), checks)


CLIENT = OrcLossesSource
parse = parse_file  # an imported file: `looks_like` tells it by its keys
