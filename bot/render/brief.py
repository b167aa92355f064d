"""The brief: the data part of the morning story (see `../shared/seeds/`), ready to paste.

A headline, KEY POINTS (the day's personnel loss between weekday and weekday, where most losses
were, the total since the invasion), then short paragraphs: the total, the previous report's,
the directions, each other party's latest claim made on or before the report's date, and
Oryx's visually confirmed counts of the main equipment categories. Every sentence names its
source, the brief ends with a one-line disclosure, and what the store lacks is said to be
missing, never filled in. English or Ukrainian. Pure: built from a `History`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bot.core.answer import answer_query
from bot.core.categories import PERSONNEL
from bot.core.delta import Comparison
from bot.core.disputes import undecided
from bot.core.economist import CREDIT
from bot.core.freshness import Freshness
from bot.core.oryx import MATCHES, ORYX_PARTY, OryxSnapshot
from bot.core.query.grammar import Latest, On, Query, UsageError, parse_query
from bot.core.reports import History
from bot.core.war import WAR_START
from bot.render.context import (
    claim_json,
    claim_sentence,
    model_json,
    model_line,
    oryx_json,
    oryx_missing_sentence,
    oryx_sentence,
    shown_claims,
)
from bot.render.flags import age_text, flag_json, flag_text
from bot.render.text import directions_line, headline
from bot.render.wording import Wording, wording

if TYPE_CHECKING:
    from bot.core.claims import Claim

EQUIPMENT = tuple(dict.fromkeys(k for m in MATCHES for k in m.categories))
WEEKDAY_SPAN = timedelta(days=6)  # further apart, weekdays would be ambiguous: dates instead


@dataclass(frozen=True)
class Brief:
    comparison: Comparison  # personnel, the report against the one before it
    title: str
    key_points: tuple[str, ...]
    paragraphs: tuple[str, ...]
    notes: tuple[str, ...]
    disclosure: str
    confirmed: OryxSnapshot | None = None  # Oryx's counts cited, if any

    @property
    def lang(self) -> str:
        return self.comparison.lang


def brief_query(text: str, today: date, lang: str = "en") -> Query:
    """The report a brief is for: a date in any form `/losses on` reads, or none (the latest).
    A Ukrainian date (or the word "довідка") asks for Ukrainian."""
    query = parse_query(text, today)
    language = "uk" if "uk" in (lang, query.lang if isinstance(query, Query) else "en") else "en"
    if (
        not isinstance(query, Query)
        or query.categories
        or not isinstance(query.period, On | Latest)
    ):
        raise UsageError("usage_brief", language)
    return Query(query.text, query.period, (PERSONNEL,), language)


def compose_brief(
    history: History, query: Query, today: date, freshness: Freshness | None = None
) -> Brief:
    """The brief for the query's report; `bot.core.answer.Unanswerable` when the store has no such
    report."""
    comparison = answer_query(query, history, today, freshness)
    words = wording(comparison.lang)
    report = comparison.report
    where = directions_line(comparison)
    title, lost, total = _headline(comparison, today, words)
    key_points = [lost, *([where] if where else [])]
    paragraphs: list[str] = []
    if total is not None:
        key_points.append(words.say("brief_total_point", total=words.int(total),
                                    soldiers=words.soldiers(total), start=words.date(WAR_START),
                                    authority=words.authority))  # fmt: skip
        until = words.say("brief_until", weekday=words.weekday(report.date).capitalize(),
                          date=words.date(report.date))  # fmt: skip
        paragraphs.append(words.say("brief_total", start=words.date(WAR_START), until=until,
                                    total=words.int(total), authority=words.authority,
                                    report=words.report(report)))  # fmt: skip
    base = comparison.base
    previous = base.totals.get(PERSONNEL) if base is not None else None
    if base is not None and previous is not None and not undecided(base, PERSONNEL):
        paragraphs.append(
            words.say("brief_previous", report=words.report(base), total=words.int(previous))
        )
    paragraphs += [*([where] if where else [])]
    context, parties, snapshot = _context(history, comparison, words)
    sources = "; ".join(dict.fromkeys([words.source(comparison.feeds), *parties]))
    return Brief(
        comparison=comparison,
        title=title,
        key_points=tuple(key_points),
        paragraphs=tuple(paragraphs + context),
        notes=tuple(words.say("note", text=flag_text(flag, words)) for flag in comparison.flags),
        disclosure=words.say("brief_disclosure", sources=sources),
        confirmed=snapshot if snapshot is not None and snapshot.figures else None,
    )


def _headline(comparison: Comparison, today: date, words: Wording) -> tuple[str, str, int | None]:
    """The title, the first key point, and the personnel total to state (None where it is not
    one figure): an undecided figure gives both values from the first line on."""
    report, base = comparison.report, comparison.base
    change = comparison.change.get(PERSONNEL)
    total = comparison.totals.get(PERSONNEL)
    span = comparison.uncertain.get(PERSONNEL)
    if span is not None:
        title = words.say("brief_title_undecided", report=words.report(report))
        lost = headline(comparison)
        total = total if span.totals[0] == span.totals[1] else None
    elif base is not None and change is not None and change > 0 and total is not None:
        # Weekdays only for a report of this week: "between Friday and Saturday" pasted in
        # November about an August report would mislead.
        close = report.date - base.date <= WEEKDAY_SPAN and today - report.date <= WEEKDAY_SPAN

        def between(headline: bool) -> str:
            return words.say(
                "brief_between",
                base=words.weekday(base.date) if close else words.date(base.date, headline),
                report=words.weekday(report.date) if close else words.date(report.date, headline),
            )

        people = words.soldiers(change)
        title = words.say("brief_title", n=words.int(change), soldiers=people, span=between(True))
        lost = words.say("brief_lost", n=words.int(change), soldiers=people, span=between(False),
                         authority=words.authority)  # fmt: skip
    else:
        title = words.say("brief_title_plain", report=words.report(report))
        lost = headline(comparison)
    stale = next((f for f in comparison.flags if f.kind == "stale"), None)
    if stale is not None:  # in the headline, not only at the foot
        title += words.say("brief_stale", age=age_text(stale.params["age"], words))
    return title, lost, total


BRIEF_CLAIMS = 3  # a story cites two or three; the seed article, two


def brief_claims(comparison: Comparison) -> tuple[Claim, ...]:
    """The claims a brief cites: the first three the answers' rule picks (`shown_claims`)."""
    return shown_claims(comparison)[:BRIEF_CLAIMS]


