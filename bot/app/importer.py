"""`losses-bot import`: history from dataset files or API JSON pages, local or over HTTP.

Everything is read and validated first, then stored in one transaction, so a bad file stores
nothing. The format is recognised from the JSON's shape: a list of records with `sourceUri` is
orc-losses, any other list of rows the dataset (the correction file by its name), an object with
`data` an API page (`--as` names the kind instead); a `.csv` is Oryx's `daily_count.csv` or
one of The Economist's meta-estimate files (recognised by their headers), each stored apart
from the reports. Each transcription is stored apart
(`storage.transcriptions`), so files import in any order, and again, to the same store. tqdm
draws the progress bar (only on a terminal).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bot.core.claims import Claim
from bot.core.economist import ModelFileError, ModelFit, is_model, parse_model
from bot.core.oryx import OryxFileError, OryxRow, parse_oryx_csv
from bot.core.reports import Correction, Report
from bot.render.wording import EN
from bot.sources import dataset, table
from bot.sources.base import Checks, PayloadError, SourceError, merge_reports
from bot.sources.http import get_bytes, new_session, parse_json, redact_url
from storage.claims import add_claims
from storage.corrections import Tally, store_corrections
from storage.estimates import store_fit
from storage.oryx import store_oryx
from storage.reports import StoreResult
from storage.transcriptions import redecide, store_transcribed

log = logging.getLogger(__name__)
CHUNK = 250  # reports per progress-bar step


def expand(locations: Iterable[str]) -> list[str]:
    """URLs and files as given; a folder stands for the JSON files directly inside it (the
    correction file among them)."""
    found: list[str] = []
    for location in locations:
        path = Path(location)
        if location.startswith(("http://", "https://")) or not path.is_dir():
            found.append(location)
            continue
        found += [str(file) for file in sorted(path.glob("*.json"))]
    return found


class NotHistory(SourceError):
    """What was named holds no history an import reads (a folder of none, a claims ledger):
    said in one line, as a usage error."""


@dataclass
class Survey:
    """What named files and folders hold, by shape: history to read, claims ledgers, and what
    is skipped with why (only inside a folder: a file named is read, or refused, as itself)."""

    files: list[str] = field(default_factory=list)
    ledgers: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    in_folders: set[str] = field(default_factory=set)  # read, then skipped if of no known shape


def survey(locations: Iterable[str]) -> Survey:
    """Files and URLs as given; a folder, recursively, each file by its kind: JSON and CSV to
    read (a JSON schema skipped), a CSV of claims to the ledger, anything else skipped. A
    claims ledger named as a file is refused: `claims import` is what is meant."""
    found = Survey()
    for location in locations:
        path = Path(location)
        if location.startswith(("http://", "https://")) or not path.is_dir():
            if is_csv(location) and path.is_file() and _csv_kind(path) == "claims":
                raise NotHistory(EN.say("import_a_ledger", location=location))
            found.files.append(location)
            continue
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            name = str(file)
            kind = _csv_kind(file) if is_csv(name) else "json" if name.endswith(".json") else ""
            if name.endswith(".schema.json"):
                found.skipped.append((name, "skipped_schema"))
            elif kind == "claims":
                found.ledgers.append(name)
            elif kind in ("json", "model", "oryx"):
                found.files.append(name)
                found.in_folders.add(name)
            else:
                found.skipped.append((name, "skipped_csv" if kind == "csv" else "skipped_other"))
    if not found.files and not found.ledgers:
        raise NotHistory(EN.say("import_nothing", where=", ".join(locations)))
    return found


def _csv_kind(path: Path) -> str:
    """A CSV's kind by its header: model, oryx, claims, or csv (none of them)."""
    from bot.app.ledger import REQUIRED_COLUMNS
    from bot.core.economist import is_ledger
    from bot.core.oryx import HEADER

    try:
        with path.open(encoding="utf-8-sig") as file:
            columns = [c.strip() for c in file.readline().strip().split(",")]
    except (OSError, UnicodeDecodeError):
        return "csv"
    if is_model(columns):
        return "model"
    if tuple(columns[: len(HEADER)]) == HEADER:
        return "oryx"
    if is_ledger(columns) or all(c in columns for c in REQUIRED_COLUMNS):
        return "claims"
    return "csv"


def is_csv(location: str) -> bool:
    return location.split("?", 1)[0].lower().endswith(".csv")


