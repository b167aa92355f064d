"""Composed answers: the sentence a reporter pastes, the table, and the JSON shape."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from bot.app.outcome import Outcome
from bot.core.answer import answer_query
from bot.core.delta import Comparison
from bot.core.query.grammar import Query, parse_query
from bot.core.reports import History
from bot.render.blocks import SlackMessage, answer_buttons, answer_message, button, with_actions
from bot.render.json import answer_json
from bot.render.text import headline, render_table, render_text
from bot.render.wording import wording
from bot.slack.replies import ack_reply
from tests.support.payloads import report

TODAY = date(2022, 11, 25)


def compare(history: History, text: str) -> Comparison:
    query = parse_query(text, TODAY)
    assert isinstance(query, Query)
    return answer_query(query, history, TODAY)


HISTORY = History(
    [
        replace(
            report("2022-11-23", "russianwarship.rip", personnel_units=85410, tanks=2897, mlrs=395),
            url="https://example.org/273",
        ),
        replace(
            report("2022-11-24", "russianwarship.rip", personnel_units=85720, tanks=2898, mlrs=395),
            url="https://example.org/274",
        ),
    ]
)


def test_the_sentence_is_the_one_the_article_was_written_from() -> None:
    assert headline(compare(HISTORY, "on 2022-11-24")) == (
        "Russia lost 310 personnel between the General Staff's reports of 23 Nov 2022 (day 273) "
        "and 24 Nov 2022 (day 274), bringing the total to 85,720, according to the General Staff "
        "of the Armed Forces of Ukraine."
    )


def test_one_tank_is_singular_and_the_asked_category_leads() -> None:
    assert headline(compare(HISTORY, "tanks on 2022-11-24")).startswith(
        "Russia lost 1 tank between"
    )


def test_no_change_says_the_total_remains() -> None:
    assert headline(compare(HISTORY, "mlrs on 2022-11-24")) == (
        "No new losses of MLRS were reported between the General Staff's reports of 23 Nov 2022 "
        "(day 273) and 24 Nov 2022 (day 274); the total remains 395, according to the General "
        "Staff of the Armed Forces of Ukraine."
    )


def test_a_decrease_is_worded_as_a_correction_not_a_loss() -> None:
    history = History(
        [
            report("2022-10-12", armoured_fighting_vehicles=5181),
            report("2022-10-13", armoured_fighting_vehicles=5167),
        ]
    )
    query = parse_query("on 2022-10-13", TODAY)
    assert isinstance(query, Query)
    sentence = headline(answer_query(query, history, TODAY))
    assert sentence.startswith("The reported total of armoured combat vehicles went down by 14 ")
    assert sentence.endswith(
        "to 5,167: a correction by the General Staff of the Armed Forces of Ukraine."
    )
    assert "lost" not in sentence


def test_counting_from_the_start_of_the_invasion_names_the_report_it_uses() -> None:
    assert headline(compare(HISTORY, "since 2022-02-24")) == (
        "Russia lost 85,720 personnel since the start of the full-scale invasion on 24 Feb 2022, "
        "according to the report of 24 Nov 2022 (day 274) by the General Staff of the Armed "
        "Forces of Ukraine."
    )


def test_the_table_has_every_category_with_signed_change_and_separated_total() -> None:
    assert render_table(compare(HISTORY, "on 2022-11-24")).splitlines() == [
        "category   change   total",
        "personnel    +310  85,720",
        "tanks          +1   2,898",
        "MLRS            0     395",
    ]


def test_the_text_answer_attributes_the_source_and_links_both_posts() -> None:
    text = render_text(compare(HISTORY, "on 2022-11-24"))
    assert text.endswith(
        "Source: General Staff of the Armed Forces of Ukraine (data via russianwarship.rip). "
        "Original posts: 23 Nov 2022 (day 273): https://example.org/273; "
        "24 Nov 2022 (day 274): https://example.org/274."
    )


def test_json_has_exactly_the_documented_shape() -> None:
    comparison = compare(HISTORY, "tanks on 2022-11-24")
    assert answer_json("tanks on 2022-11-24", comparison) == {
        "query": "tanks on 2022-11-24",
        "source": "General Staff of the Armed Forces of Ukraine (data via russianwarship.rip)",
        "from": {
            "date": "2022-11-23",
            "day": 273,
            "totals": {"tanks": 2897},
            "transcriptions": ["russianwarship.rip"],
        },
        "to": {
            "date": "2022-11-24",
            "day": 274,
            "totals": {"tanks": 2898},
            "transcriptions": ["russianwarship.rip"],
            "directions": None,
        },
        "change": {"tanks": 1},
        "flags": [],
        "context": [],
    }


def test_json_from_zero_has_null_from() -> None:
    assert answer_json("x", compare(HISTORY, "since 2022-02-24"))["from"] is None


def test_the_acknowledgement_carries_the_answer_and_its_buttons() -> None:
    message = answer_message(compare(HISTORY, "tanks on 2022-11-24"))
    question = 'tanks on 2022-11-24 "quoted" & <odd> — ₴ танки'
    for public, lang in ((False, "en"), (True, "en"), (False, "uk")):
        shown = message if public else answer_buttons(message, question, wording(lang))
        for _ in range(2):  # the second time from the message's own encoding
            assert json.loads(ack_reply(Outcome(shown, public=public))) == {
                "response_type": "in_channel" if public else "ephemeral",
                "text": shown.text,
                "blocks": shown.blocks,
            }
    assert ack_reply(Outcome(message, view={"type": "modal"})) == ""  # the form is the answer


def test_a_row_of_buttons_goes_below_the_message() -> None:
    for message in (answer_message(compare(HISTORY, "on 2022-11-24")), SlackMessage("x")):
        joined = with_actions(message, button("a", "A", "v"), button("b", "B", "w", "primary"))
        assert joined.blocks[:-1] == message.blocks and joined.blocks[-1]["type"] == "actions"
        for lang in ("en", "uk"):
            for question in ("since 2022-11-01", 'x "y" \\ \x00 <&> — танки ₴ 😀', ""):
                shown = answer_buttons(message, question, wording(lang))
                *shared, row = shown.blocks
                assert [b["value"] for b in row["elements"]] == [question] * 3
                assert shared == message.blocks and shown.text == message.text
