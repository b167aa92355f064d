"""Claims and context in words an editor passes, in English and Ukrainian (issue 31): the
party as print names it, the verb agreeing with it, when it was said or only reported, one
level of brackets, no raw notes, the Ukrainian forms numbers take."""

from __future__ import annotations

import re
from datetime import date

from bot.core.answer import answer_query
from bot.core.claims import Claim
from bot.core.economist import ModelEstimate, ModelPoint
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import Correction, History
from bot.render.context import claim_sentence, later_sentence, model_line
from bot.render.flags import flag_text
from bot.render.text import headline, render_text
from bot.render.wording import EN, UK
from tests.support.payloads import report

LEDGER = "compiled by The Economist"


def ledger(party: str, metric: str, as_of: str, value: int | None = None, **more: object) -> Claim:
    fields: dict[str, object] = {"stated_on": date.fromisoformat(as_of), **more}
    return Claim(party=party, metric=metric, value=value, as_of=date.fromisoformat(as_of),
                 source=LEDGER, **fields)  # type: ignore[arg-type]  # fmt: skip


US_NYT = ledger("US officials (via NYT)", "killed", "2023-08-18", 120_000)
MEDUZA = ledger("Mediazona; Meduza", "killed", "2023-06-27", low=40_000, high=55_000,
                stated_on=None, reported_on=date(2023, 7, 12))  # fmt: skip
ARMED = ledger("Armed Forces of Ukraine", "killed_or_wounded", "2024-01-16", 390_580,
               stated_on=date(2024, 2, 6), party_to_war=True)  # fmt: skip
MIVD = ledger("Dutch Military Intelligence and Security Service (MIVD)", "killed", "2025-12-31",
              None, low=500_000, stated_on=date(2026, 4, 21),
              note="timing clarified via email")  # fmt: skip
UK_MOD = ledger("UK MoD", "killed_or_wounded", "2022-11-01", 66_241, stated_on=date(2025, 1, 7))
BBC = ledger("BBC Russia", "killed", "2025-02-21", low=146_194, high=211_169)
ALL = (US_NYT, MEDUZA, ARMED, MIVD, UK_MOD, BBC)


def depth(text: str) -> int:
    deepest = level = 0
    for ch in text:
        level += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, level)
    return deepest


def test_the_verb_agrees_with_the_party_and_a_plural_party_is_they() -> None:
    assert claim_sentence(US_NYT, EN, date(2024, 10, 7)) == (
        "US officials quoted by the New York Times last gave a figure in August 2023: on 18 Aug "
        "2023 they said that 120,000 Russian soldiers had been killed (as of 18 Aug 2023; "
        "compiled by The Economist)."
    )
    assert claim_sentence(MEDUZA, EN).startswith("Mediazona and Meduza said that between 40,000")
    assert claim_sentence(BBC, UK).startswith("Російська служба BBC заявила 21 лютого 2025 року")
    assert claim_sentence(US_NYT, UK, date(2024, 10, 7)).startswith(
        "Американські посадовці (за даними The New York Times) востаннє оприлюднили дані у серпні "
        "2023 року: 18 серпня 2023 року заявили, що 120\u00a0000 російських військових загинули"
    )


def test_a_figure_known_only_from_the_compilers_article_is_reported_never_said() -> None:
    english, ukrainian = claim_sentence(MEDUZA, EN), claim_sentence(MEDUZA, UK)
    assert "said on" not in english and (
        "(as of 27 Jun 2023; reported on 12 Jul 2023, compiled by The Economist)." in english
    )
    assert "(станом на 27 червня 2023 року; повідомлено 12 липня 2023 року, за підрахунком The " \
        "Economist)." in ukrainian  # fmt: skip
    undated = ledger(
        "NATO officials (via WP)",
        "killed",
        "2022-04-23",
        7_000,
        stated_on=None,
        reported_on=date(2022, 3, 24),
    )  # a link dated before the figure's day
    assert later_sentence(undated, EN).startswith(
        "Later estimate: NATO officials quoted by the Washington Post, reported on 24 Mar 2022:"
    )


def test_ukraines_armed_forces_estimate_beside_their_general_staffs_lead() -> None:
    english = claim_sentence(ARMED, EN, date(2026, 8, 8))  # long after: still not "last gave"
    assert english == (
        "Ukraine's armed forces, a party to the war, estimated on 6 Feb 2024 that 390,580 "
        "Russian soldiers had been killed or wounded (as of 16 Jan 2024; compiled by The "
        "Economist)."
    )
    assert claim_sentence(ARMED, UK).startswith(
        "Збройні сили України, сторона війни, оцінили 6 лютого 2024 року, що 390\u00a0580 "
        "російських військових загинули або зазнали поранень"
    )


def test_no_raw_note_and_one_level_of_brackets_in_any_sentence() -> None:
    for claim in ALL:
        for words in (EN, UK):
            for sentence in (claim_sentence(claim, words, date(2026, 8, 8)),
                             later_sentence(claim, words)):  # fmt: skip
                assert depth(sentence) <= 1, sentence
                assert "email" not in sentence and "note" not in sentence, sentence
                assert "  " not in sentence and ",," not in sentence, sentence


