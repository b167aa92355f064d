"""The `/losses` grammar: text in, a `Query` (period, categories, language) or a `UsageError` out.

Relative and calendar periods ("last 7 days", "march 2022", "q1 2023", "day 274") are turned
into dates here, against a `today` that the caller passes in. A question in Ukrainian is
translated word by word into the same grammar and answered in Ukrainian. Pure: no store, no
clock, no Slack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.core.categories import MAX_ALIAS_WORDS, lookup_phrase, phrase_starts
from bot.core.query.calendar import calendar_period, last_period
from bot.core.query.dates import (
    ParsedDate,
    day_date,
    is_number,
    latest_on_or_before,
    parse_date,
)
from bot.core.query.periods import Between, Latest, On, Period, Since, UsageError
from bot.core.query.ukrainian import translate
from bot.core.query.vocabulary import suggestion
from bot.core.war import WAR_START

USAGE = """\
Usage: /losses [categories] [period] [public]
  /losses                          latest report against the one before it
  /losses on 2022-11-24            one day's report against the one before it (also: day 274)
  /losses since 1 Nov 2022         everything reported from that day to the latest report
  /losses since the invasion       from zero, 24 Feb 2022 (also: since the start)
  /losses between 2022-03-01 and 2022-03-31   (or: from 2022-03-01 to 2022-03-31)
  /losses tanks in march 2022      a whole month; also 2023, q1 2023, 2023-W10, days 270 to 274
  /losses tanks last 7 days        also: last 2 weeks, past week, this week, last week,
                                   this month, last month, this year, ytd, last year, yesterday
  /losses since Nov 1 tanks artillery
Dates: 2022-11-01, 1 Nov 2022, Nov 1, 2022, November 1, 24.11.2022, yesterday, monday, day 274.
Categories: personnel, tanks, apc, artillery, mlrs, air defence, aircraft, helicopters,
drones, ships, missiles, vehicles, submarines, special equipment, robots, pow.
Українською: /losses танки з 1 листопада 2022, /losses за 24.11.2022, /losses особовий склад
за тиждень, /losses артилерія у березні 2022, /losses з початку вторгнення, /losses дні 270–274."""

# The same, for a question asked in Ukrainian (its usage error is said in Ukrainian too).
USAGE_UK = """\
Як запитати: /losses [категорії] [період] [публічно]
  /losses                             останній звіт порівняно з попереднім
  /losses за 24.11.2022               звіт за день порівняно з попереднім (також: день 274)
  /losses з 1 листопада 2022          усе, що повідомлено від того дня до останнього звіту
  /losses з початку вторгнення        від нуля, з 24 лютого 2022
  /losses між 1.03.2022 і 31.03.2022  (або: з 1 березня 2022 по 31 березня 2022)
  /losses танки у березні 2022        цілий місяць; також: у 2023 році, у першому кварталі 2023,
                                      дні 270–274
  /losses танки за останні 7 днів     також: за тиждень, цього тижня, минулого тижня, цього
                                      місяця, минулого місяця, цього року, вчора
  /losses артилерія і ППО з 1 листопада 2022
