"""The General Staff's own posts, one of each wording it has used since 2022, as small pages.

The texts of 27 Sep 2022, 7 Dec 2022 and the English page of 23 Apr 2022 are the posts as
quoted by the press that day; the others are written in the wording of their era with the
dataset's figures of their day. Each page is served by a loopback server in the tests."""

from __future__ import annotations

from datetime import date

# Spring 2022: "з 24.02 по 14.04 … склали", no daily rises, fuel tanks and OTRK listed apart.
SPRING_2022 = (
    "<html><body><div class='post'><p>Загальні бойові втрати противника з 24.02 по 14.04 "
    "орієнтовно склали:</p><p>особового складу - близько 19900 осіб, танків ‒ 753 од., "
    "бойових броньованих машин ‒ 1968 од., артилерійських систем – 366, РСЗВ - 122, засоби "
    "ППО - 64, літаків – 160, гелікоптерів – 144, автомобільної техніки - 1437, кораблі /катери "
    "- 7, цистерн з ППМ - 76, БПЛА оперативно-тактичного рівня - 134, спеціальна техніка - 25, "
    "установки ОТРК/ТРК - 4.</p><p>Дані уточнюються.</p></div></body></html>"
)
# Autumn 2022: "від 24.02 до 27.09 … становлять", rises in brackets.
AUTUMN_2022 = (
    "Загальні бойові втрати противника від 24.02 до 27.09 орієнтовно становлять: особового "
    "складу — близько 57750 (+550) осіб ліквідовано, танків — 2306 (+16) од., бойових "
    "броньованих машин — 4881 (+24) од., артилерійських систем — 1378 (+9) од., РСЗВ — 331 (+1) "
    "од., засобів ППО — 175 (+3) од., літаків — 261 (+1) од., гелікоптерів — 224 (+0) од., БПЛА "
    "оперативно-тактичного рівня — 977 (+7) од., крилатих ракет — 241 (+0) од., "
    "кораблів/катерів — 15 (+0) од., автомобільної техніки та автоцистерн — 3730 (+19) од., "
    "спеціальної техніки — 131 (+0) од. Найбільших втрат противник зазнав на Краматорському та "
    "Донецькому напрямках."
)
# December 2022: thousands spaced.
WINTER_2022 = (
    "Загальні бойові втрати противника з 24.02 до 07.12 орієнтовно становлять: особового складу "
    "— близько 92 740 (+540) осіб ліквідовано, танків — 2935 (+6) од., бойових броньованих "
    "машин — 5909 (+4) од., артилерійських систем — 1923 (+8) од., РСЗВ — 395 (+0) од., засобів "
    "ППО — 211 (+0) од., літаків — 281 (+0) од., гелікоптерів — 264 (+0) од., БПЛА "
    "оперативно-тактичного рівня — 1601 (+14) од., крилатих ракет — 592 (+0) од., "
    "кораблів/катерів — 16 (+0) од., автомобільної техніки та автоцистерн — 4526 (+21) од., "
    "спеціальної техніки — 163 (+0) од."
)
# The site's English page of 23 Apr 2022.
ENGLISH_2022 = (
    "<article><h1>The total combat losses of the enemy from 24.02 to 23.04 are approximately:"
    "</h1><ul><li>personnel - about 21,600 people were eliminated,</li><li>tanks - 854 units,"
    "</li><li>armored combat vehicles - 2205 units,</li><li>artillery systems - 403 units,</li>"
    "<li>multiple launch rocket systems - 143 units,</li><li>air defense systems - 69 units,"
    "</li><li>aircraft - 177 units,</li><li>helicopters - 154 units,</li><li>automotive "
    "equipment - 1543 units,</li><li>ships/boats - 8 units,</li><li>tanks with fuel and "
    "lubricants - 76,</li><li>unmanned aerial vehicles of the operational-tactical level - 182."
    "</li><li>Special equipment - 27.</li><li>Launcher of the operational-tactical missile "
    "system - 4.</li></ul><p>The data are being clarified.</p></article>"
)


