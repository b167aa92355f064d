"""Where most losses were, in words: the General Staff's direction names in either language.

The dataset gives the place names in English ("Avdiivka, Bakhmut and Lyman"); a Ukrainian answer
names each direction by its own adjective, as the General Staff writes it ("на Авдіївському,
Бахмутському та Лиманському напрямках"), and one direction is singular in both languages. The
table is data: the 17 places of the 64 distinct strings the reports of 2022 give. A string with
a place not in it is quoted as the source wrote it. Pure string composition.
"""

from __future__ import annotations

import re

from bot.render.wording import Wording

# A place as the dataset spells it -> its direction's adjective, locative ("на … напрямку").
UK_DIRECTIONS = {
    "Avdiivka": "Авдіївському",
    "Bakhmut": "Бахмутському",
    "Donetsk": "Донецькому",
    "Izyum": "Ізюмському",
    "Kharkiv": "Харківському",
    "Kramatorsk": "Краматорському",
    "Kryvyi Rih": "Криворізькому",
    "Kupiansk": "Куп'янському",
    "Kurakhove": "Курахівському",
    "Lyman": "Лиманському",
    "Mykolaiv": "Миколаївському",
    "Novopavlivsk": "Новопавлівському",
    "Popasna": "Попаснянському",
    "Sievierodonetsk": "Сєвєродонецькому",
    "Slobozhanskyi": "Слобожанському",
    "Sloviansk": "Слов'янському",
    "Zaporizhzhia": "Запорізькому",
}
SEPARATORS = re.compile(r",\s*(?:and\s+)?|\s+(?:and|&)\s+")


def places(directions: str) -> list[str]:
    """The places a directions string names: "Avdiivka, Bakhmut and Lyman" -> three."""
    return [p.strip() for p in SEPARATORS.split(directions) if p.strip()]


def directions_sentence(directions: str, words: Wording) -> str:
    """ "Most of the losses were in the Izyum direction" / "на Авдіївському, Бахмутському та
    Лиманському напрямках", as the General Staff said."""
    named = places(directions)
    one = len(named) == 1
    if words.lang != "uk":
        return words.say("directions_one" if one else "directions", directions=directions)
    if not named or any(p not in UK_DIRECTIONS for p in named):
        return words.say("directions_as_given", directions=directions)
    adjectives = [UK_DIRECTIONS[p] for p in named]
    joined = adjectives[0] if one else ", ".join(adjectives[:-1]) + " та " + adjectives[-1]
    return words.say("directions_one" if one else "directions", directions=joined)
