"""orc-losses (lod-db/orc-losses, MIT): a second, independent transcription of the General
Staff's reports, as one JSON array, newest first.

Its keys map to ours by name (`rotaryWingAircraft` is `helicopters`); a null is "not listed",
never zero; there is no day number (it is the date's) and no direction of greatest losses.
`sourceUri`, the report's page on mil.gov.ua or mod.gov.ua, is the report's link. Before May
2022 `unarmoredVehicles` is the General Staff's "military auto" alone, as the dataset's is.

About 640 of those links carry the report's own headline rise in personnel in their slug
(`...-za-dobu-1-370-okupantiv-...`: "1,370 in a day"). It is read only where the slug says it
plainly: an approximate one ("blizko", "ponad") or a garbled one (`1-00-okupantiv`, `1-1700`) is
no stated rise, never a guess.
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

NAME = "orc-losses"
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
# "за добу 1 370 окупантів" / "за добу сили оборони знищили 1090 російських окупантів" in a
# slug: the number is 1-3 digits with `-`-separated thousands, or 4-5 digits written together.
STATED_RISE = re.compile(
    r"za-dobu-(?:sili-oboroni(?:-ukra[iy]?ini)?-znishhili-)?"
    r"(\d{1,3}(?:-\d{3})?|\d{4,5})-(?:rosijskih-|rosiyan-)?(?:okupant|osib)"
)


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
    rise = stated_rise(url)
    stated = (
        {"personnel_units": StatedChange(rise, (NAME,))}
        if rise is not None and "personnel_units" in totals
        else {}
    )
    return Report(date=on, day=day_number(on), source=NAME, totals=totals, url=url, stated=stated)


def stated_rise(url: str | None) -> int | None:
    """The personnel rise a report's link states in its slug, where it states one plainly."""
    if url is None:
        return None
    found = STATED_RISE.search(urlsplit(url).path)
    return int(found.group(1).replace("-", "")) if found else None


class OrcLossesSource(HttpSource):
    """Reads the whole file (about 450 kB) from its URL; the poll keeps what is new."""

    name = NAME

    async def read_parts(self, since: date | None, checks: Checks) -> list[Report]:
        url = self.base_url.rstrip("/")
        return parse_file(await get_json(self.session, url), redact_url(url), checks)
