"""Loss categories: canonical keys, labels for print, and the words people use for them.

Canonical keys are the russianwarship.rip v2 keys. The set is open-ended: a key nobody has
seen before (the General Staff added "ground robotic systems" in 2026) gets a label derived
from the key and is never dropped. This module holds vocabulary only; it does no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    key: str
    singular: str
    plural: str

    def label(self, count: int | None = None) -> str:
        """The printed name, singular for exactly one ("1 tank", "310 personnel")."""
        return self.singular if count in (1, -1) else self.plural


# Order is the order of the General Staff's own list, used for tables.
KNOWN_CATEGORIES: tuple[Category, ...] = (
    Category("personnel_units", "personnel", "personnel"),
    Category("tanks", "tank", "tanks"),
    Category("armoured_fighting_vehicles", "armoured combat vehicle", "armoured combat vehicles"),
    Category("artillery_systems", "artillery system", "artillery systems"),
    Category("mlrs", "MLRS", "MLRS"),
    Category("aa_warfare_systems", "air defence system", "air defence systems"),
    Category("planes", "aircraft", "aircraft"),
    Category("helicopters", "helicopter", "helicopters"),
    Category("uav_systems", "UAV", "UAVs"),
    Category("cruise_missiles", "cruise missile", "cruise missiles"),
    Category("warships_cutters", "warship or boat", "warships and boats"),
    Category("submarines", "submarine", "submarines"),
    Category("vehicles_fuel_tanks", "vehicle or fuel tank", "vehicles and fuel tanks"),
    Category("special_military_equip", "piece of special equipment", "special equipment"),
    Category("atgm_srbm_systems", "mobile SRBM system", "mobile SRBM systems"),
    # Reported only in early 2022, in the dataset's personnel and equipment files.
    Category("fuel_tanks", "fuel tank", "fuel tanks"),
    Category("prisoners_of_war", "prisoner of war", "prisoners of war"),
)
_BY_KEY = {c.key: c for c in KNOWN_CATEGORIES}
_ORDER = {c.key: i for i, c in enumerate(KNOWN_CATEGORIES)}
PERSONNEL = "personnel_units"

# Words a reporter types, mapped to canonical keys. Multi-word phrases are matched first.
ALIASES: dict[str, str] = {
    **{w: "personnel_units" for w in ("soldiers", "troops", "personnel", "people", "soldier")},
    **{w: "tanks" for w in ("tanks", "tank")},
    **{
        w: "armoured_fighting_vehicles"
        for w in ("apc", "apcs", "afv", "afvs", "armour", "armor", "armoured vehicles")
    },
    **{w: "artillery_systems" for w in ("artillery", "guns")},
    **{w: "mlrs" for w in ("mlrs", "mrl", "rocket launchers")},
    **{
        w: "aa_warfare_systems"
        for w in ("air defence", "air defense", "air-defence", "air-defense", "aa")
    },
    **{w: "planes" for w in ("planes", "plane", "aircraft", "jets", "jet")},
    **{w: "helicopters" for w in ("helicopters", "helicopter", "helis")},
    **{w: "uav_systems" for w in ("drones", "drone", "uav", "uavs")},
    **{w: "warships_cutters" for w in ("ships", "ship", "boats", "boat", "warships", "navy")},
    **{w: "cruise_missiles" for w in ("missiles", "missile", "cruise missiles")},
    **{w: "vehicles_fuel_tanks" for w in ("vehicles", "vehicle", "trucks", "fuel tanks")},
    **{w: "submarines" for w in ("submarines", "submarine", "subs")},
    **{w: "special_military_equip" for w in ("special equipment", "special")},
    **{w: "prisoners_of_war" for w in ("pow", "pows", "prisoners")},
}
MAX_ALIAS_WORDS = 3


def normalise_key(raw: str) -> str:
    """A stable canonical key for a name never seen before: "ground robotic systems" ->
    "ground_robotic_systems"."""
    return re.sub(r"[^0-9a-z]+", "_", raw.strip().lower()).strip("_")


def category(key: str) -> Category:
    """The category for a key, with a label derived from the key when it is new to us."""
    known = _BY_KEY.get(key)
    if known is not None:
        return known
    words = key.replace("_", " ")
    return Category(key, words, words)


def ordered(keys: Iterable[str]) -> list[str]:
    """Keys in the General Staff's order; new keys follow, alphabetically."""
    return sorted(set(keys), key=lambda k: (_ORDER.get(k, len(_ORDER)), k))


def _phrases(key: str) -> set[str]:
    cat = category(key)
    return {key, key.replace("_", " "), cat.plural.lower(), cat.singular.lower()}


# Every way to name a known category: its key, its labels, and the aliases (which win).
_PHRASES = {**{p: c.key for c in KNOWN_CATEGORIES for p in _phrases(c.key)}, **ALIASES}


def lookup_phrase(words: tuple[str, ...], extra_keys: Iterable[str] = ()) -> str | None:
    """The key a phrase names: an alias, a canonical key, or the label of a key in the store."""
    phrase = " ".join(words)
    key = _PHRASES.get(phrase)
    if key is not None:
        return key
    return next((k for k in extra_keys if k not in _BY_KEY and phrase in _phrases(k)), None)
