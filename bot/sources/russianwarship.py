"""The russianwarship.rip v2 API: parsing its payloads and paging through `statistics`.

Shapes: `{"message", "data": record}` for `statistics/latest` and `statistics/{date}`;
`{"message", "data": {"paging": {"next_url"}, "records": [record]}}` for the list. A record is
`{date, day, resource, stats: {key: int}, increase: {key: int}}`. Records come in no promised
order. `increase` is the day's change as the report states it: deltas are always computed from
totals, so one rule of arithmetic holds for every source, and `increase` is kept only as a check
on them (`Report.stated`); a malformed one is dropped, never a reason to reject the record.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any
from urllib.parse import urlencode, urljoin

from bot.core.categories import normalise_key
from bot.core.reports import Report, StatedChange
from bot.sources.base import (
    Checks,
    PayloadError,
    check_date,
    check_day,
    check_key,
    check_total,
    clean_url,
    parse_date_field,
    require_totals,
)
from bot.sources.http import HttpSource, get_json, redact_url, same_origin, with_credentials
from bot.sources.table import source

NAME = source("russianwarship").name
PAGE_LIMIT = 50  # the API's maximum
MAX_PAGES = 200  # 10,000 records: far more than the war's days so far; stops a paging loop

log = logging.getLogger(__name__)


def parse_record(record: Any, where: str, not_after: date | None = None) -> Report:
    if not isinstance(record, dict):
        raise PayloadError(f"{where}: a record must be an object")
    on = check_date(parse_date_field(record.get("date"), where), where, not_after)
    where = f"{where} {on}"
    day = check_day(record.get("day"), on, where)
    stats = record.get("stats")
    if not isinstance(stats, dict):
        raise PayloadError(f"{where}: no `stats` object")
    totals: dict[str, int] = {}
    for raw, value in stats.items():
        key = check_key(raw, f"{where} stats")
        total = check_total(value, f"{where} stats.{key}", key)
        if total is None:
            continue
        if key in totals:  # "TANKS" beside "tanks": neither is trusted
            raise PayloadError(f"{where}: two figures for {key}")
        totals[key] = total
    require_totals(totals, where)
    url = clean_url(record.get("resource"), where)
    stated = _stated(record.get("increase"), totals, where)
    return Report(date=on, day=day, source=NAME, totals=totals, url=url, stated=stated)


def _stated(increase: Any, totals: dict[str, int], where: str) -> dict[str, StatedChange]:
    """The record's `increase`, for the categories it gives totals of; anything else in it
    (a string, a figure past the category's plausible total) is left out with a warning."""
    if not isinstance(increase, dict):
        return {}
    stated: dict[str, StatedChange] = {}
    for raw, value in increase.items():
        key = normalise_key(raw) if isinstance(raw, str) else ""
        if key not in totals:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > totals[key]:
            log.warning("%s: dropped an increase that is not a figure: %s=%.20r", where, key, value)
            continue
        stated[key] = StatedChange(value, (NAME,))
    return stated


def parse_page(
    payload: Any, where: str, checks: Checks | None = None
) -> tuple[list[Report], str | None]:
    """The reports in one API response and the next page's URL (None on the last page)."""
    checks = checks or Checks()
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise PayloadError(f"{where}: expected {{'message', 'data'}}, got {type(payload).__name__}")
    if "records" not in data:
        return [parse_record(data, where, checks.not_after)], None
    records = data["records"]
    if not isinstance(records, list):
        raise PayloadError(f"{where}: data.records must be a list")
    paging = data.get("paging")
    next_url = paging.get("next_url") if isinstance(paging, dict) else None
    if next_url is not None and not isinstance(next_url, str):
        raise PayloadError(f"{where}: data.paging.next_url must be a string or null")
    parsed = (
        checks.record(parse_record, r, f"{where} records[{i}]", checks.not_after)
        for i, r in enumerate(records)
    )
    reports = [r for r in parsed if r is not None]
    return reports, (next_url or None) if records else None


class RussianWarshipSource(HttpSource):
    """Pages through `statistics` from a date; the session carries the timeouts."""

    name = NAME

    async def read_parts(self, since: date | None, checks: Checks) -> list[Report]:
        query: dict[str, str | int] = {"offset": 0, "limit": PAGE_LIMIT}
        if since is not None:
            query["date_from"] = since.isoformat()
        url: str | None = urljoin(self.base_url, "statistics") + "?" + urlencode(query)
        seen: set[str] = set()
        parts: list[Report] = []
        while url is not None:
            if url in seen or len(seen) >= MAX_PAGES:
                raise PayloadError(f"{NAME}: paging does not end (at {redact_url(url)})")
            seen.add(url)
            page, next_url = parse_page(await get_json(self.session, url), redact_url(url), checks)
            parts += page
            url = urljoin(url, next_url) if next_url else None
            if url is not None and not same_origin(url, self.base_url):
                raise PayloadError(
                    f"{NAME}: next_url leads to another host ({redact_url(url)[:80]})"
                )
            if url is not None:
                url = with_credentials(url, self.base_url)
        log.info("%s: %d records in %d pages since %s", NAME, len(parts), len(seen), since)
        return parts


CLIENT = RussianWarshipSource


def parse(payload: Any, where: str, checks: Checks | None = None) -> list[Report]:
    """An imported API page: its reports (the next page is not followed)."""
    return parse_page(payload, where, checks)[0]


def looks_like(payload: Any) -> bool:
    """A page of `statistics` (`records`) or one record (`date`); not `/terms`, whose `data`
    names the categories."""
    data = payload.get("data") if isinstance(payload, dict) else None
    return isinstance(data, dict) and ("records" in data or "date" in data)
