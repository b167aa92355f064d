"""What others said, cited beside the General Staff's figures: claims from the ledger, later
estimates of the day, The Economist's model and Oryx's visually confirmed counts, as sentences
(English, Ukrainian) and as `--json` `context` items. A claim is printed as it was said (a
range as a range, a floor as "at least"), never as a midpoint; a model's interval is rounded for
print and given unrounded in `--json`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.render.wording import Wording, uk_number_form

if TYPE_CHECKING:  # each imported where it is cited: 4 ms each of a cold `ask` otherwise
    from bot.core.claims import Claim
    from bot.core.delta import Comparison
    from bot.core.economist import ModelEstimate
    from bot.core.oryx import OryxSnapshot

# What happened to the soldiers a figure counts, after the figure ("5,937 Russian soldiers had
# been killed"); in Ukrainian in the form the figure takes (1; 2-4; 5 and more, and a range).
_WHAT = {
    "killed": "soldiers had been killed",
    "wounded": "soldiers had been wounded",
    "killed_or_wounded": "soldiers had been killed or wounded",
    "captured": "soldiers had been captured",
}
_NATION = {"russia": "Russian", "ukraine": "Ukrainian"}
_WHAT_UK = {
    "killed": ("загинув", "загинули", "загинули"),
    "wounded": ("зазнав поранень", "зазнали поранень", "зазнали поранень"),
    "killed_or_wounded": ("загинув або зазнав поранень", "загинули або зазнали поранень",
                          "загинули або зазнали поранень"),
    "captured": ("потрапив у полон", "потрапили в полон", "потрапили в полон"),
}  # fmt: skip
_SOLDIERS_UK = {
    "russia": ("російський військовий", "російські військові", "російських військових"),
    "ukraine": ("український військовий", "українські військові", "українських військових"),
}
# After a figure in a later estimate: "66,241 killed or wounded by 1 Nov 2022".
_COUNTED = {"killed": "killed", "wounded": "wounded", "killed_or_wounded": "killed or wounded",
            "captured": "captured"}  # fmt: skip
_COUNTED_UK = {
    "killed": ("загиблий", "загиблі", "загиблих"),
    "wounded": ("поранений", "поранені", "поранених"),
    "killed_or_wounded": ("загиблий або поранений", "загиблі або поранені",
                          "загиблих або поранених"),
    "captured": ("полонений", "полонені", "полонених"),
}  # fmt: skip
# The verb agrees with the party: in English only its pronoun ("it said", "they said"), in
# Ukrainian the verb itself, by gender and number.
_VERBS_UK = {
    "said": {"m": "заявив", "f": "заявила", "n": "заявило", "pl": "заявили"},
    "estimated": {"m": "оцінив", "f": "оцінила", "n": "оцінило", "pl": "оцінили"},
    "gave": {"m": "оприлюднив", "f": "оприлюднила", "n": "оприлюднило", "pl": "оприлюднили"},
}
_SAID = {
    "en": "{who} {verb} on {stated} that {amount} {what} ({as_of}; {source}).",
    "uk": "{who} {verb} {stated}, що {amount} {what} ({as_of}; {source}).",
}
# Known only from a report of it (the compiler's article, say): never "said on".
_REPORTED = {
    "en": "{who} {verb} that {amount} {what} ({as_of}; reported on {reported}, {source}).",
    "uk": "{who} {verb}, що {amount} {what} ({as_of}; повідомлено {reported}, {source}).",
}
# A claim cited beside a report long after it was made says how old it is.
_SAID_LONG_AGO = {
    "en": "{who} last gave a figure in {month}: on {stated} {pronoun} said that {amount} {what} "
    "({as_of}; {source}).",
    "uk": "{who} востаннє {gave} дані {month}: {stated} {verb}, що {amount} {what} "
    "({as_of}; {source}).",
}
_AS_OF = {"en": "as of {day}", "uk": "станом на {day}"}
# A claim not known to have been said by the report's day: a later estimate of the day.
_LATER_LABEL = {"en": "Later estimate: ", "uk": "Пізніша оцінка: "}
_LATER = {
    "en": "{who}, {when}: {amount} {what} by {as_of} ({source}).",
    "uk": "{who}, {when}: {amount} {what} станом на {as_of} ({source}).",
}
_WHEN = {
    "en": {"published": "published {day}", "reported": "reported on {day}",
           "unknown": "publication date not known"},
    "uk": {"published": "оприлюднено {day}", "reported": "повідомлено {day}",
           "unknown": "дата оприлюднення невідома"},
}  # fmt: skip
_AMOUNT = {
    "en": {"range": "between {low} and {high}", "floor": "at least {low}",
           "ceiling": "up to {high}"},
    "uk": {"range": "від {low} до {high}", "floor": "щонайменше {low}", "ceiling": "до {high}"},
}  # fmt: skip
_AT_WAR = {"en": ", a party to the war,", "uk": ", сторона війни,"}
_MODEL = {
    "en": "{credit}'s model (fitted {fitted}) puts Russian {what} by {day} at {low}–{high} "
    "(95% interval).",
    "uk": "Модель {credit} (оновлена {fitted}) оцінює {what} станом на {day} у {low}–{high} "
    "(95% інтервал).",
}
# Both measures in one line: the dead first, as a desk cites them.
_MODEL_BOTH = {
    "en": "{credit}'s model (fitted {fitted}) puts Russian dead by {day} at {d_low}–{d_high} "
    "and killed and wounded at {c_low}–{c_high} (95% intervals).",
    "uk": "Модель {credit} (оновлена {fitted}) оцінює кількість убитих росіян станом на {day} у "
    "{d_low}–{d_high}, а вбитих і поранених — у {c_low}–{c_high} (95% інтервали).",
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
_MONTH_YEAR = {"en": "{month} {year}", "uk": "{month} {year} року"}
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


def _form(claim: Claim) -> int:
    """The Ukrainian form the words after the figure take: that of its last number (a range
    ends "до 20 000", which takes the genitive plural)."""
    if claim.value is not None:
        return uk_number_form(claim.value)
    if claim.low is not None and claim.high is None:
        return uk_number_form(claim.low)
    return 2


def _what(claim: Claim, words: Wording) -> str:
    """What the figure counts, after it: "Russian soldiers had been killed", "російських
    військових загинули"; a category: "Russian tanks had been lost", "танків втрачено"."""
    if words.lang == "uk":
        form = _form(claim)
        verb = _WHAT_UK.get(claim.metric)
        if verb is None:
            return words.counted(claim.metric, 5 if form == 2 else form + 1) + " втрачено"
        return f"{_SOLDIERS_UK[claim.whose][form]} {verb[form]}"
    what = _WHAT.get(claim.metric) or f"{words.label(claim.metric)} had been lost"
    return f"{_NATION[claim.whose]} {what}"