def decode(body: bytes, location: str) -> Any:
    """JSON, or for a `.csv` its text (UTF-8)."""
    if not is_csv(location):
        return parse_json(body, location)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise PayloadError(f"{location}: a CSV that is not UTF-8") from None


async def read_all(locations: Sequence[str]) -> list[tuple[str, Any]]:
    payloads: list[tuple[str, Any]] = []
    urls = [loc for loc in locations if loc.startswith(("http://", "https://"))]
    if urls:
        async with new_session() as session:
            for url in urls:
                payloads.append((redact_url(url), decode(await get_bytes(session, url), url)))
    for location in locations:
        if location in urls:
            continue
        try:
            body = Path(location).read_bytes()
        except OSError as error:
            raise SourceError(f"{location}: {error.strerror or error}") from None
        payloads.append((location, decode(body, location)))
    return payloads


@dataclass
class Parsed:
    """What a set of files holds: one merged batch of reports per source, and corrections."""

    batches: list[list[Report]] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    oryx: list[OryxRow] = field(default_factory=list)
    fits: list[tuple[str, ModelFit]] = field(default_factory=list)  # (origin, fit)
    claims: list[Claim] = field(default_factory=list)  # from claims ledgers found in a folder
    files: int = 0  # how many were read
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why: a template)

    @property
    def reports(self) -> int:
        return sum(len(b) for b in self.batches)


@dataclass
class ImportResult:
    reports: StoreResult
    corrections: Tally
    oryx: Tally = field(default_factory=Tally)
    fits: Tally = field(default_factory=Tally)
    read_reports: int = 0  # what the files held
    read_corrections: int = 0
    read_oryx: int = 0
    files: int = 0
    claims: Tally = field(default_factory=Tally)  # from claims ledgers in a folder
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why: a template)

    def headline(self) -> str:
        corrections = f" and {self.read_corrections} corrections" if self.read_corrections else ""
        oryx = f" and {self.read_oryx} Oryx counts" if self.read_oryx else ""
        read_claims = self.claims.new + self.claims.restated + self.claims.unchanged
        claims = f" and {read_claims} claims" if read_claims else ""
        line = (
            f"Imported {self.read_reports} reports{corrections}{oryx}{claims} from {self.files} "
            f"files: {self.summary()}."
        )
        if self.skipped:
            line += f"\nSkipped {len(self.skipped)}: " + "; ".join(
                f"{name} ({EN.say(why)})" for name, why in self.skipped
            )
        return line

    def summary(self) -> str:
        text = self.reports.summary()
        if self.corrections.new or self.corrections.restated or self.corrections.unchanged:
            text += f"; corrections: {self.corrections.summary()}"
        if self.oryx.new or self.oryx.restated or self.oryx.unchanged:
            text += f"; Oryx counts: {self.oryx.summary()}"
        if self.fits.new or self.fits.restated or self.fits.unchanged:
            text += f"; The Economist's model fits: {self.fits.summary()}"
        if self.claims.new or self.claims.restated or self.claims.unchanged:
            text += f"; claims: {self.claims.summary().replace('restated', 'revised')}"
        return text


# Where transcriptions of an import disagree and no evidence decides, the first of these gives the
# figure used for arithmetic: the source table's order (LOSSES_SOURCES orders a poll's).
IMPORT_ORDER = table.NAMES


def parse_payload(
    origin: str, payload: Any, checks: Checks, kind: str | None = None
) -> list[Report]:
    """The reports in one file, read as `kind` or as its shape says (the source table's tests)."""
    if kind is not None:
        return table.source(kind).load().parse(payload, origin, checks)
    for entry in table.by_shape():
        module = entry.load()
        if module.looks_like(payload):
            return module.parse(payload, origin, checks)
    raise PayloadError(
        f"{origin}: neither dataset rows, orc-losses records (lists) nor an API page (with `data`)"
    )


def parse_all(
    payloads: Sequence[tuple[str, Any]], not_after: date | None = None, kind: str | None = None
) -> Parsed:
    """One merged batch per source, in the order the sources first appear, and corrections.
    Strict: one bad record rejects the import (`not_after`: the newest date accepted)."""
    by_source: dict[str, list[Report]] = {}
    checks = Checks(not_after=not_after)
    parsed = Parsed()
    for origin, payload in payloads:
        if isinstance(payload, str):
            _parse_csv(origin, payload, not_after, parsed)
            continue
        if dataset.is_corrections_file(origin):
            parsed.corrections += dataset.parse_corrections(payload, origin)
            continue
        for report in parse_payload(origin, payload, checks, kind):
            by_source.setdefault(report.source, []).append(report)
    parsed.batches = [merge_reports(parts, source) for source, parts in by_source.items()]
    return parsed


