"""The ledger of what other parties claim: who said which figure, about which day, on which day
and where. Pure: validating a claim and choosing the claims an answer may cite (the
sentence that cites one is `bot.render.context`'s).

A claim holds what was said: a point, a range (`low`–`high`), a floor ("at least": `low`
alone), a ceiling ("up to": `high` alone) or a range with a central figure; and whose losses
it counts (`whose`): answers about Russian losses cite only claims about Russian losses.

An answer cites, for each party and measure, its latest claim *made on or before* the answer's
end date: a brief about 24 Nov 2022 never quotes a figure said later. A claim with no known
statement date, or said after that date, is never among what had been said by then: it is a
*later estimate* of the day (`later_estimates`), labelled with when it was published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from bot.core.categories import KNOWN_CATEGORIES
from bot.core.links import is_plain_url
from bot.core.parties import GROUPS, Party, party
from bot.core.war import WAR_START

PEOPLE_METRICS = ("killed", "wounded", "killed_or_wounded", "captured")
METRICS = (*PEOPLE_METRICS, *(c.key for c in KNOWN_CATEGORIES))
QUALIFIERS = ("", "about", "at least", "more than", "over", "well over", "up to", "almost")
# The fields of a claim, as in `claims-from-seed.csv` (and those it lacks: `url`, a range's
# `low` and `high`, `whose` losses, and whether the party is at war, `party_to_war`).
FIELDS = ("party", "speaker", "metric", "value", "low", "high", "qualifier", "as_of",
          "stated_on", "reported_on", "source", "url", "quote", "note", "whose",
          "party_to_war")  # fmt: skip
WHOSE = ("russia", "ukraine")  # whose losses a claim counts
RUSSIA = "russia"
LIMITS = {"party": 100, "speaker": 100, "source": 300, "url": 500, "quote": 1000, "note": 500}
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
    value: int | None  # the figure said; with `low`/`high`, the central one (None: a range)
    as_of: date  # the day the figure refers to
    stated_on: date | None  # the day it was said; None: not known
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
    low: int | None = None  # a range's ends as said; `low` alone is a floor, `high` a ceiling
    high: int | None = None
    whose: str = RUSSIA  # whose losses it counts
    party_to_war: bool = False  # said by a party to the war (labelled so)
    # When a report of it was published, where that is all that is known of when it was said
    # (the compiler's own article, or a link dated before the day the figure describes).
    reported_on: date | None = None
    note: str = ""  # the ledger's own remark ("timing clarified via email"): kept, not printed

    @property
    def identity(self) -> tuple[str, str, str, date, date | None, str]:
        """What makes two entries the same claim (a re-import or an edit, not a new claim)."""
        return (self.party.casefold(), self.speaker.casefold(), self.metric, self.as_of,
                self.stated_on, self.whose)  # fmt: skip

    @cached_property
    def who(self) -> Party:
        """The party, one for all its spellings (`bot.core.parties`); kept, as every answer
        covering personnel asks it of every claim."""
        return party(self.party)

    @property
    def known_on(self) -> date | None:
        """The day it is known to have been said by: said then, or reported then (a report
        dated before the day the figure describes dates nothing)."""
        if self.stated_on is not None:
            return self.stated_on
        if self.reported_on is not None and self.reported_on >= self.as_of:
            return self.reported_on
        return None

    def answers_to(self, name: str) -> bool:
        """Whether `name` is part of any name of the party (a spelling, or its name in print)."""
        wanted = name.casefold()
        return any(wanted in n.casefold() for n in (self.party, *self.who.spellings, self.who.en))

    def said_by(self, day: date) -> bool:
        """Known to have been said on or before `day`."""
        known = self.known_on
        return known is not None and known <= day


def _text(fields: Mapping[str, str], name: str, required: bool = False) -> str:
    value = " ".join((fields.get(name) or "").split())
    if required and not value:
        raise ClaimError(name, "required")
    if len(value) > LIMITS.get(name, 100):
        raise ClaimError(name, f"at most {LIMITS.get(name, 100)} characters")
    return value


def _date(fields: Mapping[str, str], name: str, today: date) -> date:
    raw = (fields.get(name) or "").strip()
    return _day(raw, name, today)


def _day(raw: str, name: str, today: date) -> date:
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


def _number(fields: Mapping[str, str], name: str) -> int | None:
    raw = (fields.get(name) or "").strip()
    if not raw:
        return None
    if not _NUMBER.fullmatch(raw):
        raise ClaimError(name, "a whole number, such as 85720 or 85,720")
    return int(re.sub(r"\D", "", raw))


def figures(fields: Mapping[str, str]) -> tuple[int | None, int | None, int | None]:
    """(value, low, high) as said: a point, a range, a floor, a ceiling, or a range with its
    central figure; at least one, and in order."""
    value, low, high = (_number(fields, n) for n in ("value", "low", "high"))
    if value is None and low is None and high is None:
        raise ClaimError("value", "a whole number, such as 85720 or 85,720 (or a range: low, high)")
    if low is not None and high is not None and low > high:
        raise ClaimError("low", "above the high end of the range")
    if value is not None and not (low or 0) <= value <= (high if high is not None else value):
        raise ClaimError("value", "outside the range said")
    return value, low, high


# Characters no field of a claim may hold: controls (NUL breaks PostgreSQL), and the Unicode
# line and paragraph separators and bidirectional overrides, which make a quoted name read as
# something else in Slack (U+202E turns "CIA" into text that reads backwards).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def check_fields(fields: Mapping[str, str]) -> None:
    """`ClaimError` for the first field holding a character no claim may hold."""
    for name, value in fields.items():
        found = _UNPRINTABLE.search(value or "")
        if found is not None:
            raise ClaimError(name, f"holds a control character (U+{ord(found.group()):04X})")


def parse_claim(fields: Mapping[str, str], today: date) -> Claim:
    """A claim from text fields (a CSV row, a form, the command line), or `ClaimError`. The day
    it was said may be left empty: not known."""
    check_fields(fields)
    metric = (fields.get("metric") or "").strip().lower()
    if metric not in METRICS:
        raise ClaimError("metric", f"one of {', '.join(PEOPLE_METRICS)} or a category key")
    value, low, high = figures(fields)
    qualifier = _text(fields, "qualifier").lower()
    if qualifier not in QUALIFIERS:
        raise ClaimError("qualifier", f"one of {', '.join(q for q in QUALIFIERS if q)}, or none")
    url = _text(fields, "url")
    if url and not is_plain_url(url):
        raise ClaimError("url", "a plain http(s) URL")
    whose = (_text(fields, "whose") or RUSSIA).lower()
    if whose not in WHOSE:
        raise ClaimError("whose", f"whose losses: {' or '.join(WHOSE)}")
    as_of = _date(fields, "as_of", today)
    said = (fields.get("stated_on") or "").strip()
    stated_on = _day(said, "stated_on", today) if said else None
    if stated_on is not None and as_of > stated_on:
        raise ClaimError("as_of", "after the day it was said")
    reported = (fields.get("reported_on") or "").strip()
    return Claim(
        party=_text(fields, "party", required=True),
        metric=metric,
        value=value,
        as_of=as_of,
        stated_on=stated_on,
        source=_text(fields, "source", required=True),
        speaker=_text(fields, "speaker"),
        qualifier=qualifier,
        url=url,
        quote=_text(fields, "quote"),
        low=low,
        high=high,
        whose=whose,
        party_to_war=(fields.get("party_to_war") or "").strip().lower() in ("yes", "true", "1"),
        reported_on=_day(reported, "reported_on", today) if reported else None,
        note=_text(fields, "note"),
    )


def latest_claims(claims: Iterable[Claim], until: date, metrics: Iterable[str]) -> list[Claim]:
    """Each party's latest claim about Russian losses, per measure (`metrics`), known to have
    been made on or before `until` (never a later one, never one of unknown date)."""
    wanted = set(metrics)
    latest: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        if claim.metric not in wanted or claim.whose != RUSSIA or not claim.said_by(until):
            continue
        have = latest.get((claim.who.key, claim.metric))
        if have is None or (claim.known_on, claim.as_of) > (have.known_on, have.as_of):
            latest[(claim.who.key, claim.metric)] = claim
    return sorted(latest.values(), key=lambda c: (c.known_on or c.as_of, c.party, c.metric))


def later_estimates(claims: Iterable[Claim], until: date, metrics: Iterable[str]) -> list[Claim]:
    """Estimates of Russian losses by `until` that were not known to have been said by then
    (published later, or when is not known): each party's, per measure, nearest the day. Shown
    apart, as later estimates, never among what had been said by then."""
    wanted = set(metrics)
    nearest: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        if claim.metric not in wanted or claim.whose != RUSSIA or claim.said_by(until):
            continue
        if claim.as_of > until:
            continue
        have = nearest.get((claim.who.key, claim.metric))
        if have is None or claim.as_of > have.as_of:
            nearest[(claim.who.key, claim.metric)] = claim
    return sorted(nearest.values(), key=lambda c: (c.as_of, c.party, c.metric))


MAX_CONTEXT = 5  # lines of context an answer cites by default: a desk reads them at a glance


def pick_context(claims: Sequence[Claim], fixed: int) -> list[Claim]:
    """The claims an answer cites by default, beside `fixed` lines of The Economist's interval
    and Oryx's count: the latest claim said by then from each group of parties
    (`bot.core.parties.GROUPS`, in that order) until five lines are used. Within a group the
    latest statement wins; of one statement's measures, killed and wounded (the General
    Staff's own measure). `claims`: each party's latest (`latest_claims`)."""
    newest: dict[str, Claim] = {}
    for claim in claims:
        group = claim.who.group
        have = newest.get(group)
        if have is None or _rank(claim) > _rank(have):
            newest[group] = claim
    room = max(MAX_CONTEXT - fixed, 0)
    return [newest[group] for group in GROUPS if group in newest][:room]


def _rank(claim: Claim) -> tuple[date, bool, date]:
    known = claim.known_on
    assert known is not None  # only claims said by then are picked from
    return known, claim.metric == "killed_or_wounded", claim.as_of
