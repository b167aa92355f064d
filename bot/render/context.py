"""What others said, cited beside the General Staff's figures: claims from the ledger, later
estimates of the day, The Economist's model and Oryx's visually confirmed counts, as sentences
(English, Ukrainian) and as `--json` `context` items. A claim is printed as it was said (a
range as a range, a floor as "at least"), never as a midpoint; a model's interval is rounded for
print and given unrounded in `--json`."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.render.wording import Wording

if TYPE_CHECKING:  # each imported where it is cited: 4 ms each of a cold `ask` otherwise
    from bot.core.claims import Claim
    from bot.core.economist import ModelEstimate
    from bot.core.oryx import OryxSnapshot

_WHAT = {
    "en": {
        "killed": "soldiers had been killed",
        "wounded": "soldiers had been wounded",
        "killed_or_wounded": "soldiers had been killed or wounded",
        "captured": "soldiers had been captured",
    },
    "uk": {
        "killed": "військових загинули",
        "wounded": "військових поранені",
        "killed_or_wounded": "військових загинули або поранені",
        "captured": "військових потрапили в полон",
    },
}
# After a figure in a later estimate: "66,241 killed or wounded by 1 Nov 2022".
_COUNTED = {
    "en": {"killed": "killed", "wounded": "wounded", "killed_or_wounded": "killed or wounded",
           "captured": "captured"},
    "uk": {"killed": "загиблих", "wounded": "поранених", "killed_or_wounded":
           "загиблих або поранених", "captured": "полонених"},
}  # fmt: skip
_SAID = {
    "en": "{who} said on {stated} that {amount} {what} (as of {as_of}; {source}).",
    "uk": "{who} заявили {stated}, що {amount} {what} (станом на {as_of}; {source}).",
}
# A claim cited beside a report long after it was made says how old it is.
_SAID_LONG_AGO = {
    "en": "{who} last gave a figure in {month}: on {stated} it said that {amount} {what} "
    "(as of {as_of}; {source}).",
    "uk": "{who} востаннє оприлюднили дані {month}: {stated} заявили, що {amount} {what} "
    "(станом на {as_of}; {source}).",
}
# A claim not known to have been said by the report's day: a later estimate of the day.
_LATER_LABEL = {"en": "Later estimate: ", "uk": "Пізніша оцінка: "}
_LATER = {
    "en": "{who}, published {stated}: {amount} {what} by {as_of} ({source}).",
    "uk": "{who}, оприлюднено {stated}: {amount} {what} станом на {as_of} ({source}).",
}
_LATER_UNDATED = {
    "en": "{who}, publication date not known: {amount} {what} by {as_of} ({source}).",
    "uk": "{who}, дата оприлюднення невідома: {amount} {what} станом на {as_of} ({source}).",
}
# A claim about another side's losses says whose (kept in the ledger, never cited beside these).
_WHOSE = {"en": {"ukraine": "Ukrainian "}, "uk": {"ukraine": "українських "}}
_AMOUNT = {
    "en": {"range": "between {low} and {high}", "floor": "at least {low}",
           "ceiling": "up to {high}"},
    "uk": {"range": "від {low} до {high}", "floor": "щонайменше {low}", "ceiling": "до {high}"},
}  # fmt: skip
_AT_WAR = {"en": "a party to the war", "uk": "сторона війни"}
_MODEL = {
    "en": "{credit}'s model (fitted {fitted}) puts Russian {what} by {day} at {low}–{high} "
    "(95% interval).",
    "uk": "Модель {credit} (оновлена {fitted}) оцінює {what} станом на {day} у {low}–{high} "
    "(95% інтервал).",
}
_MODEL_WHAT = {
    "en": {"casualties": "killed and wounded", "deaths": "dead"},
    "uk": {"casualties": "кількість убитих і поранених росіян",
           "deaths": "кількість убитих росіян"},
}  # fmt: skip
LONG_AGO = timedelta(days=90)  # older than a quarter before the report: its age is said
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "uk": ("у січні", "у лютому", "у березні", "у квітні", "у травні", "у червні", "у липні",
           "у серпні", "у вересні", "в жовтні", "у листопаді", "у грудні"),
}  # fmt: skip
_QUALIFIERS_UK = {"about": "близько", "at least": "щонайменше", "more than": "понад",
                  "over": "понад", "well over": "значно понад", "up to": "до",
                  "almost": "майже"}  # fmt: skip


def amount(claim: Claim, words: Wording) -> str:
    """The figure as said: "well over 100,000", "between 70,000 and 80,000", "at least 15,000",
    "up to 20,000", "100,000 (between 90,000 and 110,000)"; never a midpoint."""
    lang = words.lang if words.lang in _AMOUNT else "en"
    low, high = claim.low, claim.high
    shape = (
        "range"
        if low is not None and high is not None
        else "floor"
        if low is not None
        else ("ceiling" if high is not None else "")
    )
    said = _AMOUNT[lang][shape].format(
        low=words.int(low or 0), high=words.int(high or 0)) if shape else ""  # fmt: skip
    if claim.value is None:
        return said
    qualifier = claim.qualifier
    if lang == "uk" and qualifier:
        qualifier = _QUALIFIERS_UK.get(qualifier, qualifier)
    point = (f"{qualifier} " if qualifier else "") + words.int(claim.value)
    return f"{point} ({said})" if said else point


def _who(claim: Claim, lang: str) -> str:
    who = claim.party + (f" ({claim.speaker})" if claim.speaker else "")
    return who + (f" ({_AT_WAR[lang]})" if claim.party_to_war else "")


def claim_sentence(claim: Claim, words: Wording, on: date | None = None) -> str:
    """ "Russian Ministry of Defence (Sergei Shoigu) said on 21 Sep 2022 that 5,937 soldiers had
    been killed (as of 21 Sep 2022; Televised address …)." Cited beside the report of `on`, a
    claim made long before it says how old it is: "… last gave a figure in September 2022:
    on 21 Sep 2022 it said that …". A claim not known to have been said by `on` is a later
    estimate (`later_sentence`)."""
    lang = words.lang if words.lang in _SAID else "en"
    if claim.stated_on is None or (on is not None and claim.stated_on > on):
        return later_sentence(claim, words, label=on is not None)
    long_ago = on is not None and on - claim.stated_on > LONG_AGO
    said = (_SAID_LONG_AGO if long_ago else _SAID)[lang]
    month = f"{_MONTHS[lang][claim.stated_on.month - 1]} {claim.stated_on.year}"
    what = _WHAT[lang].get(claim.metric) or (
        f"{words.label(claim.metric)}" + (" lost" if lang == "en" else " (втрати)")
    )
    what = _WHOSE[lang].get(claim.whose, "") + what
    return said.format(
        who=_who(claim, lang),
        month=month,
        stated=words.date(claim.stated_on),
        amount=amount(claim, words),
        what=what,
        as_of=words.date(claim.as_of),
        source=claim.source,
    )


def later_sentence(claim: Claim, words: Wording, label: bool = True) -> str:
    """ "Later estimate: UK MoD, published 7 Jan 2025: 66,241 killed or wounded by 1 Nov 2022
    (compiled by The Economist)." Never among what had been said by the report's day; in the
    ledger's list, without the label."""
    lang = words.lang if words.lang in _LATER else "en"
    template = (_LATER if claim.stated_on is not None else _LATER_UNDATED)[lang]
    return (_LATER_LABEL[lang] if label else "") + template.format(
        who=_who(claim, lang),
        stated=words.date(claim.stated_on) if claim.stated_on is not None else "",
        amount=amount(claim, words),
        what=_WHOSE[lang].get(claim.whose, "")
        + (_COUNTED[lang].get(claim.metric) or words.label(claim.metric)),
        as_of=words.date(claim.as_of),
        source=claim.source,
    )


