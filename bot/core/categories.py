"""Loss categories: canonical keys, labels for print in English and Ukrainian, and the words
people use for them in both languages.

Canonical keys are the russianwarship.rip v2 keys. The set is open-ended: a key nobody has
seen before (the General Staff added "ground robotic systems" in 2026) gets a label derived
from the key and is never dropped. Ukrainian titles follow the General Staff's own list (which
russianwarship.rip's `/terms/ua` repeats). This module holds vocabulary only; it does no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Category:
    key: str
    singular: str
    plural: str
    uk: str = ""  # the Ukrainian title, as the General Staff lists it
    # The Ukrainian noun phrase after a number, as the object of "втратила" (lost): the forms
    # for 1 (21, 31, ...), for 2-4 (22, ...) and for 5-20 and 0 (25, 11-14, ...).
    uk_counted: tuple[str, str, str] = ("", "", "")
    lost: bool = True  # False for prisoners of war: taken, not lost

    def label(self, count: int | None = None) -> str:
        """The printed name, singular for exactly one ("1 tank", "310 personnel")."""
        return self.singular if count in (1, -1) else self.plural

    @property
    def title(self) -> str:
        """The label at the start of a line: "MLRS", "UAVs", "Tanks" (never "Mlrs")."""
        return self.plural[:1].upper() + self.plural[1:]


# Order is the order of the General Staff's own list, used for tables.
KNOWN_CATEGORIES: tuple[Category, ...] = (
    Category("personnel_units", "personnel", "personnel", "особовий склад",
             ("особу особового складу", "особи особового складу", "осіб особового складу")),
    Category("tanks", "tank", "tanks", "танки", ("танк", "танки", "танків")),
    Category("armoured_fighting_vehicles", "armoured combat vehicle", "armoured combat vehicles",
             "бойові броньовані машини",
             ("бойову броньовану машину", "бойові броньовані машини", "бойових броньованих машин")),
    Category("artillery_systems", "artillery system", "artillery systems", "артилерійські системи",
             ("артилерійську систему", "артилерійські системи", "артилерійських систем")),
    Category("mlrs", "MLRS", "MLRS", "РСЗВ", ("РСЗВ", "РСЗВ", "РСЗВ")),
    Category("aa_warfare_systems", "air defence system", "air defence systems", "засоби ППО",
             ("засіб ППО", "засоби ППО", "засобів ППО")),
    Category("planes", "aircraft", "aircraft", "літаки", ("літак", "літаки", "літаків")),
    Category("helicopters", "helicopter", "helicopters", "гелікоптери",
             ("гелікоптер", "гелікоптери", "гелікоптерів")),
    Category("uav_systems", "UAV", "UAVs", "БпЛА оперативно-тактичного рівня",
             ("БпЛА оперативно-тактичного рівня",) * 3),
    Category("cruise_missiles", "cruise missile", "cruise missiles", "крилаті ракети",
             ("крилату ракету", "крилаті ракети", "крилатих ракет")),
    Category("warships_cutters", "warship or boat", "warships and boats", "кораблі / катери",
             ("корабель / катер", "кораблі / катери", "кораблів / катерів")),
    Category("submarines", "submarine", "submarines", "підводні човни",
             ("підводний човен", "підводні човни", "підводних човнів")),
    Category("vehicles_fuel_tanks", "vehicle or fuel tank", "vehicles and fuel tanks",
             "автомобільна техніка та автоцистерни",
             ("одиницю автомобільної техніки та автоцистерн",
              "одиниці автомобільної техніки та автоцистерн",
              "одиниць автомобільної техніки та автоцистерн")),
    Category("special_military_equip", "piece of special equipment", "special equipment",
             "спеціальна техніка",
             ("одиницю спеціальної техніки", "одиниці спеціальної техніки",
              "одиниць спеціальної техніки")),
    Category("atgm_srbm_systems", "mobile SRBM system", "mobile SRBM systems",
             "пускові установки ОТРК/ТРК",
             ("пускову установку ОТРК/ТРК", "пускові установки ОТРК/ТРК",
              "пускових установок ОТРК/ТРК")),
    Category("ground_robotic_systems", "ground robotic system", "ground robotic systems",
             "наземні робототехнічні комплекси",
             ("наземний робототехнічний комплекс", "наземні робототехнічні комплекси",
              "наземних робототехнічних комплексів")),
    # Reported only in early 2022, in the dataset's personnel and equipment files.
    Category("fuel_tanks", "fuel tank", "fuel tanks", "автоцистерни",
             ("автоцистерну", "автоцистерни", "автоцистерн")),
    Category("prisoners_of_war", "prisoner of war", "prisoners of war", "військовополонені",
             ("особу", "особи", "осіб"), lost=False),
)  # fmt: skip
_BY_KEY = {c.key: c for c in KNOWN_CATEGORIES}
_ORDER = {c.key: i for i, c in enumerate(KNOWN_CATEGORIES)}
PERSONNEL = "personnel_units"

# Words a reporter types, in English and Ukrainian, mapped to canonical keys. Multi-word phrases
# are matched first. Ukrainian words come in the forms a question uses ("танки", "танків").
ALIASES: dict[str, str] = {
    # "casualties since 2023", "soldiers killed since 2023": reporters' words for the figure
    **dict.fromkeys(
        (
            "soldiers",
            "troops",
            "personnel",
            "people",
            "soldier",
            "casualties",
            "casualty",
            "killed",
            "dead",
            "deaths",
            "wounded",
            "injured",
        ),
        "personnel_units",
    ),
    **dict.fromkeys(("tanks", "tank"), "tanks"),
    **dict.fromkeys(
        (
            "apc",
            "apcs",
            "afv",
            "afvs",
            "armour",
            "armor",
            "armoured vehicles",
            "armored vehicles",
            "ifv",
            "ifvs",
        ),
        "armoured_fighting_vehicles",
    ),
    **dict.fromkeys(("artillery", "guns"), "artillery_systems"),
    **dict.fromkeys(("mlrs", "mrl", "rocket launchers"), "mlrs"),
    **dict.fromkeys(
        ("air defence", "air defense", "air-defence", "air-defense", "aa"), "aa_warfare_systems"
    ),
    **dict.fromkeys(("planes", "plane", "aircraft", "jets", "jet"), "planes"),
    **dict.fromkeys(("helicopters", "helicopter", "helis"), "helicopters"),
    **dict.fromkeys(("drones", "drone", "uav", "uavs"), "uav_systems"),
    **dict.fromkeys(("ships", "ship", "boats", "boat", "warships", "navy"), "warships_cutters"),
    **dict.fromkeys(("missiles", "missile", "cruise missiles"), "cruise_missiles"),
    # "fuel tanks" today means the merged series; the 2022 one alone is "fuel tank".
    **dict.fromkeys(("vehicles", "vehicle", "trucks", "fuel tanks"), "vehicles_fuel_tanks"),
    **dict.fromkeys(("submarines", "submarine", "subs"), "submarines"),
    **dict.fromkeys(("special equipment", "special"), "special_military_equip"),
    **dict.fromkeys(("robots", "ground robots", "robotic systems"), "ground_robotic_systems"),
    **dict.fromkeys(("fuel tank",), "fuel_tanks"),
    **dict.fromkeys(("pow", "pows", "prisoners"), "prisoners_of_war"),
    # Ukrainian
    **dict.fromkeys(
        (
            "особовий склад",
            "особового складу",
            "о/с",
            "осіб",
            "солдати",
            "солдатів",
            "військові",
            "військових",
            "окупанти",
            "окупантів",
            "люди",
            "загиблих",
            "загиблі",
            "вбитих",
            "убитих",
            "поранених",
            "поранені",
        ),
        "personnel_units",
    ),
    **dict.fromkeys(("танки", "танків", "танк"), "tanks"),
    **dict.fromkeys(
        (
            "ббм",
            "бойові броньовані машини",
            "бойових броньованих машин",
            "броня",
            "броньовані машини",
            "бронетехніка",
        ),
        "armoured_fighting_vehicles",
    ),
    **dict.fromkeys(
        ("артилерія", "артилерії", "артсистеми", "артилерійські системи", "артилерійських систем"),
        "artillery_systems",
    ),
    **dict.fromkeys(("рсзв",), "mlrs"),
    **dict.fromkeys(("ппо", "засоби ппо", "засобів ппо"), "aa_warfare_systems"),
    **dict.fromkeys(("літаки", "літаків", "літак", "авіація"), "planes"),
    **dict.fromkeys(("гелікоптери", "гелікоптерів", "вертольоти", "вертольотів"), "helicopters"),
    **dict.fromkeys(("бпла", "дрони", "дронів", "безпілотники", "безпілотників"), "uav_systems"),
    **dict.fromkeys(("крилаті ракети", "крилатих ракет", "ракети", "ракет"), "cruise_missiles"),
    **dict.fromkeys(("кораблі", "кораблів", "катери", "кораблі / катери"), "warships_cutters"),
    **dict.fromkeys(("підводні човни", "підводних човнів", "човни"), "submarines"),
    **dict.fromkeys(
        (
            "автомобільна техніка",
            "автомобільної техніки",
            "автотехніка",
            "автомобілі",
            "автомобілів",
        ),
        "vehicles_fuel_tanks",
    ),
    **dict.fromkeys(("спецтехніка", "спеціальна техніка", "спецтехніки"), "special_military_equip"),
    **dict.fromkeys(("нрк", "роботи", "наземні роботи"), "ground_robotic_systems"),
    **dict.fromkeys(("автоцистерни", "цистерни"), "fuel_tanks"),
    **dict.fromkeys(("полонені", "військовополонені", "полонених"), "prisoners_of_war"),
}
MAX_ALIAS_WORDS = 4


# The largest cumulative total that is plausible for a category: far above anything reported
# (1.5 million personnel, 450,000 UAVs by mid-2026), far below what breaks a database (2^63).
CEILINGS: dict[str, int] = {
    "personnel_units": 20_000_000,
    "uav_systems": 20_000_000,
    "vehicles_fuel_tanks": 5_000_000,
}
DEFAULT_CEILING = 2_000_000


def ceiling(key: str) -> int:
    return CEILINGS.get(key, DEFAULT_CEILING)


def normalise_key(raw: str) -> str:
    """A stable canonical key for a name never seen before: "ground robotic systems" ->
    "ground_robotic_systems"."""
    return re.sub(r"[^0-9a-z]+", "_", raw.strip().lower()).strip("_")


def is_known(key: str) -> bool:
    """Whether the key is one of the General Staff's categories as we know them."""
    return key in _BY_KEY


