"""The ledger's claims as `/losses claims` lists them: newest first, each as answers cite it."""

from __future__ import annotations

from bot.core.reports import History
from bot.render.context import claim_sentence
from bot.render.wording import wording

MAX_LISTED_CLAIMS = 20


def claims_text(history: History, party: str = "", lang: str = "en") -> str:
    """The newest claims in force (of `party`, part of its name in any case), each as the
    sentence answers cite it, ranges as said, with its ledger id."""
    say = wording(lang)
    if not history.claims:
        return say.say("no_claims")
    found = [c for c in history.claims if party.casefold() in c.party.casefold()]
    if not found:
        return say.say("no_claims_by", party=party)
    newest = sorted(found, key=lambda c: (c.stated_on or c.as_of, c.id), reverse=True)
    lines = [f"#{c.id} {claim_sentence(c, say)}" for c in newest[:MAX_LISTED_CLAIMS]]
    more = len(newest) - MAX_LISTED_CLAIMS
    title = say.say("claims_by", party=party) if party else say.say("claims_all")
    return "\n".join([title, *lines, *([say.say("claims_more", n=more)] if more > 0 else [])])
