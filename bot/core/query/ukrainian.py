"""Ukrainian question words, translated to the English words of the grammar before it parses.

`з 1 листопада 2022` reads as `from 1 november 2022`, `за тиждень` as `past week`, `дні 270–274`
as `days 270 - 274`. Category words (`танки`, `особовий склад`) are not here: they live with
the categories, in both languages. A table, not code: a new phrase is a new row. Pure.
"""

from __future__ import annotations

from collections.abc import Callable

MONTH_FORMS = {
    "january": ("січень", "січня", "січні"),
    "february": ("лютий", "лютого", "лютому"),
    "march": ("березень", "березня", "березні"),
    "april": ("квітень", "квітня", "квітні"),
    "may": ("травень", "травня", "травні"),
    "june": ("червень", "червня", "червні"),
    "july": ("липень", "липня", "липні"),
    "august": ("серпень", "серпня", "серпні"),
    "september": ("вересень", "вересня", "вересні"),
    "october": ("жовтень", "жовтня", "жовтні"),
    "november": ("листопад", "листопада", "листопаді"),
    "december": ("грудень", "грудня", "грудні"),
}
WEEKDAY_FORMS = {
    "monday": ("понеділок", "понеділка"),
    "tuesday": ("вівторок", "вівторка"),
    "wednesday": ("середа", "середи", "середу"),
    "thursday": ("четвер", "четверга"),
    "friday": ("п'ятниця", "п'ятниці", "п'ятницю"),
    "saturday": ("субота", "суботи", "суботу"),
    "sunday": ("неділя", "неділі", "неділю"),
}
_QUARTER_WORDS = (
    ("1", "i", "перший", "першому", "першого"),
    ("2", "ii", "другий", "другому", "другого"),
    ("3", "iii", "третій", "третьому", "третього"),
    ("4", "iv", "четвертий", "четвертому", "четвертого"),
)

# Ukrainian phrase -> the English words the grammar reads. Longer phrases are matched first.
PHRASES: dict[str, str] = {
    # the start of the full-scale invasion
    **dict.fromkeys(
        (
            "з початку вторгнення",
            "від початку вторгнення",
            "з початку повномасштабного вторгнення",
            "від початку повномасштабного вторгнення",
            "з початку війни",
            "від початку війни",
            "за весь час",
            "загалом",
            "усього",
            "всього",
        ),
        "since the invasion",
    ),
    # whole and rolling periods
    **dict.fromkeys(("за добу", "за останню добу", "за минулу добу"), "latest"),
    **dict.fromkeys(("за тиждень", "останній тиждень", "за останній тиждень"), "past week"),
    **dict.fromkeys(("за місяць", "останній місяць", "за останній місяць"), "past month"),
    **dict.fromkeys(("за рік", "останній рік", "за останній рік"), "past year"),
    **dict.fromkeys(("цього тижня", "цей тиждень", "поточного тижня"), "this week"),
    **dict.fromkeys(("цього місяця", "цей місяць", "поточного місяця"), "this month"),
    **dict.fromkeys(("цього року", "цей рік", "поточного року", "з початку року"), "this year"),
    **dict.fromkeys(("минулого тижня", "минулий тиждень", "попереднього тижня"), "last week"),
    **dict.fromkeys(("минулого місяця", "минулий місяць", "попереднього місяця"), "last month"),
    **dict.fromkeys(("минулого року", "минулий рік", "попереднього року"), "last year"),
    **dict.fromkeys(("останні", "останніх", "за останні"), "last"),
    **dict.fromkeys(("сьогодні",), "today"),
    **dict.fromkeys(("вчора", "учора"), "yesterday"),
    **dict.fromkeys(("останні дані", "останній звіт", "останнє", "зараз"), "latest"),
    # units
    **dict.fromkeys(("день", "дня"), "day"),
    **dict.fromkeys(("дні", "днів", "доби", "діб"), "days"),
    **dict.fromkeys(("тиждень", "тижня"), "week"),
    **dict.fromkeys(("тижні", "тижнів"), "weeks"),
    **dict.fromkeys(("місяці", "місяців"), "months"),
    **dict.fromkeys(("рік", "року", "році", "р.", "р"), "year"),
    # joining words
    **dict.fromkeys(("з", "із", "від"), "from"),
    **dict.fromkeys(("починаючи з", "починаючи від"), "since"),
    **dict.fromkeys(("до", "по"), "to"),
    **dict.fromkeys(("між",), "between"),
    **dict.fromkeys(("і", "й", "та"), "and"),
    **dict.fromkeys(("за",), "for"),
    **dict.fromkeys(("у", "в", "протягом"), "in"),
    **dict.fromkeys(("допомога", "довідка", "підказка"), "help"),
    **dict.fromkeys(("публічно", "для всіх"), "public"),
    **dict.fromkeys(("на", "станом на"), "on"),
    **dict.fromkeys(("з початку", "від початку"), "since start of"),
    **dict.fromkeys(("місяця",), "month"),
    **dict.fromkeys(("контекст", "з контекстом", "увесь контекст", "весь контекст"), "context"),
    # calendar words
    **{form: month for month, forms in MONTH_FORMS.items() for form in forms},
    **{form: day for day, forms in WEEKDAY_FORMS.items() for form in forms},
    **{
        f"{word} {noun}": f"q{n}"
        for n, words in enumerate(_QUARTER_WORDS, start=1)
        for word in words
        for noun in ("квартал", "кварталі", "кварталу")
    },
}
MAX_PHRASE_WORDS = max(len(p.split()) for p in PHRASES)


def translate(tokens: list[str], names_category: Callable[[list[str]], bool]) -> list[str]:
    """Tokens with every Ukrainian phrase of the table replaced by its English words. A phrase
    that names a category is kept whole, even where it holds a joining word ("техніка та
    автоцистерни")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(MAX_PHRASE_WORDS + 1, len(tokens) - i), 0, -1):
            words = tokens[i : i + size]
            if size > 1 and names_category(words):
                out += words
                i += size
                break
            english = PHRASES.get(" ".join(words))
            if english is not None:
                out += english.split()
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out
