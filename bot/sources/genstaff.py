"""The General Staff's own post of a report: read only where a dispute stays open.

Every other source is somebody's transcription; the post is the report itself ("Загальні бойові
втрати противника з 24.02.22 по 07.10.24 орієнтовно склали: особового складу ‒ близько 661630
(+1160) осіб, танків ‒ 8933 (+14) од., …"), so where it is read it decides (`primary` in
`bot.core.disputes`). It is fetched for one date at a time, only where transcriptions disagree
and no evidence decides (`bot.app.genstaff`), from `LOSSES_GENSTAFF_URL`: the General Staff's
site or the public web page of its Telegram channel, a template naming the date
(`{date:%d.%m.%y}`) or the report's own link (`{link}`).

The wording has changed over the war, and every era is read (the tests hold an example of each):
- spring 2022: "з 24.02 по 14.04 орієнтовно склали: особового складу - понад 19900 осіб,
  танків ‒ 753 од., …, цистерн з ППМ - 76, установки ОТРК/ТРК – 4", often with no daily rise;
- from May 2022: "від 24.02 до 27.09 орієнтовно становлять: особового складу — близько 57750
  (+550) осіб ліквідовано, …, автомобільної техніки та автоцистерн — 3730 (+19) од.",
  thousands sometimes spaced ("92 740");
- from 2023: "з 24.02.22 по 07.10.24 орієнтовно склали:", one item a line in the Telegram post,
  submarines from September 2023, ground robotic systems from 2026;
- the site's English page: "The total combat losses of the enemy from 24.02 to 23.04 are
  approximately: personnel - about 21,600 people were eliminated, tanks - 854 units, …".
A page is reduced to text (tags dropped, entities read) with the standard library: the posts
are plain lists, and no HTML parser beats a regular expression on a line of "name ‒ number".
A post for another date, or one that gives no personnel figure, is no report: `PayloadError`.
"""

from __future__ import annotations

import html
import re
import string
from datetime import date

from bot.core.reports import Report, StatedChange
from bot.core.war import day_number
from bot.sources.base import PayloadError, check_total, clean_url

NAME = "genstaff"  # a transcription that is the General Staff's own text (`PRIMARY`)
FIELDS = frozenset({"date", "link"})  # what a LOSSES_GENSTAFF_URL template may name

INTRO = re.compile(
    r"(?:бойові\s+втрати\s+противника|combat\s+losses\s+of\s+the\s+enemy)[^:]{0,40}?"
    r"(?:з|від|from)\s+24\.02(?:\.(?:20)?22)?\s+(?:по|до|to)\s+"
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{4}|\d{2}))?",
    re.IGNORECASE,
)
# Where a post's list ends: the next post's intro, or the sentence after the list.
END = re.compile(
    r"Дані\s+уточнюються|The\s+data\s+(?:are|is)\s+being|Найбільш(?:их|і)\s+втрат|"
    r"Бий\s+окупанта|Разом\s+до\s+перемоги",
    re.IGNORECASE,
)
NUMBER = r"\d{1,3}(?:[ \u00a0\u202f,]\d{3})+|\d+"
ITEM = re.compile(
    r"(?P<name>[^\W\d_][^\d\n,;:()]*?)(?:\s*[‒—–−]\s*|\s+-\s*)"
    r"(?:(?P<approx>близько|понад|більше|about|over|more\s+than)\s+)?"
    rf"(?P<total>{NUMBER})(?:\s*\(\s*\+\s*(?P<rise>{NUMBER})\s*\))?",
    re.IGNORECASE,
)
QUALIFIERS = {"близько": "about", "about": "about"}  # any other approximation: "more"
# A category by the stem of its name, in either language; the first that matches wins, so
# "автомобільної техніки та автоцистерн" is vehicles, not fuel tanks, and "tanks with fuel" is
# fuel tanks, not tanks.
NAMES: tuple[tuple[str, str], ...] = (
    ("особов", "personnel_units"), ("personnel", "personnel_units"),
    ("бпла", "uav_systems"), ("безпілот", "uav_systems"), ("unmanned", "uav_systems"),
    ("uav", "uav_systems"),
    ("автомоб", "vehicles_fuel_tanks"), ("automotive", "vehicles_fuel_tanks"),
    ("vehicles and fuel", "vehicles_fuel_tanks"),
    ("цистерн", "fuel_tanks"), ("tanks with fuel", "fuel_tanks"), ("fuel tank", "fuel_tanks"),
    ("танк", "tanks"), ("tank", "tanks"),
    ("броньован", "armoured_fighting_vehicles"), ("ббм", "armoured_fighting_vehicles"),
    ("armo", "armoured_fighting_vehicles"),
    ("артилер", "artillery_systems"), ("artillery", "artillery_systems"),
    ("рсзв", "mlrs"), ("multiple launch", "mlrs"), ("mlrs", "mlrs"),
    ("ппо", "aa_warfare_systems"), ("air defen", "aa_warfare_systems"),
    ("літак", "planes"), ("aircraft", "planes"),
    ("гелікоптер", "helicopters"), ("вертол", "helicopters"), ("helicopter", "helicopters"),
    ("крилат", "cruise_missiles"), ("cruise", "cruise_missiles"),
    ("підводн", "submarines"), ("submarine", "submarines"),
    ("кораб", "warships_cutters"), ("ships", "warships_cutters"), ("boats", "warships_cutters"),
    ("спеціальн", "special_military_equip"), ("special", "special_military_equip"),
    ("отрк", "atgm_srbm_systems"), ("missile system", "atgm_srbm_systems"),
    ("наземн", "ground_robotic_systems"), ("robotic", "ground_robotic_systems"),
)  # fmt: skip