def claim_json(claim: Claim, kind: str = "claim") -> dict[str, object]:
    """A `context` item: the figure as said (`value`, `low`, `high`; null where not said)."""
    return {
        "kind": kind,
        "source": claim.source,
        "party": claim.party,
        "metric": claim.metric,
        "value": claim.value,
        "low": claim.low,
        "high": claim.high,
        "qualifier": claim.qualifier or None,
        "as_of": claim.as_of.isoformat(),
        "stated_on": claim.stated_on.isoformat() if claim.stated_on is not None else None,
        "whose": claim.whose,
        "party_to_war": claim.party_to_war,
        "url": claim.url or None,
    }


def print_round(low: float, high: float) -> tuple[int, int]:
    """An interval for print: both ends to a unit a tenth of the interval's order (81,676 to
    106,325 is 82,000–106,000; 15,692 to 18,626 is 15,700–18,600)."""
    width = max(high - low, 1.0)
    unit = 10 ** max(math.floor(math.log10(width)) - 1, 0)
    return int(round(low / unit) * unit), int(round(high / unit) * unit)


def model_sentence(estimate: ModelEstimate, words: Wording) -> str:
    """ "The Economist's model (fitted 21 Aug 2026) puts Russian killed and wounded by 24 Nov 2022
    at 82,000–106,000 (95% interval)." The fit date always named: made since, not said then."""
    from bot.core.economist import CREDIT

    lang = words.lang if words.lang in _MODEL else "en"
    low, high = print_round(estimate.point.ci_lower, estimate.point.ci_upper)
    return _MODEL[lang].format(
        credit=CREDIT,
        fitted=words.date(estimate.fitted_on),
        what=_MODEL_WHAT[lang][estimate.kind],
        day=words.date(estimate.point.day),
        low=words.int(low),
        high=words.int(high),
    )