Дати: 24.11.2022, 24 листопада 2022, 2022-11-24, вчора, понеділок, день 274.
Категорії: особовий склад, танки, ББМ, артилерія, РСЗВ, ППО, літаки, гелікоптери, БпЛА,
кораблі, ракети, автотехніка, підводні човни, спецтехніка.
In English: /losses tanks since 1 Nov 2022, /losses on 2022-11-24, /losses help."""
USAGES = {"en": USAGE, "uk": USAGE_UK}
# "Post the answer to the channel": Slack's word (`bot.core.query.commands`), which the command
# line accepts and ignores.
PUBLIC_WORDS = {"public", "публічно"}


@dataclass(frozen=True)
class Query:
    text: str
    period: Period
    categories: tuple[str, ...] = ()  # empty: every category
    lang: str = "en"  # the language of the question, and of the answer
    context: bool = False  # "context": every line of what others said, not the default five
    # "killed" or "wounded" where the question asked for one: the answer says the General
    # Staff's personnel figure counts both together.
    asked_for: str = ""


@dataclass(frozen=True)
class Help:
    """The user asked for the usage text (in `lang`, the language they asked in)."""

    lang: str = "en"


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NUMBER_RANGE = re.compile(r"(\d{1,5})[-–—](\d{1,5})")
_FILLERS = {
    "losses",
    "/losses",
    "втрати",
    "втрат",
    "russian",
    "russia's",
    "russia",
    "росії",
    "росія",
    "рф",
    "please",
    "the",
    # how reporters ask: "how many tanks did russia lose yesterday?", "скільки танків з ..."
    "how",
    "many",
    "much",
    "did",
    "does",
    "has",
    "have",
    "lose",
    "lost",
    "скільки",
    "втратила",
    "знищено",
    "знищила",
    "знищили",
}
_LATEST = {"latest", "now", "current", "newest"}
_START = {"start", "beginning", "invasion", "war", "full-scale", "scale"}
_START_FILLERS = {"the", "of", "full", "full-scale", "scale", "invasion", "war", "began",
                  "begun", "started"}  # fmt: skip
# "wounded since 2024": the General Staff's personnel figure, said to count both (`asked_for`).
_MEASURES = {
    **dict.fromkeys(("wounded", "injured", "поранених", "поранені"), "wounded"),
    **dict.fromkeys(("killed", "dead", "deaths", "загиблих", "загиблі", "вбитих", "убитих"),
                    "killed"),
}  # fmt: skip
_JOINERS = ("and", "to", "until", "till", "through", "-")
_INTRODUCERS = {"in", "for", "during", "over"}
_HELP = (["help"], ["usage"], ["?"])


def language(text: str) -> str:
    return "uk" if _CYRILLIC.search(text) else "en"


def tokenize(text: str) -> list[str]:
    """Lower-case words; commas dropped; a range like `270-274` split around its dash; the
    Ukrainian apostrophes made one."""
    text = text.lower().replace(",", " ").replace("’", "'").replace("ʼ", "'")
    tokens: list[str] = []
    for word in text.split():
        word = word.strip("?!") or word
        if word.endswith(".") and word[:-1].isalpha():  # "nov.", "jan.": an abbreviation
            word = word[:-1]
        if m := _NUMBER_RANGE.fullmatch(word):
            tokens += [m.group(1), "-", m.group(2)]
        elif word in ("–", "—"):
            tokens.append("-")
        else:
            tokens.append(word)
    return tokens


def query_tokens(tokens: list[str], lang: str) -> list[str]:
    """The words of a question (its `tokenize`d text in language `lang`) as the grammar reads
    them: Ukrainian translated, the command's own name and words that say nothing ("russian
    losses") dropped. Where "the" opens a "since the start" phrase it is kept."""
    if lang == "uk":  # every phrase of the table holds Cyrillic (tested)
        tokens = translate(tokens, lambda words: lookup_phrase(tuple(words)) is not None)
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token == "the" and i + 1 < len(tokens) and tokens[i + 1] in _START:
            continue
        if token in _FILLERS or (token == "year" and out and re.fullmatch(r"\d{4}", out[-1])):
            continue
        out.append(token)
    return out


def parse_query(
    text: str, today: date, extra_keys: Iterable[str] = (), tokens: list[str] | None = None
) -> Query | Help:
    """Parse the text after `/losses`. `extra_keys` are category keys the store knows;
    `tokens`, `tokenize(text)` where the caller has made it already."""
    return read_query(text, today, extra_keys, tokens)


def read_query(
    text: str, today: date, extra_keys: Iterable[str] = (), tokens: list[str] | None = None
) -> Query | Help:
    """`parse_query` by the whole grammar."""
    lang = language(text)
    words = query_tokens(tokenize(text) if tokens is None else tokens, lang)
    if words in _HELP:
        return Help(lang)
    everything = "context" in words  # "… context": every line of context
    if everything:
        words = [w for w in words if w != "context"]
    asked_for = next((_MEASURES[w] for w in words if w in _MEASURES), "")
    extra = frozenset(extra_keys)
    try:
        categories, i = _categories(words, 0, extra)
        period, i = _period(words, i, today)
        more, i = _categories(words, i, extra)
        if i < len(words):
            hint = suggestion(words[i], extra)
            raise UsageError("usage_not_understood", rest=as_typed(text, words[i:]), hint=hint)
    except UsageError as error:
        error.lang = lang  # said in the question's language
        raise
    keys = tuple(dict.fromkeys(categories + more))
    return Query(text.strip(), period, keys, lang, everything, asked_for)


