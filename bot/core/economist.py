"""The Economist's two files (MIT, "The Economist"): its ledger of others' estimates
(`estimates.csv`) read as claims, and its own model of Russian losses (`meta-estimate-deaths.csv`,
`meta-estimate-casualties.csv`) read as one fit. Pure: text in, data out.

The ledger's `date` is the day an estimate *refers to* (day/month/year), not when it was said:
34 UK MoD rows share one X post of 7 Jan 2025. The statement date is taken from the row's link
where the link dates it (an X post's id, a date in its path in any form the ledger uses) and is
otherwise unknown, so no row is ever shown as said before it was; a date from the compiler's
own article, or from a link dated before the figure's day, is only when it was reported. The
model is refitted every day on everything known then: each file is a new estimate of the whole
war, named by the last day it estimates.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

from bot.core.claims import RUSSIA, WHOSE, Claim, ClaimError, check_fields, figures
from bot.core.links import is_plain_url
from bot.core.war import WAR_START

CREDIT = "The Economist"
LEDGER_SOURCE = "compiled by The Economist"
LEDGER_COLUMNS = ("date", "estimate_low", "estimate_high", "estimate", "type", "source",
                  "source_url", "country")  # fmt: skip
WARRING = "ignore for chart, data from warring parties"  # the last column: "yes" for a party
METRICS = {"casualties": "killed_or_wounded", "deaths": "killed"}
MODEL_COLUMNS = ("date", "days_since_invasion", "estimate", "ci_lower", "ci_upper", "pi_low",
                 "pi_high", "type", "country")  # fmt: skip
MODEL_KINDS = tuple(METRICS)  # casualties, deaths
MAX_MODEL_ROWS = 10_000  # one a day: enough for 27 years of war, a bound on what we hold
MAX_MODEL_BYTES = 2 * 1024 * 1024  # a file is 200 kB: ten times that and more is not one
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_X_STATUS = re.compile(r"^https?://(?:www\.)?(?:x|twitter)\.com/[^/]+/status/(\d{15,20})")
# The forms of a date the ledger's links carry: `/2022/08/11/`, `…-2022-07-20/` (Reuters),
# `/20240503-…` (France 24).
_DATED = (
    re.compile(r"/(20\d\d)/(\d\d)/(\d\d)(?:/|$)"),
    re.compile(r"-(20\d\d)-(\d\d)-(\d\d)(?:[/#?]|$)"),
    re.compile(r"/(20\d\d)(\d\d)(\d\d)-"),
)
_SNOWFLAKE_EPOCH_MS = 1_288_834_974_657  # X's ids carry their creation time since this
# The compiler's own articles: their date is when The Economist reported a figure, never when
# its party said it.
_COMPILER = re.compile(r"^https?://(?:www\.)?economist\.com/")
# A remark in a name or a link: "(MIVD; note, timing clarified via email)", "… (note, one
# should exclude …)", "(new to this piece, via email from …)".
_NOTE_IN_NAME = re.compile(r"^(?P<name>.*?)\s*\((?P<inner>[^()]*?);\s*note,?\s*(?P<note>[^()]*)\)$")
_NOTE_AFTER_LINK = re.compile(r"^(?P<url>\S+)\s+\((?:note,?\s*)?(?P<note>.*)\)?$")


def is_ledger(columns: Sequence[str]) -> bool:
    return all(c in columns for c in LEDGER_COLUMNS)


def statement_date(url: str) -> date | None:
    """When a linked post or article was published, where its link says: an X post's id (its
    first bits are a timestamp) or a date in its path, in any form the ledger's links use; else
    None."""
    if m := _X_STATUS.match(url):
        ms = (int(m.group(1)) >> 22) + _SNOWFLAKE_EPOCH_MS
        return datetime.fromtimestamp(ms / 1000, UTC).date()
    for form in _DATED:
        if m := form.search(url):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def split_note(party: str, link: str) -> tuple[str, str, str]:
    """(party, url, note): a remark the ledger wrote into the party's name or the link column
    taken out of both, so it is kept but never printed as a name or followed as a link."""
    notes = []
    if m := _NOTE_IN_NAME.match(party):
        party = f"{m['name']} ({m['inner'].strip()})"
        notes.append(m["note"].strip())
    if not is_plain_url(link) and (m := _NOTE_AFTER_LINK.match(link)) and is_plain_url(m["url"]):
        link = m["url"]
        notes.append(m["note"].rstrip(")").strip())
    elif link and not is_plain_url(link):
        notes.append(link.strip("() "))
        link = ""
    return party, link, "; ".join(n for n in notes if n)


def _dmy(raw: str) -> date:
    m = _DMY.fullmatch(raw.strip())
    if not m:
        raise ClaimError("date", f"“{raw[:20]}” is not a day/month/year date")
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise ClaimError("date", f"“{raw[:20]}” is not a date in the calendar") from None


def ledger_claim(row: Mapping[str, str], today: date) -> Claim:
    """One row of `estimates.csv` as a claim, or `ClaimError` naming the column."""
    check_fields(row)
    metric = METRICS.get((row.get("type") or "").strip().lower())
    if metric is None:
        raise ClaimError("type", "casualties or deaths")
    whose = (row.get("country") or "").strip().lower()
    if whose not in WHOSE:
        raise ClaimError("country", f"whose losses: {' or '.join(WHOSE)}")
    value, low, high = figures(
        {"value": row.get("estimate") or "", "low": row.get("estimate_low") or "",
         "high": row.get("estimate_high") or ""}
    )  # fmt: skip
    as_of = _dmy(row.get("date") or "")
    if as_of > today:
        raise ClaimError("date", "in the future")
    if as_of < WAR_START:  # its rows describe this war: 1 Apr 2022 to mid-2026
        raise ClaimError("date", f"before the full-scale invasion ({WAR_START.isoformat()})")
    party, link, note = split_note(
        " ".join((row.get("source") or "").split()), (row.get("source_url") or "").strip()
    )
    if not party:
        raise ClaimError("source", "required")
    url = link if len(link) <= 500 else ""
    said, reported = _when(statement_date(url) if url else None, url, as_of, today)
    return Claim(
        party=party[:100],
        metric=metric,
        value=value,
        as_of=as_of,
        stated_on=said,
        reported_on=reported,
        source=LEDGER_SOURCE,
        url=url,
        note=note[:500],
        low=low,
        high=high,
        whose=whose,
        party_to_war=(row.get(WARRING) or "").strip().lower() == "yes",
    )


def _when(
    dated: date | None, url: str, as_of: date, today: date
) -> tuple[date | None, date | None]:
    """(said on, reported on) from the link's date: said then where the link is the party's
    own or a report of that day; only reported then where the link is the compiler's own
    article, or dated before the day the figure describes (the two conflict)."""
    if dated is None or dated > today:
        return None, None
    if _COMPILER.match(url) or dated < as_of:
        return None, dated
    return dated, None


class ModelFileError(ValueError):
    """A file that is not The Economist's model output, or a row of it that cannot be read."""


