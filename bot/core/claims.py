"""The ledger of what other parties claim: who said which figure, about which day, on which day
and where. Pure: validating a claim and choosing the claims an answer may cite (the
sentence that cites one is `bot.render.context`'s).

An answer cites, for each party, its latest claim *made on or before* the answer's end date: a
brief about 24 Nov 2022 never quotes a figure said later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.categories import KNOWN_CATEGORIES
from bot.core.links import is_plain_url
from bot.core.war import WAR_START

PEOPLE_METRICS = ("killed", "wounded", "killed_or_wounded", "captured")
METRICS = (*PEOPLE_METRICS, *(c.key for c in KNOWN_CATEGORIES))
QUALIFIERS = ("", "about", "at least", "more than", "over", "well over", "up to", "almost")
# The fields of a claim, as in `claims-from-seed.csv` (and `url`, which it lacks).
FIELDS = ("party", "speaker", "metric", "value", "qualifier", "as_of", "stated_on", "source",
          "url", "quote")  # fmt: skip
LIMITS = {"party": 100, "speaker": 100, "source": 300, "url": 500, "quote": 1000}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A whole number as people type one: plain digits, or groups of three with one separator
# (85,720; 85 720, as Ukrainian writes it). "1,2,3" is a typo, never 123.
_NUMBER = re.compile(r"[0-9]{1,9}|[0-9]{1,3}(?P<sep>[, \u00a0\u202f])[0-9]{3}((?P=sep)[0-9]{3})?")


class ClaimError(ValueError):
    """A field of a claim that cannot be stored; `field` names it, for a form or a CSV line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


@dataclass(frozen=True)
class Claim:
    party: str  # e.g. "Russian Ministry of Defence"
    metric: str  # killed | wounded | killed_or_wounded | captured | a category key
    value: int
    as_of: date  # the day the figure refers to
    stated_on: date  # the day it was said
    source: str  # the outlet or document
    speaker: str = ""
    qualifier: str = ""  # as said: "well over", "about", "at least"
    url: str = ""
    quote: str = ""
    id: int = 0
    entered_by: str = ""
    entered_at: datetime | None = None
    # The workspace whose desk entered it (only its answers cite it); None: the operator's
    # ledger (`losses-bot claims`), cited in every workspace.
    team_id: str | None = None

    @property
    def identity(self) -> tuple[str, str, str, date, date]:
        """What makes two entries the same claim (a re-import or an edit, not a new claim)."""
        return (self.party.casefold(), self.speaker.casefold(), self.metric, self.as_of,
                self.stated_on)  # fmt: skip


def _text(fields: Mapping[str, str], name: str, required: bool = False) -> str:
    value = " ".join((fields.get(name) or "").split())
    if required and not value:
        raise ClaimError(name, "required")
    if len(value) > LIMITS.get(name, 100):
        raise ClaimError(name, f"at most {LIMITS.get(name, 100)} characters")
    return value


def _date(fields: Mapping[str, str], name: str, today: date) -> date:
    raw = (fields.get(name) or "").strip()
    if not _ISO_DATE.fullmatch(raw):
        raise ClaimError(name, "a date as YYYY-MM-DD")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ClaimError(name, f"{raw} is not a date in the calendar") from None
    if day > today:
        raise ClaimError(name, "in the future")
    if day < WAR_START:  # claims are cited beside the General Staff's count, which starts here
        raise ClaimError(name, f"before the full-scale invasion ({WAR_START.isoformat()})")
    return day


def parse_claim(fields: Mapping[str, str], today: date) -> Claim:
    """A claim from text fields (a CSV row, a form, the command line), or `ClaimError`."""
    metric = (fields.get("metric") or "").strip().lower()
    if metric not in METRICS:
        raise ClaimError("metric", f"one of {', '.join(PEOPLE_METRICS)} or a category key")
    raw_value = (fields.get("value") or "").strip()
    if not _NUMBER.fullmatch(raw_value):
        raise ClaimError("value", "a whole number, such as 85720 or 85,720")
    raw_value = re.sub(r"\D", "", raw_value)
    qualifier = _text(fields, "qualifier").lower()
    if qualifier not in QUALIFIERS:
        raise ClaimError("qualifier", f"one of {', '.join(q for q in QUALIFIERS if q)}, or none")
    url = _text(fields, "url")
    if url and not is_plain_url(url):
        raise ClaimError("url", "a plain http(s) URL")
    as_of, stated_on = _date(fields, "as_of", today), _date(fields, "stated_on", today)
    if as_of > stated_on:
        raise ClaimError("as_of", "after the day it was said")
    return Claim(
        party=_text(fields, "party", required=True),
        metric=metric,
        value=int(raw_value),
        as_of=as_of,
        stated_on=stated_on,
        source=_text(fields, "source", required=True),
        speaker=_text(fields, "speaker"),
        qualifier=qualifier,
        url=url,
        quote=_text(fields, "quote"),
    )


def latest_claims(claims: Iterable[Claim], until: date, metrics: Iterable[str]) -> list[Claim]:
    """Each party's latest claim about `metrics` made on or before `until` (never a later one)."""
    wanted = set(metrics)
    latest: dict[str, Claim] = {}
    for claim in claims:
        if claim.metric not in wanted or claim.stated_on > until:
            continue
        have = latest.get(claim.party.casefold())
        if have is None or (claim.stated_on, claim.as_of) > (have.stated_on, have.as_of):
            latest[claim.party.casefold()] = claim
    return sorted(latest.values(), key=lambda c: (c.stated_on, c.party))