def as_typed(text: str, rest: list[str]) -> str:
    """The part of the question the grammar could not read, quoted as the user typed it: from
    the first word not understood to the end. (The grammar's words drop fillers such as
    "russia" and are translated from Ukrainian; a quote must not.)"""
    found = re.search(rf"(?<!\w){re.escape(rest[0])}(?!\w)", text, re.IGNORECASE)
    return text[found.start() :].strip() if found else " ".join(rest)


def _categories(tokens: list[str], i: int, extra: frozenset[str]) -> tuple[list[str], int]:
    found: list[str] = []
    starts = phrase_starts(extra)  # a word not among them starts no category: no lookups
    while i < len(tokens):
        match = _phrase_at(tokens, i, extra) if tokens[i] in starts else None
        if match is not None:
            found.append(match[0])
            i += match[1]
        elif tokens[i] != "and" or not found:
            break
        else:
            i += 1
    return found, i


def _phrase_at(tokens: list[str], i: int, extra: frozenset[str]) -> tuple[str, int] | None:
    """The longest phrase naming a category at `tokens[i]`: its key and its length."""
    for size in range(min(MAX_ALIAS_WORDS, len(tokens) - i), 0, -1):
        key = lookup_phrase(tuple(tokens[i : i + size]), extra)
        if key is not None:
            return key, size
    return None


def _date(
    tokens: list[str], i: int, today: date, after: str, not_before: date | None = None
) -> tuple[ParsedDate, int]:
    parsed = parse_date(tokens, i, today, not_before)
    if parsed is None:
        got = tokens[i] if i < len(tokens) else None
        hint = suggestion(tokens[i]) if i < len(tokens) else None
        raise UsageError("usage_expected_date", after=after, got=got, hint=hint)
    return parsed, i + parsed.used


def _since_start(tokens: list[str], i: int) -> int | None:
    """Where "the start of the full-scale invasion" (any such phrase) ends, or None."""
    j = i
    while j < len(tokens) and (tokens[j] in _START or tokens[j] in _START_FILLERS):
        j += 1
    return j if j > i and any(t in _START for t in tokens[i:j]) else None


def _start_of(tokens: list[str], i: int, today: date) -> tuple[Period, int] | None:
    """ "the start of the year", "the beginning of 2024", "the start of march": from its
    first day (the start of the war is `_since_start`'s)."""
    if tokens[i : i + 1] not in (["start"], ["beginning"]) or tokens[i + 1 : i + 2] != ["of"]:
        return None
    j = i + 2 + (tokens[i + 2 : i + 3] in (["the"], ["this"]))
    if tokens[j : j + 1] == ["year"]:
        return Since(date(today.year, 1, 1)), j + 1
    if tokens[j : j + 1] == ["month"]:
        return Since(today.replace(day=1)), j + 1
    calendar = calendar_period(tokens, j, today)  # "2024", "march 2023"
    if calendar is not None and isinstance(calendar[0], Between):
        return Since(calendar[0].start), calendar[1]
    return None