def test_a_later_estimate_in_ukrainian_takes_the_form_its_number_takes() -> None:
    assert later_sentence(UK_MOD, UK) == (
        "Пізніша оцінка: Міністерство оборони Великої Британії, оприлюднено 7 січня 2025 року: "
        "66\u00a0241 загиблий або поранений станом на 1 листопада 2022 року (за підрахунком The "
        "Economist)."
    )
    three = ledger("UK MoD", "killed_or_wounded", "2022-11-01", 66_243, stated_on=date(2025, 1, 7))
    assert "66\u00a0243 загиблі або поранені" in later_sentence(three, UK)
    assert "1,000 killed or wounded" in later_sentence(
        ledger("UK MoD", "killed_or_wounded", "2022-11-01", 1_000, stated_on=date(2025, 1, 7)), EN
    )


def test_the_models_two_measures_are_one_line() -> None:
    dead = ModelEstimate(
        "deaths",
        date(2026, 8, 21),
        ModelPoint(date(2022, 11, 24), 17096, 15692, 18626, 14000, 20000),
    )
    both = ModelEstimate(
        "casualties",
        date(2026, 8, 21),
        ModelPoint(date(2022, 11, 24), 93189, 81676.4, 106325.2, 1, 2),
    )
    assert model_line((both, dead), EN) == (
        "The Economist's model (fitted 21 Aug 2026) puts Russian dead by 24 Nov 2022 at "
        "15,700–18,600 and killed and wounded at 82,000–106,000 (95% intervals)."
    )
    assert model_line((both, dead), UK) == (
        "Модель The Economist (оновлена 21 серпня 2026 року) оцінює кількість убитих росіян "
        "станом на 24 листопада 2022 року у 15\u00a0700–18\u00a0600, а вбитих і поранених — у "
        "82\u00a0000–106\u00a0000 (95% інтервали)."
    )
    assert model_line((both,), EN) is not None and "(95% interval)." in str(model_line((both,), EN))
    assert model_line((), EN) is None


def ask(history: History, text: str, today: date) -> str:
    query = parse_query(text, today, history.keys)
    assert isinstance(query, Query)
    return render_text(answer_query(query, history, today))


def test_the_slips_an_editor_would_catch_are_gone() -> None:
    history = History(
        [report("2026-08-20", personnel_units=100, tanks=5), report("2026-08-21", tanks=6),
         report("2026-08-22", tanks=7), report("2026-08-23", personnel_units=130, tanks=12)],
        [Correction(date(2026, 8, 23), "tanks", 1, "t"), Correction(date(2026, 8, 23), "tanks",
                                                                     1, "t"),
         Correction(date(2026, 8, 23), "tanks", 1, "t")],
    )  # fmt: skip
    today = date(2026, 8, 24)
    both = ask(history, "personnel on 2026-08-22", today)
    assert "The reports compared, 21 Aug 2026 (day 1640) and 22 Aug 2026 (day 1641), do not " \
        "both give a figure for personnel." in both  # fmt: skip
    assert "in the reports of 21 Aug 2026 (day 1640) and 22 Aug 2026 (day 1641)" in both
    assert all(depth(line) <= 1 for line in both.splitlines()), both
    query = parse_query("танки за 23.08.2026", today, history.keys)
    assert isinstance(query, Query)
    said = headline(answer_query(query, history, today))
    assert "з них 3 — чистий підсумок трьох виправлень Генерального штабу ЗСУ" in said
    assert "(усього:" not in said and "; загалом" not in said


def test_a_question_for_the_killed_or_the_wounded_is_told_what_the_figure_counts() -> None:
    history = History([report("2024-01-01", personnel_units=100),
                       report("2024-01-02", personnel_units=130)])  # fmt: skip
    for text, words, sentence in (
        ("wounded on 2024-01-02", EN, "counts the killed and the wounded together; it gives no "
         "figure for the wounded alone."),
        ("загиблих за 02.01.2024", UK, "охоплює загиблих і поранених разом; окремо загиблих він "
         "не наводить."),
    ):  # fmt: skip
        query = parse_query(text, date(2024, 1, 3), history.keys)
        assert isinstance(query, Query)
        (measure,) = [f for f in answer_query(query, history, date(2024, 1, 3)).flags
                      if f.kind == "measure"]  # fmt: skip
        assert flag_text(measure, words).endswith(sentence)


def test_ukrainian_running_text_dates_say_roku_and_headlines_may_not() -> None:
    assert UK.date(date(2022, 11, 24)) == "24 листопада 2022 року"
    assert UK.date(date(2022, 11, 24), headline=True) == "24 листопада 2022"
    assert EN.date(date(2022, 11, 24), headline=True) == EN.date(date(2022, 11, 24))
    assert not re.search(r"2022 року року", UK.date(date(2022, 11, 24)))


def test_a_count_takes_the_form_its_number_takes_in_each_language() -> None:
    assert (EN.counting("age_days", 21), EN.counting("age_days", 1)) == ("21 days", "1 day")
    assert UK.counting("reports", 22) == "22 звіти Генерального штабу ЗСУ"
    assert UK.counting("reports", 25) == "25 звітів Генерального штабу ЗСУ"