def _telegram(*posts: str) -> str:
    """The public web page of a Telegram channel: several posts, each a block of lines."""
    blocks = "".join(
        '<div class="tgme_widget_message_text js-message_text" dir="auto">'
        + post.replace("\n", "<br/>")
        + "</div>"
        for post in posts
    )
    return f"<html><head><script>var x = '(+9)';</script></head><body>{blocks}</body></html>"


_OCT_2024 = """Загальні бойові втрати противника з 24.02.22 по {day}.10.24 орієнтовно склали:
👉 особового складу ‒ близько {personnel} ({rise}) осіб
👉 танків ‒ 8933 (+14) од.
👉 бойових броньованих машин ‒ 17710 (+31) од.
👉 артилерійських систем ‒ 19156 (+64) од.
👉 РСЗВ ‒ 1223 (+7) од.
👉 засоби ППО ‒ 972 (+2) од.
👉 літаків ‒ 368 (+0) од.
👉 гелікоптерів ‒ 328 (+0) од.
👉 БПЛА оперативно-тактичного рівня ‒ 16643 (+65)
👉 крилаті ракети ‒ 2615 (+2)
👉 кораблі / катери ‒ 28 (+0) од.
👉 підводні човни ‒ 1 (+0) од.
👉 автомобільної техніки та автоцистерн ‒ 26102 (+96) од.
👉 спеціальна техніка ‒ 3364 (+1)
Дані уточнюються.
Бий окупанта! Разом до перемоги!"""
# A Telegram channel's page in October 2024: the posts of 6 and 7 Oct (the 6th's figures are
# not the point: only personnel is filled in).
TELEGRAM_2024 = _telegram(
    _OCT_2024.format(day="06", personnel="660470", rise="+1200"),
    _OCT_2024.format(day="07", personnel="661630", rise="+1160"),
)
# 2026: ground robotic systems listed.
TELEGRAM_2026 = _telegram(
    "Загальні бойові втрати противника з 24.02.22 по 10.05.26 орієнтовно склали:\n"
    "👉 особового складу ‒ близько 1341110 (+840) осіб\n👉 танків ‒ 11920 (+0) од.\n"
    "👉 бойових броньованих машин ‒ 24544 (+3) од.\n👉 артилерійських систем ‒ 41787 (+75) од.\n"
    "👉 РСЗВ ‒ 1782 (+2) од.\n👉 засоби ППО ‒ 1373 (+2) од.\n👉 літаків ‒ 435 (+0) од.\n"
    "👉 гелікоптерів ‒ 352 (+0) од.\n👉 БПЛА оперативно-тактичного рівня ‒ 282697 (+1489)\n"
    "👉 крилаті ракети ‒ 4585 (+0)\n👉 кораблі / катери ‒ 33 (+0) од.\n"
    "👉 підводні човни ‒ 2 (+0) од.\n"
    "👉 автомобільної техніки та автоцистерн ‒ 95479 (+227) од.\n"
    "👉 спеціальна техніка ‒ 4176 (+3)\n"
    "👉 наземних робототехнічних комплексів ‒ 1362 (+11) од.\nДані уточнюються."
)