def _period(tokens: list[str], i: int, today: date) -> tuple[Period, int]:
    word = tokens[i] if i < len(tokens) else None
    if word is None or word in _LATEST:
        return Latest(), i + (word is not None)
    if word == "today":
        return Latest(), i + 1
    if word in ("all", "total", "overall") and tokens[i : i + 2] != ["all", "and"]:
        return Since(WAR_START), i + (2 if tokens[i : i + 2] == ["all", "time"] else 1)
    if word == "on" or word in _INTRODUCERS:
        calendar = calendar_period(tokens, i + 1, today) or last_period(tokens, i + 1, today)
        if calendar is not None:
            return calendar
        if word in ("on", "for"):
            parsed, j = _date(tokens, i + 1, today, word)
            return On(parsed.day), j
    if tokens[i : i + 2] == ["so", "far"]:
        return Since(WAR_START), i + 2
    if word in ("since", "from") and (found := _start_of(tokens, i + 1, today)) is not None:
        return found
    if word == "since":
        end = _since_start(tokens, i + 1)
        if end is not None:
            return Since(WAR_START), end
        parsed = parse_date(tokens, i + 1, today)
        if parsed is None:
            calendar = calendar_period(tokens, i + 1, today)  # "since 2023", "since march"
            if calendar is not None and isinstance(calendar[0], Between):
                return Since(calendar[0].start), calendar[1]
            parsed, _ = _date(tokens, i + 1, today, word)  # says what is wrong
        return Since(parsed.day), i + 1 + parsed.used
    if word in ("between", "from"):
        return _range(tokens, i, today)
    if word == "days":
        return _day_range(tokens, i, today)
    found = last_period(tokens, i, today) or _calendar_span(tokens, i, today)
    if found is not None:
        return found
    parsed = parse_date(tokens, i, today)
    if parsed is not None:  # a bare date: that day's report
        return On(parsed.day), i + parsed.used
    return Latest(), i


def _calendar_span(tokens: list[str], i: int, today: date) -> tuple[Period, int] | None:
    """A calendar period at `tokens[i]`, or two joined ("march 2022 to april 2022": the first's
    start to the second's end)."""
    first = calendar_period(tokens, i, today)
    if first is None or not isinstance(first[0], Between):
        return first
    j = first[1]
    if j < len(tokens) and tokens[j] in _JOINERS[1:]:
        second = calendar_period(tokens, j + 1, today)
        if second is not None and isinstance(second[0], Between):
            if second[0].end < first[0].start:
                raise UsageError("usage_dates_order")
            return Between(first[0].start, second[0].end), second[1]
    return first


def _range(tokens: list[str], i: int, today: date) -> tuple[Period, int]:
    """`between A and B`, `from A to B`, `from A` (since A); A and B dates or calendar periods
    (`from march 2022 to april 2022`)."""
    word = tokens[i]
    if word == "from" and (end := _since_start(tokens, i + 1)) is not None:
        return Since(WAR_START), end
    if word == "from" and parse_date(tokens, i + 1, today) is None:
        first = calendar_period(tokens, i + 1, today)
        if first is not None and isinstance(first[0], Between):
            span = _calendar_span(tokens, i + 1, today)
            assert span is not None
            return span if span[1] > first[1] else (Since(first[0].start), first[1])
    if tokens[i + 1 : i + 2] == ["days"]:
        return _day_range(tokens, i + 1, today)
    start, i = _date(tokens, i + 1, today, word)
    joiner = tokens[i] if i < len(tokens) else None
    if word == "from" and joiner not in _JOINERS[1:]:
        return Since(start.day), i
    if joiner not in _JOINERS:
        raise UsageError("usage_expected_joiner", joiner="and" if word == "between" else "to")
    end, i = _date(tokens, i + 1, today, joiner, not_before=start.day)
    first = start.day
    if start.yearless is not None and end.yearless is None:
        # "from 1 mar to 31 mar 2022": the start is in the end's year.
        first = latest_on_or_before(*start.yearless, end.day) or first
    if end.day < first:
        raise UsageError("usage_dates_order")
    return Between(first, end.day), i


def _day_range(tokens: list[str], i: int, today: date) -> tuple[Period, int]:
    """`days 270 to 274`, `days 270-274`: the General Staff's day numbers, both included."""
    numbers = tokens[i + 1 : i + 4]
    if (
        len(numbers) == 3
        and is_number(numbers[0])
        and numbers[1] in _JOINERS
        and is_number(numbers[2])
    ):
        first = day_date(int(numbers[0]), f"day {numbers[0]}")
        last = day_date(int(numbers[2]), f"day {numbers[2]}")
        if last < first:
            raise UsageError("usage_days_order")
        return Between(first, last), i + 4
    raise UsageError("usage_day_range")


__all__ = ["Between", "Latest", "On", "Period", "Since", "UsageError"]
