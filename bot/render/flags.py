"""The sentence of each flag, in the reader's language: the one place a flag becomes words.

A flag (`bot.core.flags`) carries facts, not text; each fact is written by its type (a report as
"24 Nov 2022 (day 274)", a date, a figure for print) and, for a few, by its name (a signed
change, the parts of a series break). The template is the flag's sentence in `bot.render.wording`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from bot.core.flags import Flag, Unanswerable
from bot.core.query.periods import UsageError
from bot.core.reports import Correction, Decrease, Report
from bot.core.series_breaks import SeriesBreak
from bot.render.wording import QUALIFIERS, Wording, wording

SIGNED = frozenset(
    {"change", "net", "stated", "computed"}
)  # figures written with their sign: "+310", "-14"
CATEGORY_KEYS = frozenset({"into", "absent"})  # facts that name categories by key


def flag_text(flag: Flag, words: Wording) -> str:
    """The flag's sentence: "The tanks total went down from 2,914 to 2,913: ..."."""
    params = {
        name: _fact(name, value, words) for name, value in flag.params.items() if name != "values"
    }
    if "values" in flag.params:
        params["values"] = values_text(flag.params["values"], flag.params.get("published"), words)
    for name, value in flag.params.items():  # a date to type back: `за 2022-11-24`
        if isinstance(value, date):
            params[f"{name}_iso"] = value.isoformat()
    if "reports" in flag.params:  # "the report of …", "the reports of … and …"
        reports = flag.params["reports"]
        named = words.listing([words.report(r) for r in reports])
        params["reports"] = words.say("in_reports" if len(reports) > 1 else "in_report",
                                      reports=named)  # fmt: skip
    if flag.category is not None:
        params.setdefault("label", words.label(flag.category))
        params.setdefault("Label", words.title(flag.category))
    return words.say(flag.sentence, **params)


def flag_json(flag: Flag, words: Wording) -> dict[str, Any]:
    """The flag in `--json`: its kind, category and sentence; where transcriptions disagree,
    also each one's value, the published one and the rule that decided it (`decided_by`);
    where a report's stated change differs, both numbers."""
    found: dict[str, Any] = {"kind": flag.kind, "category": flag.category}
    if "values" in flag.params:
        found["values"] = dict(flag.params["values"])
    if "decided_by" in flag.params:  # which value is published, and by which rule
        found["published"] = flag.params.get("published")
        found["decided_by"] = flag.params["decided_by"]
    for figure in ("stated", "computed"):
        if figure in flag.params:
            found[figure] = flag.params[figure]
    return {**found, "message": flag_text(flag, words)}


def said(error: Unanswerable | UsageError) -> str:
    """What a refusal says, in the question's language: why the store cannot answer, or why the
    text is not a question (and what was probably meant)."""
    if isinstance(error, Unanswerable):
        return flag_text(error.reason, wording(error.lang))
    words = wording(error.lang)
    params = {k: words.int(v) if k == "most" else v for k, v in error.params.items()}
    for name, value in error.params.items():  # a date: as the reader writes it, and as ISO
        if isinstance(value, date):
            params[name], params[f"{name}_iso"] = words.date(value), value.isoformat()
    form = error.form
    if form == "usage_expected_date" and params.get("got") is None:
        form = "usage_expected_date_end"
    hint = params.pop("hint", None)
    return words.say(form, **params) + (words.say("usage_hint", hint=hint) if hint else "")


def age_text(age: timedelta, words: Wording) -> str:
    if age >= timedelta(days=2):
        return words.counting("age_days", age.days)
    return words.counting("age_hours", int(age.total_seconds() // 3600))


def _fact(name: str, value: Any, words: Wording) -> str:
    if isinstance(value, Report):
        return words.report(value)
    if isinstance(value, date):
        return words.date(value)
    if isinstance(value, timedelta):
        return age_text(value, words)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return words.change(value) if name in SIGNED else words.int(value)
    if isinstance(value, SeriesBreak):
        return value.names.get(words.lang) or words.say("and").join(
            words.label(m) for m in value.members
        )
    if name == "asked":  # "killed" or "wounded", as the question asked
        return words.say(f"measure_{value}")
    if name == "wording":  # the report's own qualifier: "about", "more than"
        return words.say(QUALIFIERS[value]) if value in QUALIFIERS else str(value)
    if name in CATEGORY_KEYS:
        keys = (value,) if isinstance(value, str) else value
        return ", ".join(words.label(k) for k in keys)
    if isinstance(value, str):
        return value
    return _many(name, value, words)


def values_text(values: Mapping[str, int], published: int | None, words: Wording) -> str:
    """Each value once with the transcriptions that give it, the published one first:
    "350 (orc-losses, russianwarship.rip), 351 (2022-Ukraine-Russia-War-Dataset)"."""
    givers: dict[int, list[str]] = {}
    for name, value in sorted(values.items()):
        givers.setdefault(value, []).append(name)
    ranked = sorted(givers.items(), key=lambda item: (item[0] != published, -len(item[1]), item[0]))
    return ", ".join(f"{words.int(value)} ({', '.join(names)})" for value, names in ranked)


def _many(name: str, values: Sequence[Any], words: Wording) -> str:
    if name == "parts":  # a series break's sum: "1,701 + 76"
        return " + ".join(words.int(v) for v in values)
    if name == "items":  # corrections named one by one
        return "; ".join(_item(item, words) for item in values)
    return words.say("and").join(_fact(name, v, words) for v in values)


def _item(item: Correction | Decrease, words: Wording) -> str:
    if isinstance(item, Correction):
        return words.say(
            "correction_item", change=words.change(item.value), on=words.date(item.date)
        )
    return words.say(
        "decrease_item",
        before=words.int(item.previous),
        now=words.int(item.value),
        on=words.date(item.date),
    )