def party_name(claim: Claim, lang: str) -> str:
    """The party as running text names it, with its speaker: "the Russian Ministry of Defence
    (Sergei Shoigu)", "Міністерство оборони Росії (Сергій Шойгу)"."""
    from bot.core.parties import SPEAKERS_UK, cyrillic  # only where a claim is cited

    who = claim.who
    name = who.uk if lang == "uk" else who.en
    speaker = claim.speaker
    if speaker and lang == "uk":
        speaker = SPEAKERS_UK.get(speaker) or cyrillic(speaker)
    return name + (f" ({speaker})" if speaker else "")


def source_name(claim: Claim, lang: str) -> str:
    """Where it was said or compiled, in the answer's language."""
    if lang != "uk":
        return claim.source
    from bot.core.parties import SOURCES_UK, cyrillic

    return SOURCES_UK.get(claim.source) or cyrillic(claim.source)


def _opening(text: str) -> str:
    return text[:1].upper() + text[1:]


def claim_sentence(claim: Claim, words: Wording, on: date | None = None) -> str:
    """ "The Russian Ministry of Defence (Sergei Shoigu) said on 21 Sep 2022 that 5,937 Russian
    soldiers had been killed (as of 21 Sep 2022; Televised address …)." Cited beside the
    report of `on`, a claim made long before it says how old it is: "… last gave a figure in
    September 2022: on 21 Sep 2022 it said that …". Known only from a report of it: "… said
    that … (…; reported on 24 Jul 2022, compiled by The Economist)". A claim not known to have
    been said by `on` is a later estimate (`later_sentence`)."""
    lang = words.lang if words.lang in _SAID else "en"
    known = claim.known_on
    if known is None or (on is not None and known > on):
        return later_sentence(claim, words, label=on is not None)
    who = claim.who
    verb = "estimated" if who.estimates else "said"
    fields = {
        "who": party_name(claim, lang) + (_AT_WAR[lang] if claim.party_to_war else ""),
        "verb": _VERBS_UK[verb][who.gender] if lang == "uk" else verb,
        "gave": _VERBS_UK["gave"][who.gender],
        "pronoun": who.pronoun,
        "month": _MONTH_YEAR[lang].format(month=_MONTHS[lang][known.month - 1], year=known.year),
        "stated": words.date(known),
        "reported": words.date(known),
        "amount": amount(claim, words),
        "what": _what(claim, words),
        "as_of": _AS_OF[lang].format(day=words.date(claim.as_of)),
        "source": source_name(claim, lang),
    }
    if claim.stated_on is None:
        template = _REPORTED[lang]
    elif on is not None and on - known > LONG_AGO and not who.estimates:
        template = _SAID_LONG_AGO[lang]
    else:
        template = _SAID[lang]
    return _opening(template.format(**fields))