def check_template(template: str) -> str:
    """A LOSSES_GENSTAFF_URL: an http(s) address naming only `{date…}` and `{link}`."""
    expected = "expected an http(s) URL naming only {date:…} and {link}"
    fields: set[str] = {"unreadable"}
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        sample = post_url(template, date(2024, 10, 7), "https://example.org/x") or ""
    except (ValueError, IndexError, KeyError):
        sample = ""
    if not fields <= FIELDS or not re.match(r"https?://\S+$", sample):
        raise ValueError(expected)
    return template


def post_url(template: str, on: date, link: str | None) -> str | None:
    """The address of the post of `on`'s report (None: the template needs a link it has not)."""
    if "{link" in template and not link:
        return None
    return template.format(date=on, link=link or "")


def page_text(page: str) -> str:
    """A page as the text a reader sees: scripts and tags dropped, line breaks kept."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", page)
    page = re.sub(r"(?i)<br\s*/?>|</(?:p|div|li|h\d)\s*>", "\n", page)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def parse_post(page: str, on: date, where: str, url: str | None = None) -> Report:
    """The report of `on` in a post (or a page of posts): every category's total and stated
    change, or `PayloadError` when no post of that date gives a personnel figure."""
    text = page_text(page)
    starts = [m for m in INTRO.finditer(text) if _dated(m, on)]
    if not starts:
        raise PayloadError(f"{where}: no post of the General Staff for {on.isoformat()}")
    begin = starts[0].end()
    following = INTRO.search(text, begin)
    stop = END.search(text, begin, following.start() if following else len(text))
    body = text[begin : stop.start() if stop else following.start() if following else len(text)]
    totals: dict[str, int] = {}
    stated: dict[str, StatedChange] = {}
    qualifiers: dict[str, str] = {}
    for item in ITEM.finditer(body):
        key = _category(item.group("name"))
        if key is None:
            continue
        total = check_total(_number(item.group("total")), f"{where} {key}", key)
        assert total is not None
        if totals.get(key, total) != total:
            raise PayloadError(f"{where}: two figures for {key}")
        totals[key] = total
        rise = item.group("rise")
        if rise is not None and _number(rise) <= total:
            stated[key] = StatedChange(_number(rise), (NAME,))
        approx = (item.group("approx") or "").lower()
        if approx:
            qualifiers[key] = QUALIFIERS.get(approx, "more")
    if "personnel_units" not in totals:
        raise PayloadError(f"{where}: the post of {on.isoformat()} gives no personnel figure")
    link = clean_url(url, where) if url else None
    return Report(on, day_number(on), NAME, totals, link, qualifiers, stated=stated)


def _dated(intro: re.Match[str], on: date) -> bool:
    """Whether a post's "по 07.10.24" is `on` (a post of 2022 may give no year)."""
    year = intro.group("year")
    if year is not None and int(year) % 100 != on.year % 100:
        return False
    return (int(intro.group("day")), int(intro.group("month"))) == (on.day, on.month)


def _category(name: str) -> str | None:
    lowered = name.lower()
    return next((key for stem, key in NAMES if stem in lowered), None)


def _number(text: str) -> int:
    return int(re.sub(r"[ \u00a0\u202f,]", "", text))