# Each page, the date it is the post of, and what it must read: totals, then stated rises.
ERAS: list[tuple[str, str, date, dict[str, int], dict[str, int]]] = [
    ("spring 2022", SPRING_2022, date(2022, 4, 14),
     {"personnel_units": 19900, "tanks": 753, "armoured_fighting_vehicles": 1968,
      "artillery_systems": 366, "mlrs": 122, "aa_warfare_systems": 64, "planes": 160,
      "helicopters": 144, "vehicles_fuel_tanks": 1437, "warships_cutters": 7, "fuel_tanks": 76,
      "uav_systems": 134, "special_military_equip": 25, "atgm_srbm_systems": 4}, {}),
    ("autumn 2022", AUTUMN_2022, date(2022, 9, 27),
     {"personnel_units": 57750, "tanks": 2306, "armoured_fighting_vehicles": 4881,
      "artillery_systems": 1378, "mlrs": 331, "aa_warfare_systems": 175, "planes": 261,
      "helicopters": 224, "uav_systems": 977, "cruise_missiles": 241, "warships_cutters": 15,
      "vehicles_fuel_tanks": 3730, "special_military_equip": 131},
     {"personnel_units": 550, "tanks": 16, "armoured_fighting_vehicles": 24,
      "artillery_systems": 9, "mlrs": 1, "aa_warfare_systems": 3, "planes": 1, "helicopters": 0,
      "uav_systems": 7, "cruise_missiles": 0, "warships_cutters": 0, "vehicles_fuel_tanks": 19,
      "special_military_equip": 0}),
    ("winter 2022", WINTER_2022, date(2022, 12, 7),
     {"personnel_units": 92740, "tanks": 2935, "armoured_fighting_vehicles": 5909,
      "artillery_systems": 1923, "mlrs": 395, "aa_warfare_systems": 211, "planes": 281,
      "helicopters": 264, "uav_systems": 1601, "cruise_missiles": 592, "warships_cutters": 16,
      "vehicles_fuel_tanks": 4526, "special_military_equip": 163},
     {"personnel_units": 540, "tanks": 6, "armoured_fighting_vehicles": 4,
      "artillery_systems": 8, "mlrs": 0, "aa_warfare_systems": 0, "planes": 0, "helicopters": 0,
      "uav_systems": 14, "cruise_missiles": 0, "warships_cutters": 0, "vehicles_fuel_tanks": 21,
      "special_military_equip": 0}),
    ("English 2022", ENGLISH_2022, date(2022, 4, 23),
     {"personnel_units": 21600, "tanks": 854, "armoured_fighting_vehicles": 2205,
      "artillery_systems": 403, "mlrs": 143, "aa_warfare_systems": 69, "planes": 177,
      "helicopters": 154, "vehicles_fuel_tanks": 1543, "warships_cutters": 8, "fuel_tanks": 76,
      "uav_systems": 182, "special_military_equip": 27, "atgm_srbm_systems": 4}, {}),
    ("Telegram 2024", TELEGRAM_2024, date(2024, 10, 7),
     {"personnel_units": 661630, "tanks": 8933, "armoured_fighting_vehicles": 17710,
      "artillery_systems": 19156, "mlrs": 1223, "aa_warfare_systems": 972, "planes": 368,
      "helicopters": 328, "uav_systems": 16643, "cruise_missiles": 2615, "warships_cutters": 28,
      "submarines": 1, "vehicles_fuel_tanks": 26102, "special_military_equip": 3364},
     {"personnel_units": 1160, "tanks": 14, "armoured_fighting_vehicles": 31,
      "artillery_systems": 64, "mlrs": 7, "aa_warfare_systems": 2, "planes": 0, "helicopters": 0,
      "uav_systems": 65, "cruise_missiles": 2, "warships_cutters": 0, "submarines": 0,
      "vehicles_fuel_tanks": 96, "special_military_equip": 1}),
    ("Telegram 2026", TELEGRAM_2026, date(2026, 5, 10),
     {"personnel_units": 1341110, "tanks": 11920, "armoured_fighting_vehicles": 24544,
      "artillery_systems": 41787, "mlrs": 1782, "aa_warfare_systems": 1373, "planes": 435,
      "helicopters": 352, "uav_systems": 282697, "cruise_missiles": 4585, "warships_cutters": 33,
      "submarines": 2, "vehicles_fuel_tanks": 95479, "special_military_equip": 4176,
      "ground_robotic_systems": 1362},
     {"personnel_units": 840, "tanks": 0, "armoured_fighting_vehicles": 3,
      "artillery_systems": 75, "mlrs": 2, "aa_warfare_systems": 2, "planes": 0, "helicopters": 0,
      "uav_systems": 1489, "cruise_missiles": 0, "warships_cutters": 0, "submarines": 0,
      "vehicles_fuel_tanks": 227, "special_military_equip": 3, "ground_robotic_systems": 11}),
]  # fmt: skip
