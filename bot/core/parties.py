"""Who makes the claims an answer cites: each party's group, its name in running English and
Ukrainian, and how a sentence agrees with it. Data, a row per party, and look-ups; no I/O.

The ledgers spell one party several ways (`UK MoD`, `UK Ministry of Defence`): a row lists every
spelling it answers to, and its claims count as one party's. An answer cites by default the
latest claim of each *group* (`bot.core.claims.pick_context`), so the group is what a desk
states the rule by: Russia's government (the other side), Western governments and agencies,
independent counts, Ukraine's government other than the General Staff, research institutes,
and anyone the table does not know.

docs/parties.md lists the table; a test keeps the two the same. A party the table does not
know is named as the ledger spells it (in Ukrainian, transliterated: `cyrillic`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The groups, in the order an answer cites them until its five lines of context are used.
GROUPS = ("russia", "western", "independent", "ukraine", "research", "other")
GROUP_NAMES = {
    "russia": "Russia's government (the other side)",
    "western": "Western governments and agencies",
    "independent": "independent counts",
    "ukraine": "Ukraine's government, other than the General Staff",
    "research": "research institutes",
    "other": "anyone else",
}


@dataclass(frozen=True)
class Party:
    spellings: tuple[str, ...]  # as ledgers spell it; matched without regard to case
    group: str
    en: str  # in running text, with its article where it takes one: "the UK Ministry of Defence"
    uk: str  # "Міністерство оборони Великої Британії"
    pronoun: str = "it"  # "… on 4 Dec 2023 it said": it | they | he | she
    gender: str = "n"  # the Ukrainian verb agrees: m | f | n | pl ("заявив", "заявили")
    # Said of Ukraine's armed forces, whose General Staff's figure is the lead: their other
    # figures are estimates ("estimated on … that"), never "last gave a figure".
    estimates: bool = False

    @property
    def key(self) -> str:
        return self.spellings[0].casefold()


PARTIES: tuple[Party, ...] = (
    Party(("Russian Ministry of Defence", "Russian Ministry of Defense"), "russia",
          "the Russian Ministry of Defence", "Міністерство оборони Росії"),
    Party(("UK MoD", "UK Ministry of Defence"), "western",
          "the UK Ministry of Defence", "Міністерство оборони Великої Британії"),
    Party(("UK Foreign ministry",), "western",
          "the UK Foreign Office", "Міністерство закордонних справ Великої Британії"),
    Party(("United States Department of Defense", "US DoD"), "western",
          "the US Department of Defense", "Міністерство оборони США"),
    Party(("US Sec of Def",), "western",
          "the US Secretary of Defense", "міністр оборони США", "he", "m"),
    Party(("US officials (via NYT)",), "western",
          "US officials quoted by the New York Times",
          "американські посадовці (за даними The New York Times)", "they", "pl"),
    Party(("US officials (via The Economist)",), "western",
          "US officials quoted by The Economist",
          "американські посадовці (за даними The Economist)", "they", "pl"),
    Party(("US intelligence services",), "western",
          "US intelligence agencies", "розвідувальні служби США", "they", "pl"),
    Party(("Pentagon leak",), "western",
          "leaked Pentagon documents", "документи Пентагону, що потрапили у відкритий доступ",
          "they", "pl"),
    Party(("CIA",), "western", "the CIA", "ЦРУ"),
    Party(("NATO officials (via WP)",), "western",
          "NATO officials quoted by the Washington Post",
          "посадовці НАТО (за даними The Washington Post)", "they", "pl"),
    Party(("NATO officials (via media24)",), "western",
          "NATO officials quoted by United24 Media",
          "посадовці НАТО (за даними United24 Media)", "they", "pl"),
    Party(("NATO nations (via NYT)",), "western",
          "NATO countries quoted by the New York Times",
          "країни НАТО (за даними The New York Times)", "they", "pl"),
    Party(("Western intelligence agencies (via WSJ)",), "western",
          "Western intelligence agencies quoted by the Wall Street Journal",
          "західні розвідки (за даними The Wall Street Journal)", "they", "pl"),
    Party(("French foreign minister",), "western",
          "the French foreign minister", "міністр закордонних справ Франції", "he", "m"),
    Party(("Norwegian Defense Intelligence",), "western",
          "Norway's military intelligence service", "військова розвідка Норвегії", "it", "f"),
    Party(("Dutch Military Intelligence and Security Service (MIVD)",), "western",
          "the Dutch Military Intelligence and Security Service (MIVD)",
          "Військова служба розвідки та безпеки Нідерландів (MIVD)", "it", "f"),
    Party(("Mediazona; Meduza", "Mediazona; Meduza (cumulative)"), "independent",
          "Mediazona and Meduza", "«Медіазона» і «Медуза»", "they", "pl"),
    Party(("BBC Russia",), "independent",
          "the BBC Russian Service", "Російська служба BBC", "it", "f"),
    Party(("Excess deaths estimate (D. Kobak)",), "independent",
          "an excess-deaths study by Dmitry Kobak",
          "дослідження надлишкової смертності Дмитра Кобака"),
    Party(("The Memory Book",), "independent",
          "the Memory Book project", "проєкт «Книга пам'яті»", "it", "m"),
    Party(("UAlosses",), "independent", "the UALosses project", "проєкт UALosses", "it", "m"),
    Party(("Lostarmour",), "independent",
          "the LostArmour project", "проєкт LostArmour", "it", "m"),
    Party(("Yurii Butosov",), "independent",
          "the journalist Yurii Butusov", "журналіст Юрій Бутусов", "he", "m"),
    Party(("Armed Forces of Ukraine",), "ukraine",
          "Ukraine's armed forces", "Збройні сили України", "they", "pl", estimates=True),
    Party(("Office of the President of Ukraine",), "ukraine",
          "the Office of the President of Ukraine", "Офіс президента України", "it", "m"),
    Party(("Ukrainian estimate (leak via WSJ)",), "ukraine",
          "a Ukrainian estimate leaked to the Wall Street Journal",
          "українська оцінка, що потрапила до The Wall Street Journal", "it", "f"),
    Party(("CSIS", "The Centre for Strategic and International Studies"), "research",
          "the Center for Strategic and International Studies (CSIS)",
          "Центр стратегічних і міжнародних досліджень (CSIS)", "it", "m"),
    Party(("IISS",), "research",
          "the International Institute for Strategic Studies (IISS)",
          "Міжнародний інститут стратегічних досліджень (IISS)", "it", "m"),
)  # fmt: skip

BY_SPELLING = {spelling.casefold(): party for party in PARTIES for spelling in party.spellings}

# Speakers and source titles a claim carries, in Ukrainian; English keeps them as entered.
SPEAKERS_UK = {
    "Sergei Shoigu": "Сергій Шойгу",
    "Gen. Mark Milley": "генерал Марк Міллі",
}
SOURCES_UK = {
    "compiled by The Economist": "за підрахунком The Economist",
    "Televised address of the Russian Defence Minister": "телезвернення міністра оборони Росії",
    "Remarks at the Economic Club of New York, as reported by the Associated Press":
        "виступ в Економічному клубі Нью-Йорка, за даними Associated Press",
    "Russian Ministry of Defence briefing, as reported by AFP":
        "брифінг Міністерства оборони Росії, за даними AFP",
}  # fmt: skip


def party(spelled: str) -> Party:
    """The party a ledger's spelling names: its row, or one made from the spelling (group
    "other", its name as given, transliterated in Ukrainian)."""
    found = BY_SPELLING.get(spelled.casefold())
    if found is not None:
        return found
    return Party((spelled,), "other", spelled, cyrillic(spelled))


def group_key(spelled: str) -> str:
    """One key for every spelling of a party: claims are "each party's latest" by it."""
    return party(spelled).key


# Latin to Ukrainian letters, longest first (the national table, read backwards): a name the
# table does not hold is never left in Latin letters in a Ukrainian answer.
_LETTERS = {
    "shch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш", "ya": "я", "yu": "ю",
    "ye": "є", "yi": "ї", "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г",
    "h": "х", "i": "і", "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "и",
    "z": "з",
}  # fmt: skip
_LATIN = re.compile("|".join(sorted(_LETTERS, key=len, reverse=True)), re.IGNORECASE)


def cyrillic(text: str) -> str:
    """`text` with its Latin letters transliterated ("Reuters" → "Реутерс"), capitals kept."""

    def one(found: re.Match[str]) -> str:
        latin = found.group()
        letters = _LETTERS[latin.lower()]
        return letters[:1].upper() + letters[1:] if latin[:1].isupper() else letters

    return _LATIN.sub(one, text)
