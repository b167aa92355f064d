"""Words a desk can paste (issue 22): Ukrainian nouns in the form each number takes, directions
named as the General Staff names them, corrections said in the sentence itself, a claim's age,
and one event counted once."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.core.answer import Unanswerable, answer_query
from bot.core.categories import KNOWN_CATEGORIES, category
from bot.core.claims import Claim
from bot.core.delta import Comparison
from bot.core.query.grammar import Query, parse_query
from bot.core.query.periods import UsageError
from bot.core.reports import Correction, History
from bot.render.context import claim_sentence
from bot.render.directions import UK_DIRECTIONS, directions_sentence, places
from bot.render.flags import flag_text, said
from bot.render.text import headline, render_text
from bot.render.wording import EN, UK, uk_number_form
from tests.support.payloads import report

# The form a Ukrainian noun takes after a number: 0 for "1 танк", 1 for "2 танки", 2 for
# "5 танків". Written out, not computed: the rule is what is under test.
FORMS = {0: 2, 1: 0, 2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 9: 2, 10: 2, 11: 2, 12: 2, 13: 2, 14: 2,
         15: 2, 19: 2, 20: 2, 21: 0, 22: 1, 23: 1, 24: 1, 25: 2, 30: 2, 31: 0, 34: 1, 40: 2,
         99: 2, 100: 2, 101: 0, 102: 1, 104: 1, 105: 2, 110: 2, 111: 2, 112: 2, 113: 2, 114: 2,
         115: 2, 121: 0, 122: 1, 211: 2, 212: 2, 1000: 2, 1001: 0, 1011: 2, 1012: 2, 1_137_690: 2,
         85_721: 0, 85_722: 1}  # fmt: skip


@pytest.mark.parametrize(("n", "form"), sorted(FORMS.items()))
def test_a_ukrainian_noun_takes_the_form_of_its_number(n: int, form: int) -> None:
    assert uk_number_form(n) == form
    assert UK.counted("tanks", n) == ("танк", "танки", "танків")[form]


def test_every_number_to_a_thousand_takes_the_form_of_its_last_two_digits() -> None:
    """0-1,000 and the teens: the teens always take the third form ("11 танків", "112 танків"),
    and a number takes the form of its last two digits ("101 танк" as "1 танк")."""
    for n in range(1001):
        assert uk_number_form(n) == uk_number_form(n % 100), n
        if 11 <= n % 100 <= 14:
            assert UK.counted("tanks", n) == "танків", n
        assert uk_number_form(-n) == uk_number_form(n)  # a fall takes the same form


def test_every_category_has_its_ukrainian_forms_and_reads_after_a_number() -> None:
    for cat in KNOWN_CATEGORIES:
        assert all(cat.uk_counted), cat.key  # one, few, many: a table row with three forms
    assert [UK.counted("armoured_fighting_vehicles", n) for n in (1, 22, 25)] == [
        "бойову броньовану машину", "бойові броньовані машини", "бойових броньованих машин"
    ]  # fmt: skip
    assert UK.counted("aa_warfare_systems", 409) == "засобів ППО"
    assert UK.counted("personnel_units", 310) == "осіб особового складу"
    # A category the General Staff adds tomorrow is counted in units, never left unreadable.
    new = category("laser_weapons")
    assert UK.counted("laser_weapons", 5) == f"одиниць у категорії «{new.uk or new.plural}»"
    assert EN.counted("tanks", 1) == "tank" and EN.counted("tanks", 2) == "tanks"


def ask(history: History, text: str, today: date) -> Comparison:
    query = parse_query(text, today, history.keys)
    assert isinstance(query, Query)
    return answer_query(query, history, today)


NOV = History(
    [
        report("2022-11-23", personnel_units=85410, tanks=2897, aa_warfare_systems=203),
        report("2022-11-24", personnel_units=85720, tanks=2898, aa_warfare_systems=205),
    ]
)


def test_ukrainian_sentences_read_as_ukrainian() -> None:
    today = date(2022, 11, 25)
    assert headline(ask(NOV, "за 24.11.2022", today)).startswith(
        "Росія втратила 310 осіб особового складу між звітами"
    )
    assert headline(ask(NOV, "танки за 24.11.2022", today)).startswith("Росія втратила 1 танк між")
    assert headline(ask(NOV, "ППО за 24.11.2022", today)).startswith("Росія втратила 2 засоби ППО")
    assert "(«" not in render_text(ask(NOV, "за 24.11.2022", today))  # no title in guillemets


@pytest.mark.parametrize(
    ("raw", "english", "ukrainian"),
    [
        ("Avdiivka, Bakhmut and Lyman", "in the Avdiivka, Bakhmut and Lyman directions",
         "на Авдіївському, Бахмутському та Лиманському напрямках"),
        ("Izyum", "in the Izyum direction", "на Ізюмському напрямку"),
        ("Kryvyi Rih and Kupiansk", "in the Kryvyi Rih and Kupiansk directions",
         "на Криворізькому та Куп'янському напрямках"),
        ("Atlantis", "in the Atlantis direction", "на напрямках: Atlantis"),  # as given
    ],
)  # fmt: skip
def test_directions_are_named_in_either_language_one_in_the_singular(
    raw: str, english: str, ukrainian: str
) -> None:
    assert english in directions_sentence(raw, EN)
    assert ukrainian in directions_sentence(raw, UK)


def test_every_place_in_the_real_history_has_its_ukrainian_direction(shared_data: Path) -> None:
    rows = json.loads((shared_data / "russia_losses_equipment.json").read_text())
    given = {r["greatest losses direction"] for r in rows if r.get("greatest losses direction")}
    assert len(given) == 64
    named = {place for text in given for place in places(text)}
    assert named == set(UK_DIRECTIONS)  # every place, and no place the reports never name
    singular = [text for text in given if len(places(text)) == 1]
    assert len(singular) == 15 and all("напрямку." in directions_sentence(t, UK) for t in singular)


FEB_2025 = History(
    [
        report("2025-02-26", personnel_units=860_000, tanks=10_100),
        report("2025-02-27", personnel_units=861_850, tanks=10_105),
        report("2025-02-28", personnel_units=864_560, tanks=10_106),
        report("2025-03-01", personnel_units=865_610, tanks=10_104),
    ],
    [
        Correction(date(2025, 2, 28), "personnel_units", 1_650, "dataset"),
        Correction(date(2025, 2, 28), "tanks", -2, "dataset"),
    ],
)


def test_a_correction_inside_the_period_is_in_the_sentence_itself() -> None:
    today = date(2025, 3, 2)
    assert headline(ask(FEB_2025, "on 2025-02-28", today)) == (
        "Russia lost 2,710 personnel between the General Staff's reports of 27 Feb 2025 (day 1100) "
        "and 28 Feb 2025 (day 1101), of which 1,650 is a correction by the General Staff, "
        "bringing the total to 864,560, according to the General Staff of the Armed Forces of "
        "Ukraine."
    )
    assert (
        ", з них 1\u00a0650 — виправлення Генерального штабу ЗСУ, і загальні втрати сягнули "
        "864\u00a0560, за даними Генерального штабу ЗСУ."
        in headline(ask(FEB_2025, "за 28.02.2025", today))
    )  # a whole sentence, not "; загалом 864 560, за даними…" (issue 31)
    assert "after a correction of -2 by the General Staff" in headline(
        ask(FEB_2025, "tanks on 2025-02-28", today)
    )
    assert "correction" not in headline(ask(FEB_2025, "on 2025-03-01", today))


def test_a_fall_the_day_after_a_published_correction_is_that_correction() -> None:
    """The tanks' -5 of May 2023 is dated the 27th in the correction file; the total fell on
    the 28th. One event: one correction, not two."""
    history = History(
        [
            report("2023-05-26", tanks=3796),
            report("2023-05-27", tanks=3799),
            report("2023-05-28", tanks=3797),
            report("2023-05-29", tanks=3801),
        ],
        [Correction(date(2023, 5, 27), "tanks", -5, "dataset")],
    )
    (correction,) = [
        f for f in ask(history, "tanks since 2023-05-27", date(2023, 6, 1)).flags
        if f.kind == "correction"
    ]  # fmt: skip
    assert correction.sentence == "correction_one" and correction.params["change"] == -5


def test_corrections_that_cancel_out_are_said_in_words() -> None:
    history = History(
        [report(f"2024-0{m}-01", tanks=1000 + m) for m in range(1, 8)],
        [Correction(date(2024, m, 1), "tanks", (-1) ** m * 3, "dataset") for m in range(2, 6)],
    )
    (flag,) = [f for f in ask(history, "tanks since 2024-01-02", date(2024, 8, 1)).flags
               if f.kind == "correction"]  # fmt: skip
    assert flag.sentence == "correction_many_cancel"
    assert flag_text(flag, EN) == (
        "The tanks change includes 4 corrections by the General Staff between 1 Feb 2024 and "
        "1 May 2024, which cancel each other out."
    )
    assert "взаємно компенсуються" in flag_text(flag, UK) and "(усього: 4)" in flag_text(flag, UK)


def test_a_claim_cited_long_after_it_was_made_says_how_old_it_is() -> None:
    claim = Claim(party="Russian Ministry of Defence", speaker="Sergei Shoigu", metric="killed",
                  value=5937, as_of=date(2022, 9, 21), stated_on=date(2022, 9, 21),
                  source="Televised address")  # fmt: skip
    soon = claim_sentence(claim, EN, date(2022, 10, 1))
    assert soon.startswith("The Russian Ministry of Defence (Sergei Shoigu) said on 21 Sep 2022")
    later = claim_sentence(claim, EN, date(2025, 3, 1))
    assert later.startswith(
        "The Russian Ministry of Defence (Sergei Shoigu) last gave a figure in September 2022: "
        "on 21 Sep 2022 it said that 5,937 Russian soldiers had been killed"
    )
    assert claim_sentence(claim, UK, date(2025, 3, 1)).startswith(
        "Міністерство оборони Росії (Сергій Шойгу) востаннє оприлюднило дані у вересні 2022 "
        "року: 21 вересня 2022 року заявило, що 5\u00a0937 російських військових загинули"
    )  # the verb agrees with the ministry (neuter), the speaker in Ukrainian


@pytest.mark.parametrize(
    ("text", "english", "ukrainian"),
    [
        ("on 1/11/2022", "“1/11/2022” could be 1 Nov 2022 or 11 Jan 2022: write it as 2022-11-01 "
         "or 2022-01-11.", None),
        ("танки 1/11/2022", None,
         "«1/11/2022» може означати і 1 листопада 2022 року, і 11 січня 2022 року"),
        ("tanks sold by russia yesterday?", "I don't understand “sold by russia yesterday?”.",
         None),
        ("танки продали вчора", None, "Не розумію «продали вчора»."),
    ],
)  # fmt: skip
def test_a_usage_error_is_said_in_the_questions_language_quoting_its_words(
    text: str, english: str | None, ukrainian: str | None
) -> None:
    with pytest.raises(UsageError) as error:
        parse_query(text, date(2026, 11, 25))
    if english is not None:
        assert error.value.lang == "en" and said(error.value).startswith(english)
    if ukrainian is not None:
        assert error.value.lang == "uk" and said(error.value).startswith(ukrainian)


def test_a_category_title_is_never_the_sentence_after_a_number() -> None:
    """Every category's table form and counted form differ where Ukrainian needs them to."""
    today = date(2022, 11, 25)
    history = History([report("2022-11-23", submarines=0), report("2022-11-24", submarines=1)])
    answer = headline(ask(history, "підводні човни за 24.11.2022", today))
    assert "втратила 1 підводний човен" in answer


def test_a_period_after_the_newest_report_says_what_it_is_and_how_to_ask() -> None:
    """On a store 99 days old, `last 7 days` holds no report: the refusal names the newest one
    and the words that ask for it, in the question's language."""
    later = date(2023, 3, 3)
    asked_for = {
        "last 7 days": "ask for it with `on 24 Nov 2022` or `latest`",
        "за останні 7 днів": "запитайте `за 2022-11-24` або `останні дані`",
    }
    for text, words in asked_for.items():
        query = parse_query(text, later)
        assert isinstance(query, Query)
        with pytest.raises(Unanswerable) as error:
            answer_query(query, NOV, later)
        assert said(error.value).endswith(words + ".")
        assert "24" in said(error.value)
    # ... and the words it suggests do ask for it.
    for asked in ("on 24 Nov 2022", "latest", "за 24 листопада 2022", "останні дані"):
        query = parse_query(asked, later)
        assert isinstance(query, Query)
        assert answer_query(query, NOV, later).report.date == date(2022, 11, 24)
