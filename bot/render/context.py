"""What others said, cited beside the General Staff's figures: claims from the ledger and Oryx's
visually confirmed counts, as sentences (English, Ukrainian) and as `--json` `context` items."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.claims import Claim
from bot.core.oryx import ORYX_PARTY, ORYX_SOURCE, ORYX_URL, OryxSnapshot
from bot.render.wording import Wording

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
_SAID = {
    "en": "{who} said on {stated} that {qualifier}{n} {what} (as of {as_of}; {source}).",
    "uk": "{who} заявили {stated}, що {qualifier}{n} {what} (станом на {as_of}; {source}).",
}
# A claim cited beside a report long after it was made says how old it is.
_SAID_LONG_AGO = {
    "en": "{who} last gave a figure in {month}: on {stated} it said that {qualifier}{n} {what} "
    "(as of {as_of}; {source}).",
    "uk": "{who} востаннє оприлюднили дані {month}: {stated} заявили, що {qualifier}{n} {what} "
    "(станом на {as_of}; {source}).",
}
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


def claim_sentence(claim: Claim, words: Wording, on: date | None = None) -> str:
    """ "Russian Ministry of Defence (Sergei Shoigu) said on 21 Sep 2022 that 5,937 soldiers had
    been killed (as of 21 Sep 2022; Televised address …)." Cited beside the report of `on`, a
    claim made long before it says how old it is: "… last gave a figure in September 2022:
    on 21 Sep 2022 it said that …"."""
    lang = words.lang if words.lang in _SAID else "en"
    long_ago = on is not None and on - claim.stated_on > LONG_AGO
    said = (_SAID_LONG_AGO if long_ago else _SAID)[lang]
    month = f"{_MONTHS[lang][claim.stated_on.month - 1]} {claim.stated_on.year}"
    who = claim.party + (f" ({claim.speaker})" if claim.speaker else "")
    what = _WHAT[lang].get(claim.metric) or (
        f"{words.label(claim.metric)}" + (" lost" if lang == "en" else " (втрати)")
    )
    qualifier = claim.qualifier
    if lang == "uk" and qualifier:
        qualifier = _QUALIFIERS_UK.get(qualifier, qualifier)
    return said.format(
        who=who,
        month=month,
        stated=words.date(claim.stated_on),
        qualifier=f"{qualifier} " if qualifier else "",
        n=words.int(claim.value),
        what=what,
        as_of=words.date(claim.as_of),
        source=claim.source,
    )


def claim_json(claim: Claim) -> dict[str, object]:
    return {
        "kind": "claim",
        "source": claim.source,
        "party": claim.party,
        "metric": claim.metric,
        "value": claim.value,
        "qualifier": claim.qualifier or None,
        "as_of": claim.as_of.isoformat(),
        "stated_on": claim.stated_on.isoformat(),
        "url": claim.url or None,
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