def _parse_csv(origin: str, text: str, not_after: date | None, parsed: Parsed) -> None:
    if is_model(text.split("\n", 1)[0].strip().lstrip("\ufeff").split(",")):
        try:
            parsed.fits.append((origin, parse_model(text, origin, not_after)))
        except ModelFileError as error:
            raise PayloadError(str(error)) from None
        return
    try:
        oryx = parse_oryx_csv(text, origin, not_after or date.max)
    except OryxFileError as error:
        raise PayloadError(str(error)) from None
    parsed.oryx += oryx.rows
    log.info(
        "%s: %d rows of Russian losses; skipped %d summary rows and %d rows of other countries",
        origin,
        len(oryx.rows),
        oryx.skipped_summary,
        oryx.other_countries,
    )


def store_all(
    engine: Engine, parsed: Parsed, fetched_at: datetime, show_progress: bool
) -> ImportResult:
    """Store everything parsed in one transaction: all of it or, on any error, nothing."""
    from tqdm import tqdm

    result = StoreResult()
    with (
        tqdm(total=parsed.reports, unit="report", disable=not show_progress) as bar,
        engine.begin() as db,
    ):
        # Corrections first: they are evidence for the decisions the reports' figures need.
        corrections = store_corrections(db, parsed.corrections, fetched_at)
        if corrections.new or corrections.restated:
            days = [c.date for c in parsed.corrections]
            result += redecide(db, min(days), max(days), fetched_at, False, IMPORT_ORDER)
        for batch in parsed.batches:
            for i in range(0, len(batch), CHUNK):
                chunk = batch[i : i + CHUNK]
                result += store_transcribed(db, chunk, fetched_at, False, IMPORT_ORDER)
                bar.update(len(chunk))
        oryx = store_oryx(db, parsed.oryx, fetched_at)
        fits = Tally()
        for origin, fit in parsed.fits:
            fits += store_fit(db, fit, origin, fetched_at)
        claims = Tally()  # a claim revised is counted as restated
        for added in add_claims(db, parsed.claims, "import", fetched_at) if parsed.claims else ():
            claims += Tally(**{{"revised": "restated"}.get(added.outcome, added.outcome): 1})
    return ImportResult(result, corrections, oryx, fits, parsed.reports, len(parsed.corrections),
                        len(parsed.oryx), parsed.files, claims, parsed.skipped)  # fmt: skip


async def read_checked(locations: Sequence[str], today: date, kind: str | None = None) -> Parsed:
    """Files, folders or URLs, read and checked whole: a bad one raises `SourceError` before
    anything reaches the store. `kind`: read every file as that source. In a folder, a JSON
    file of no shape an import reads is skipped, with why."""
    from bot.app.ledger import read_claims_file

    found = survey(locations)
    payloads, skipped = [], list(found.skipped)
    for origin, payload in await read_all(found.files):
        if kind is None and origin in found.in_folders and not _readable(origin, payload):
            skipped.append((origin, "skipped_json"))
        else:
            payloads.append((origin, payload))
    parsed = parse_all(payloads, today + timedelta(days=1), kind)
    for ledger in found.ledgers:
        parsed.claims += read_claims_file(Path(ledger), today)
    parsed.files, parsed.skipped = len(payloads) + len(found.ledgers), sorted(skipped)
    return parsed


def _readable(origin: str, payload: Any) -> bool:
    """Whether an import reads this payload: a CSV (by its header, already), the correction
    file, or a shape of the source table."""
    if isinstance(payload, str) or dataset.is_corrections_file(origin):
        return True
    return any(entry.load().looks_like(payload) for entry in table.by_shape())


async def store_checked(
    engine: Engine, parsed: Parsed, now: datetime, show_progress: bool = False
) -> ImportResult:
    """What `read_checked` gave, stored in one transaction (an empty database gets its tables)."""
    from storage.db import ensure_schema

    await asyncio.to_thread(ensure_schema, engine)
    return await asyncio.to_thread(store_all, engine, parsed, now, show_progress)
