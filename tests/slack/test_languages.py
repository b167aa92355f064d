"""Answers in the language of the question: a Ukrainian question gets the sentence, the table,
the flags and the attribution in Ukrainian, with the General Staff named as "Генеральний штаб
ЗСУ"; a typo gets a suggestion in either language."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answer import answer_query
from bot.core.query.grammar import Query, UsageError, language, parse_query
from bot.core.query.ukrainian import PHRASES
from bot.core.reports import Correction, History
from bot.render.flags import flag_text, said
from bot.render.json import answer_json
from bot.render.text import render_text
from bot.render.wording import EN
from tests.support.bolt_server import Server
from tests.support.payloads import report

TODAY = date(2022, 11, 25)
NOV = History(
    [
        report("2022-11-23", personnel_units=85410, tanks=2897),
        report("2022-11-24", personnel_units=85720, tanks=2898),
    ],
    [Correction(date(2022, 11, 24), "tanks", -5, "test")],
)


def ask_text(text: str) -> str:
    query = parse_query(text, TODAY, NOV.keys)
    assert isinstance(query, Query)
    return render_text(answer_query(query, NOV, TODAY))


def test_a_ukrainian_question_is_answered_in_ukrainian() -> None:
    text = ask_text("особовий склад танки за 24.11.2022")
    assert text.splitlines()[0] == (
        "Росія втратила 310 осіб особового складу між звітами Генерального штабу ЗСУ за "
        "23 листопада 2022 року (день 273) і 24 листопада 2022 року (день 274), і загальні втрати "
        "сягнули 85\u00a0720, за даними Генерального штабу ЗСУ."
    )
    assert "категорія       зміна  усього" in text
    assert (
        "Примітка: Зміна в категорії «танки» містить виправлення Генерального штабу ЗСУ на -5 "
        "від 24 листопада 2022 року." in text
    )
    assert text.rstrip().endswith("Джерело: Генеральний штаб ЗСУ (дані через test).")
    assert "General Staff" not in text and "Russia lost" not in text


def test_the_same_question_in_english_is_answered_in_english() -> None:
    text = ask_text("personnel tanks on 24.11.2022")
    assert text.startswith("Russia lost 310 personnel between the General Staff's reports")
    assert (
        "The tanks change includes a correction of -5 by the General Staff on 24 Nov 2022." in text
    )


def test_json_keys_stay_canonical_and_messages_follow_the_language() -> None:
    query = parse_query("танки за 24.11.2022", TODAY, NOV.keys)
    assert isinstance(query, Query)
    data = answer_json(query.text, answer_query(query, NOV, TODAY))
    assert data["change"] == {"tanks": 1}
    assert data["source"] == "Генеральний штаб ЗСУ (дані через test)"
    assert data["flags"][0]["kind"] == "correction" and "виправлення" in data["flags"][0]["message"]


@pytest.mark.parametrize(
    ("text", "hint"),
    [("tnaks last week", "tanks"), ("artilery in 2023", "artillery"), ("тнаки за тиждень", "танки"),
     ("since yesterdya", "yesterday"), ("last 7 dyas", "days"), ("since 2022-11-0x", None)],
)  # fmt: skip
def test_a_typo_gets_a_suggestion(text: str, hint: str | None) -> None:
    with pytest.raises(UsageError) as error:
        parse_query(text, TODAY)
    if hint is None:
        assert "Expected a date" in said(error.value)
    elif error.value.lang == "uk":  # said in the question's language
        assert f"Можливо, ви мали на увазі «{hint}»?" in said(error.value)
    else:
        assert f"Did you mean “{hint}”?" in said(error.value)


@pytest.mark.parametrize(
    "text", ["since the start of the century", "last 24 thurs", "tanks year", "since year 2023"]
)
def test_a_word_gets_a_suggestion_only_when_one_is_close(text: str) -> None:
    """Never the word itself ("Did you mean “year”?" for "year"), never a mere likeness
    ("thurs" for "hours"): one slip away, or two in a long word."""
    with pytest.raises(UsageError) as error:
        parse_query(text, TODAY)
    assert "Did you mean" not in said(error.value), text


def test_a_period_that_has_not_ended_says_so() -> None:
    query = parse_query("from nov 24 to nov 30", TODAY)
    assert isinstance(query, Query)
    comparison = answer_query(query, NOV, TODAY)
    (flag,) = [f for f in comparison.flags if f.kind == "partial"]
    assert flag_text(flag, EN) == (
        "The period runs to 30 Nov 2022, which has not come yet; this counts the reports so far, "
        "to 24 Nov 2022 (day 274)."
    )


async def test_slack_answers_a_ukrainian_question_in_ukrainian(server: Server) -> None:
    status, payload = await server.command("танки за 24.11.2022 публічно")
    assert status == 200 and payload["response_type"] == "in_channel"
    assert (
        payload["blocks"][0]["text"]["text"]
        == "Втрати Росії, 23 листопада 2022 → 24 листопада 2022"
    )
    assert payload["text"].startswith("Росія втратила 1 танк між звітами")


def test_every_ukrainian_phrase_holds_cyrillic() -> None:
    """An English question is not looked up in the translation table at all."""
    assert [phrase for phrase in PHRASES if language(phrase) != "uk"] == []


async def test_slack_answers_a_ukrainian_mistake_in_ukrainian(server: Server) -> None:
    """The reason in the question's language, above the usage in that language, ephemeral."""
    status, payload = await server.command("танки з бананів")
    assert status == 200 and payload["response_type"] == "ephemeral"
    assert payload["text"].startswith("Тут має бути дата, а не «бананів».")
    assert "Як запитати: /losses [категорії] [період] [публічно]" in payload["text"]
    status, payload = await server.command("tanks since bananas")
    assert payload["text"].startswith("Expected a date after “since”, got “bananas”.")
    assert "Usage: /losses" in payload["text"]