def later_sentence(claim: Claim, words: Wording, label: bool = True) -> str:
    """ "Later estimate: the UK Ministry of Defence, published 7 Jan 2025: 66,241 killed or
    wounded by 1 Nov 2022 (compiled by The Economist)." Never among what had been said by the
    report's day; in the ledger's list, without the label."""
    lang = words.lang if words.lang in _LATER else "en"
    when = (
        ("published", claim.stated_on) if claim.stated_on is not None
        else ("reported", claim.reported_on) if claim.reported_on is not None
        else ("unknown", None)
    )  # fmt: skip
    if lang == "uk":
        counted = _COUNTED_UK.get(claim.metric)
        what = counted[_form(claim)] if counted else words.label(claim.metric)
        what = ("українських " if claim.whose != "russia" else "") + what
    else:
        what = _COUNTED.get(claim.metric) or words.label(claim.metric)
        what = ("Ukrainian " if claim.whose != "russia" else "") + what
    sentence = _LATER[lang].format(
        who=party_name(claim, lang),
        when=_WHEN[lang][when[0]].format(day=words.date(when[1]) if when[1] else ""),
        amount=amount(claim, words),
        what=what,
        as_of=words.date(claim.as_of),
        source=source_name(claim, lang),
    )
    return _LATER_LABEL[lang] + sentence if label else _opening(sentence)


def shown_claims(comparison: Comparison) -> tuple[Claim, ...]:
    """The claims an answer cites: with `context`, all of them; else those `pick_context`
    chooses beside The Economist's interval and Oryx's count, five lines in all."""
    if comparison.all_context or not comparison.context:
        return comparison.context
    from bot.core.claims import pick_context

    confirmed = comparison.confirmed
    fixed = bool(comparison.modelled) + bool(confirmed is not None and confirmed.figures)
    return tuple(pick_context(comparison.context, fixed))


def more_context(comparison: Comparison) -> bool:
    """Whether an answer leaves out context it holds (claims, later estimates) by default."""
    if comparison.all_context:
        return False
    return bool(comparison.later) or len(shown_claims(comparison)) < len(comparison.context)


def context_json(comparison: Comparison) -> list[dict[str, object]]:
    """Every `context` item of `--json`, each with `shown`: whether the answer cites it."""
    shown = set(map(id, shown_claims(comparison)))
    confirmed = comparison.confirmed
    return [
        *({**claim_json(claim), "shown": id(claim) in shown} for claim in comparison.context),
        *({**model_json(estimate), "shown": True} for estimate in comparison.modelled),
        *({**item, "shown": True} for item in (oryx_json(confirmed) if confirmed else ())),
        *({**claim_json(claim, "later_estimate"), "shown": comparison.all_context}
          for claim in comparison.later),
    ]  # fmt: skip


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
        "reported_on": claim.reported_on.isoformat() if claim.reported_on is not None else None,
        "group": claim.who.group,
        "note": claim.note or None,
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


def model_line(estimates: Sequence[ModelEstimate], words: Wording) -> str | None:
    """The model's interval in one line, for both measures where it has both: "The Economist's
    model (fitted 21 Aug 2026) puts Russian dead by 7 Oct 2024 at 149,000–168,000 and killed and
    wounded at 604,000–654,000 (95% intervals)." None without an estimate."""
    by_kind = {estimate.kind: estimate for estimate in estimates}
    dead, both = by_kind.get("deaths"), by_kind.get("casualties")
    if dead is None or both is None or dead.fitted_on != both.fitted_on:
        return " ".join(model_sentence(estimate, words) for estimate in estimates) or None
    from bot.core.economist import CREDIT

    lang = words.lang if words.lang in _MODEL_BOTH else "en"
    d_low, d_high = print_round(dead.point.ci_lower, dead.point.ci_upper)
    c_low, c_high = print_round(both.point.ci_lower, both.point.ci_upper)
    return _MODEL_BOTH[lang].format(
        credit=CREDIT, fitted=words.date(dead.fitted_on), day=words.date(dead.point.day),
        d_low=words.int(d_low), d_high=words.int(d_high),
        c_low=words.int(c_low), c_high=words.int(c_high),
    )  # fmt: skip


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
    by_first: dict[date | None, list[str]] = {}
    for match, first in zip(snapshot.missing, snapshot.first_counted, strict=True):
        by_first.setdefault(first, []).append(match.uk if words.lang == "uk" else match.en)
    parts = [
        words.say("oryx_missing_until", labels=words.listing(labels), first=words.date(first))
        if first is not None
        else words.listing(labels)
        for first, labels in sorted(by_first.items(), key=lambda kv: kv[0] or date.max)
    ]
    return words.say("oryx_missing", items="; ".join(parts))


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
