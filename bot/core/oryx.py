"""Oryx's visually confirmed Russian equipment losses: a second, independent source, kept apart
from the General Staff's reports (never mixed into their totals or changes). Pure: reading the
CSV of scarnecchia/oryx_data, the value of a type on a date, and how Oryx's types meet the
General Staff's categories.

The file's quirks (see `../shared/data/oryx/README.md`) are handled here, once:
- sparse dates: a type's value on a date is its last row on or before it; a type with no row
  on or before a date has no value then (unknown, never zero);
- summary rows disguised as types (`All Types`, `Losses of … - 13080, of which …`) are skipped;
- a renamed type (`Trucks, Vehicles, and Jeeps`) is read under its new name;
- decreases (Oryx removing duplicates) are kept as given: a count is cited, never a change.

A figure is a lower bound (only losses with photo or video evidence) and is always cited with
the date of the scrape it comes from.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

ORYX_PARTY = "Oryx"
ORYX_SOURCE = "Oryx (oryxspioenkop.com), via scarnecchia/oryx_data"
ORYX_URL = "https://www.oryxspioenkop.com/2022/02/attack-on-europe-documenting-equipment.html"
HEADER = (
    "country",
    "equipment_type",
    "destroyed",
    "abandoned",
    "captured",
    "damaged",
    "type_total",
    "date_recorded",
)
PARTS = ("destroyed", "abandoned", "captured", "damaged")
COUNTRY = "Russia"  # the file also counts Ukraine's losses; the bot is about Russia's
RENAMED = {"Trucks, Vehicles, and Jeeps": "Trucks, Vehicles, Jeeps, and Trains"}
MAX_TYPE_CHARS = 200
MAX_COUNT = 1_000_000
EARLIEST = date(2022, 1, 1)
_SUMMARY = re.compile(r"all types|losses\b|.*\d", re.IGNORECASE)


class OryxFileError(ValueError):
    """The file cannot be imported; the message names the line."""


@dataclass(frozen=True)
class OryxRow:
    equipment_type: str
    day: date
    destroyed: int
    abandoned: int
    captured: int
    damaged: int
    total: int


@dataclass(frozen=True)
class OryxMatch:
    """Oryx types that together match General Staff categories."""

    key: str  # in exports and --json
    categories: tuple[str, ...]  # the General Staff's
    types: tuple[str, ...]  # Oryx's, summed
    en: str
    uk: str


# Where Oryx's types meet the General Staff's categories (docs/queries.md has this table).
MATCHES: tuple[OryxMatch, ...] = (
    OryxMatch("tanks", ("tanks",), ("Tanks",), "tanks", "танки"),
    OryxMatch(
        "armoured_fighting_vehicles",
        ("armoured_fighting_vehicles",),
        (
            "Armoured Fighting Vehicles",
            "Infantry Fighting Vehicles",
            "Armoured Personnel Carriers",
            "Mine-Resistant Ambush Protected",
            "Infantry Mobility Vehicles",
        ),
        "armoured vehicles (AFVs, IFVs, APCs, MRAPs and IMVs)",
        "бронемашини (ББМ, БМП, БТР, MRAP, IMV)",
    ),
    OryxMatch(
        "artillery_systems",
        ("artillery_systems",),
        ("Self-Propelled Artillery", "Towed Artillery"),
        "artillery pieces (self-propelled and towed)",
        "артилерійські системи (самохідні й буксировані)",
    ),
    OryxMatch(
        "mlrs", ("mlrs",), ("Multiple Rocket Launchers",), "multiple rocket launchers", "РСЗВ"
    ),
    OryxMatch(
        "aa_warfare_systems",
        ("aa_warfare_systems",),
        ("Surface-To-Air Missile Systems",),
        "surface-to-air missile systems",
        "зенітні ракетні комплекси",
    ),
    OryxMatch("planes", ("planes",), ("Aircraft",), "aircraft", "літаки"),
    OryxMatch("helicopters", ("helicopters",), ("Helicopters",), "helicopters", "гелікоптери"),
    OryxMatch(
        "warships_and_submarines",
        ("warships_cutters", "submarines"),
        ("Naval Ships and Submarines",),
        "naval ships and submarines",
        "кораблі та підводні човни",
    ),
)


def is_summary(equipment_type: str) -> bool:
    """A headline posing as a type: `All Types`, or `Losses … - 17594, of which …`."""
    return bool(_SUMMARY.match(equipment_type))


def canonical_type(equipment_type: str) -> str:
    return RENAMED.get(equipment_type, equipment_type)


@dataclass(frozen=True)
class ParsedFile:
    rows: list[OryxRow]
    skipped_summary: int
    other_countries: int


def parse_oryx_csv(text: str, origin: str, not_after: date) -> ParsedFile:
    """Russia's rows of the file, validated; one bad row rejects the file, with its line."""
    import csv  # only to import a file: 1 ms of every cold `ask` otherwise

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if tuple((reader.fieldnames or [])[: len(HEADER)]) != HEADER:
        raise OryxFileError(f"{origin}: not Oryx's daily_count.csv (columns {', '.join(HEADER)})")
    rows: dict[tuple[str, date], OryxRow] = {}
    summary = others = 0
    for record in reader:
        where = f"{origin} line {reader.line_num}"
        if None in record or any(record.get(c) is None for c in HEADER):
            raise OryxFileError(f"{where}: expected {len(HEADER)} or more columns")
        if record["country"] != COUNTRY:
            if not record["country"]:
                raise OryxFileError(f"{where}: no country")
            others += 1
            continue
        name = " ".join(record["equipment_type"].split())
        if not name or len(name) > 1_000 or not name.isprintable():
            raise OryxFileError(f"{where}: equipment_type is not one short printable line")
        if is_summary(name):
            summary += 1
            continue
        if len(name) > MAX_TYPE_CHARS:
            raise OryxFileError(f"{where}: equipment_type longer than {MAX_TYPE_CHARS} characters")
        row = OryxRow(
            canonical_type(name),
            _day(record["date_recorded"], where, not_after),
            *(_count(record[c], c, where) for c in (*PARTS, "type_total")),
        )
        if row.destroyed + row.abandoned + row.captured + row.damaged != row.total:
            raise OryxFileError(f"{where}: type_total {row.total} is not the sum of its parts")
        if rows.get((row.equipment_type, row.day), row) != row:
            raise OryxFileError(f"{where}: a second, different row for {name} on {row.day}")
        rows[(row.equipment_type, row.day)] = row
    if not rows:
        raise OryxFileError(f"{origin}: no rows for {COUNTRY}")
    return ParsedFile(list(rows.values()), summary, others)