@dataclass(frozen=True)
class ModelPoint:
    day: date
    estimate: float
    ci_lower: float  # the 95% confidence interval
    ci_upper: float
    pi_low: float  # the 95% prediction interval
    pi_high: float


@dataclass(frozen=True)
class ModelFit:
    """One fit of The Economist's model: its estimate of Russian `kind` (casualties: killed and
    wounded; deaths: killed) for every day of the war, made on `fitted_on` (the last day it
    estimates)."""

    kind: str
    fitted_on: date
    points: tuple[ModelPoint, ...]

    def on(self, day: date) -> ModelPoint | None:
        """The estimate for `day` (None: a day the fit does not cover)."""
        return self._by_day.get(day)

    @cached_property
    def _by_day(self) -> dict[date, ModelPoint]:
        """Built once per fit: every answer covering personnel looks a day up (a list of 1,641
        dates rebuilt per question took 0.13 ms of a 0.65 ms answer)."""
        return {p.day: p for p in self.points}


@dataclass(frozen=True)
class ModelEstimate:
    """The model's estimate of one kind for one day, and when it was fitted: an estimate made
    since, never something said at the time."""

    kind: str
    fitted_on: date
    point: ModelPoint


def model_estimates(models: Mapping[str, ModelFit], day: date) -> tuple[ModelEstimate, ...]:
    """The newest fit's estimate of each kind for `day` (casualties first), where it has one."""
    found = []
    for kind in MODEL_KINDS:
        fit = models.get(kind)
        point = fit.on(day) if fit is not None else None
        if fit is not None and point is not None:
            found.append(ModelEstimate(kind, fit.fitted_on, point))
    return tuple(found)


def is_model(columns: Sequence[str]) -> bool:
    return tuple(columns[: len(MODEL_COLUMNS)]) == MODEL_COLUMNS


def parse_model(text: str, where: str, today: date | None = None) -> ModelFit:
    """A meta-estimate file, all or nothing: Russian losses of one kind, a day a row, every day
    in the war and none after `today` (a row of 9999-12-31 would pin "fitted 31 Dec 9999" for
    ever); the rows not yet estimated (`NA`, the file's last day) are left out. At most
    `MAX_MODEL_ROWS` rows: the real files have one a day of the war (1,642 in August 2026)."""
    lines = text.splitlines()
    if len(lines) > MAX_MODEL_ROWS + 1:
        raise ModelFileError(f"{where}: more than {MAX_MODEL_ROWS:,} rows")
    reader = csv.DictReader(lines)
    if not is_model(reader.fieldnames or []):
        raise ModelFileError(f"{where}: not The Economist's meta-estimate file")
    points: dict[date, ModelPoint] = {}
    kinds: set[str] = set()
    for row in reader:
        line = f"{where} line {reader.line_num}"
        if (row.get("country") or "").strip() != RUSSIA:
            raise ModelFileError(f"{line}: not Russian losses")
        kinds.add((row.get("type") or "").strip())
        try:
            day = date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            raise ModelFileError(f"{line}: not a YYYY-MM-DD date") from None
        if day < WAR_START:
            raise ModelFileError(f"{line}: {day} is before the full-scale invasion")
        if today is not None and day > today + timedelta(days=1):
            raise ModelFileError(f"{line}: {day} is in the future")
        values = [(row.get(c) or "").strip() for c in MODEL_COLUMNS[2:7]]
        if "NA" in values:
            continue
        try:
            numbers = [float(v) for v in values]
        except ValueError:
            raise ModelFileError(f"{line}: a figure is not a number") from None
        if not all(math.isfinite(n) and 0 <= n < 1e8 for n in numbers):
            raise ModelFileError(f"{line}: a figure is out of range")
        estimate, ci_lower, ci_upper, pi_low, pi_high = numbers
        if not ci_lower <= estimate <= ci_upper:
            raise ModelFileError(f"{line}: the estimate is outside its interval")
        if day in points:
            raise ModelFileError(f"{line}: {day} appears twice")
        points[day] = ModelPoint(day, estimate, ci_lower, ci_upper, pi_low, pi_high)
    if len(kinds) != 1 or not kinds <= set(MODEL_KINDS):
        raise ModelFileError(f"{where}: one type, casualties or deaths, expected")
    if not points:
        raise ModelFileError(f"{where}: no estimates")
    ordered = tuple(sorted(points.values(), key=lambda p: p.day))
    return ModelFit(kinds.pop(), ordered[-1].day, ordered)