def _context(
    history: History, comparison: Comparison, words: Wording
) -> tuple[list[str], list[str], OryxSnapshot | None]:
    """What others say beside the report: claims, The Economist's model, Oryx's count; the
    parties to credit; Oryx's snapshot."""
    report = comparison.report
    cited = brief_claims(comparison)
    paragraphs = [claim_sentence(claim, words, report.date) for claim in cited]
    model = model_line(comparison.modelled, words)
    paragraphs += [model] if model else []
    parties = [claim.who.uk if words.lang == "uk" else claim.who.en for claim in cited]
    parties += [CREDIT] if comparison.modelled else []
    snapshot = history.oryx.confirmed(report.date, EQUIPMENT) if history.oryx else None
    if snapshot is not None:
        confirmed, missing = oryx_sentence(snapshot, words), oryx_missing_sentence(snapshot, words)
        paragraphs += [line for line in (confirmed, missing) if line]
        if confirmed:
            parties.append(ORYX_PARTY)
    return paragraphs, parties, snapshot


def brief_text(brief: Brief) -> str:
    """For a terminal or a story draft: plain text, bullets as in the seed."""
    heading = wording(brief.comparison.lang).say("brief_key_points")
    parts = [brief.title, "", heading, "", *(f"  • {point}" for point in brief.key_points)]
    for paragraph in brief.paragraphs:
        parts += ["", paragraph]
    if brief.notes:
        parts += ["", *brief.notes]
    parts += ["", brief.disclosure]
    return "\n".join(parts)


def brief_json(brief: Brief) -> dict[str, Any]:
    """The same brief as data: the sentences, and every figure in them with its source."""
    comparison = brief.comparison
    words = wording(comparison.lang)
    report, base = comparison.report, comparison.base
    span = comparison.uncertain.get(PERSONNEL)
    personnel = {
        "change": comparison.change.get(PERSONNEL),
        "total": comparison.totals.get(PERSONNEL),
        "previous_total": base.totals.get(PERSONNEL) if base is not None else None,
        "from": None if base is None else {"date": base.date.isoformat(), "day": base.day},
        "to": {"date": report.date.isoformat(), "day": report.day},
    }
    if span is not None:  # no evidence decided: the ends, and no single figure as fact
        low, high = span.totals
        personnel.update(
            change=None,
            total=None if low != high else low,
            undecided={"change": list(span.change), "total": [low, high]},
        )
        if base is not None and undecided(base, PERSONNEL):
            personnel["previous_total"] = None
    cited = brief_claims(comparison)
    return {
        "lang": brief.lang,
        "date": report.date.isoformat(),
        "source": words.source(comparison.feeds),
        "title": brief.title,
        "key_points": list(brief.key_points),
        "paragraphs": list(brief.paragraphs),
        "notes": list(brief.notes),
        "disclosure": brief.disclosure,
        "personnel": personnel,
        "directions": report.directions,
        "flags": [flag_json(flag, words) for flag in comparison.flags],
        "context": [
            *({**claim_json(c), "shown": c in cited} for c in comparison.context),
            *(model_json(estimate) for estimate in comparison.modelled),
            *(oryx_json(brief.confirmed) if brief.confirmed is not None else ()),
        ],
    }