def model_json(estimate: ModelEstimate) -> dict[str, object]:
    """A `context` item with the model's figures unrounded."""
    from bot.core.economist import CREDIT

    point = estimate.point
    return {
        "kind": "model_estimate",
        "source": f"{CREDIT}, meta-estimate of Russian {estimate.kind}",
        "party": CREDIT,
        "metric": {"casualties": "killed_or_wounded", "deaths": "killed"}[estimate.kind],
        "value": point.estimate,
        "low": point.ci_lower,
        "high": point.ci_upper,
        "interval": "95% confidence interval",
        "prediction_interval": [point.pi_low, point.pi_high],
        "as_of": point.day.isoformat(),
        "fitted_on": estimate.fitted_on.isoformat(),
        "stated_on": None,  # a model's estimate, made since: never something said then
        "url": None,
    }


def oryx_sentence(snapshot: OryxSnapshot, words: Wording) -> str | None:
    """ "Oryx has visually confirmed 4,074 Russian tanks lost as of 19 Jul 2025 (a lower bound:
    only losses with photo or video evidence)." One sentence however many figures; None when
    Oryx has none to cite."""
    if not snapshot.figures:
        return None
    many = len(snapshot.figures) > 1
    items = ", ".join(
        words.say(
            "oryx_item" if many else "oryx_first",
            n=words.int(f.value),
            label=f.match.uk if words.lang == "uk" else f.match.en,
        )
        for f in snapshot.figures
    )
    return words.say(
        "oryx_many" if many else "oryx_one", items=items, as_of=words.date(snapshot.as_of)
    )


def oryx_missing_sentence(snapshot: OryxSnapshot, words: Wording) -> str | None:
    """What Oryx has no count of then (a type it did not track yet), or None."""
    if not snapshot.missing:
        return None
    labels = [m.uk if words.lang == "uk" else m.en for m in snapshot.missing]
    return words.say("oryx_missing", labels=", ".join(labels), as_of=words.date(snapshot.as_of))


def oryx_json(snapshot: OryxSnapshot) -> list[dict[str, object]]:
    """The `"context"` items: the claim fields, with `kind` and what the figure sums."""
    from bot.core.oryx import ORYX_PARTY, ORYX_SOURCE, ORYX_URL

    return [
        {
            "kind": "visually_confirmed",
            "source": ORYX_SOURCE,
            "party": ORYX_PARTY,
            "metric": figure.match.key,
            "value": figure.value,
            "qualifier": "at least",
            "as_of": snapshot.as_of.isoformat(),
            "stated_on": snapshot.as_of.isoformat(),
            "url": ORYX_URL,
            "categories": list(figure.match.categories),
            "oryx_types": list(figure.match.types),
        }
        for figure in snapshot.figures
    ]