def category(key: str) -> Category:
    """The category for a key, with a label derived from the key when it is new to us."""
    known = _BY_KEY.get(key)
    if known is not None:
        return known
    words = key.replace("_", " ")
    return Category(key, words, words)


def ordered(keys: Iterable[str]) -> list[str]:
    """Keys in the General Staff's order; new keys follow, alphabetically."""
    return list(_ordered(frozenset(keys)))


@lru_cache(maxsize=256)
def _ordered(keys: frozenset[str]) -> tuple[str, ...]:
    # Sorted once per set: every answer orders its categories, and the sets are few.
    return tuple(sorted(keys, key=lambda k: (_ORDER.get(k, len(_ORDER)), k)))


def _phrases(key: str) -> set[str]:
    cat = category(key)
    names = {key, key.replace("_", " "), cat.plural.lower(), cat.singular.lower()}
    return names | ({cat.uk.lower()} if cat.uk else set())


# Every way to name a known category: its key, its labels, and the aliases (which win).
_PHRASES = {**{p: c.key for c in KNOWN_CATEGORIES for p in _phrases(c.key)}, **ALIASES}


def lookup_phrase(words: tuple[str, ...], extra_keys: frozenset[str] = frozenset()) -> str | None:
    """The key a phrase names: an alias, a canonical key, or the label of a key in the store."""
    phrase = " ".join(words)
    key = _PHRASES.get(phrase)
    if key is not None or not extra_keys:
        return key
    return _store_phrases(extra_keys).get(phrase)


@lru_cache(maxsize=16)
def _store_phrases(keys: frozenset[str]) -> dict[str, str]:
    """The phrases naming the store's keys that we have no category for, made once per set of
    keys (a history's) rather than on every lookup of every question. Keys are slugs, so no
    two share a phrase."""
    return {phrase: k for k in keys if k not in _BY_KEY for phrase in _phrases(k)}


@lru_cache(maxsize=16)
def phrase_starts(extra_keys: frozenset[str] = frozenset()) -> frozenset[str]:
    """The first words of every phrase `lookup_phrase` knows (with the store's `extra_keys`):
    a word not among them starts no category, so a question's other words cost one lookup."""
    phrases = [*_PHRASES, *_store_phrases(extra_keys)]
    return frozenset(phrase.split(" ")[0] for phrase in phrases)


def category_words() -> frozenset[str]:
    """Every single word of every phrase that names a category: for "did you mean"."""
    return frozenset(word for phrase in _PHRASES for word in phrase.split())