def _count(raw: str, column: str, where: str) -> int:
    if not re.fullmatch(r"[0-9]{1,7}", raw.strip()) or int(raw) > MAX_COUNT:
        raise OryxFileError(f"{where}: {column} must be a whole number up to {MAX_COUNT:,}")
    return int(raw)


def _day(raw: str, where: str, not_after: date) -> date:
    try:
        day = date.fromisoformat(raw.strip()) if len(raw.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise OryxFileError(f"{where}: date_recorded must be a date as YYYY-MM-DD")
    if not EARLIEST <= day <= not_after:
        raise OryxFileError(f"{where}: date_recorded {day} is outside {EARLIEST}..{not_after}")
    return day


@dataclass(frozen=True)
class OryxFigure:
    match: OryxMatch
    value: int


@dataclass(frozen=True)
class OryxSnapshot:
    """What Oryx had confirmed as of its last scrape on or before a day, for some matches;
    `missing`: matches asked for that have no count then (a type not tracked yet)."""

    as_of: date
    figures: tuple[OryxFigure, ...]
    missing: tuple[OryxMatch, ...] = ()
    # Per missing match, the first day the file gives it a count (None: never).
    first_counted: tuple[date | None, ...] = ()


class OryxCounts:
    """Every stored row, by type, with the value of a type on a date."""

    def __init__(self, rows: Iterable[OryxRow] = ()) -> None:
        by_type: dict[str, list[tuple[date, int]]] = {}
        for row in rows:
            by_type.setdefault(canonical_type(row.equipment_type), []).append((row.day, row.total))
        self._series = {t: sorted(points) for t, points in by_type.items()}
        self._days = sorted({d for points in self._series.values() for d, _ in points})

    def __bool__(self) -> bool:
        return bool(self._days)

    @property
    def last_day(self) -> date | None:
        return self._days[-1] if self._days else None

    def scrape_on_or_before(self, day: date) -> date | None:
        i = bisect.bisect_right(self._days, day)
        return self._days[i - 1] if i else None

    def value(self, equipment_type: str, day: date) -> int | None:
        """The type's count on `day`: its last row on or before it (None: no row yet)."""
        points = self._series.get(canonical_type(equipment_type), [])
        i = bisect.bisect_right(points, (day, MAX_COUNT + 1))
        return points[i - 1][1] if i else None

    def confirmed(self, day: date, categories: Sequence[str]) -> OryxSnapshot | None:
        """Oryx's counts matching `categories` as of its last scrape on or before `day` (None:
        no scrape yet, or no match asked for). A sum is given only when every type in it has a
        count; a zero (the pre-invasion scrape) is not cited."""
        as_of = self.scrape_on_or_before(day)
        wanted = set(categories)
        asked = [m for m in MATCHES if not wanted.isdisjoint(m.categories)]
        if as_of is None or not asked:
            return None
        figures: list[OryxFigure] = []
        missing: list[OryxMatch] = []
        for match in asked:
            total = self.total(match, as_of)
            if total is None:
                missing.append(match)
            elif total:
                figures.append(OryxFigure(match, total))
        first = tuple(self.first_counted(match) for match in missing)
        return OryxSnapshot(as_of, tuple(figures), tuple(missing), first)

    def first_counted(self, match: OryxMatch) -> date | None:
        """The first day the file gives every type of `match` a count (None: never)."""
        firsts = [self._series.get(canonical_type(t)) for t in match.types]
        if not all(firsts):
            return None
        return max(points[0][0] for points in firsts if points)

    def column(self, match: OryxMatch, day: date) -> int | None:
        """The figure a CSV row gives, by the rule answers cite by (`confirmed`): the count as of
        the last scrape on or before the day; none before the first, and a zero (the
        pre-invasion scrape) is not a count."""
        as_of = self.scrape_on_or_before(day)
        total = self.total(match, as_of) if as_of is not None else None
        return total or None

    def total(self, match: OryxMatch, day: date) -> int | None:
        """The sum of the match's types on `day`, or None when any of them has no count yet."""
        total = 0
        for equipment_type in match.types:
            value = self.value(equipment_type, day)
            if value is None:
                return None
            total += value
        return total
