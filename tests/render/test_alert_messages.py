"""Alert and correction messages, composed from plain histories: the words, the order, the notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.core.records import largest_since
from bot.core.reports import History, StatedChange
from bot.render.alerts import compose_alert, compose_correction
from bot.render.flags import flag_text
from bot.render.wording import EN, UK
from tests.support.payloads import daily, report


def tanks_history(*daily_losses: int, start: str = "2023-01-01") -> History:
    totals, total = [], 1000
    for loss in daily_losses:
        total += loss
        totals.append(total)
    return History(daily(start, *totals))


def test_the_largest_daily_figure_since_a_date_is_noted() -> None:
    # 5 a day for two months, 12 on one day in January, then a 10 today
    losses = [5] * 10 + [12] + [5] * 60 + [10]
    history = tanks_history(*losses)
    latest = history.latest
    assert latest is not None
    (record,) = largest_since(history, latest)
    assert (record.kind, record.category, record.params) == (
        "record",
        "tanks",
        {"n": 10, "since": date(2023, 1, 11)},
    )
    assert flag_text(record, EN) == "The largest daily figure for tanks since 11 Jan 2023 (10)."
    assert flag_text(record, UK) == (
        "Найбільше добове значення в категорії «танки» з 11 січня 2023 року (10)."
    )


def test_a_figure_beaten_within_the_last_month_is_not_news() -> None:
    history = tanks_history(*([5] * 40 + [12] + [5] * 10 + [10]))
    assert largest_since(history, history.latest) == []  # type: ignore[arg-type]


def test_a_figure_never_reached_before_is_a_record() -> None:
    history = tanks_history(*([5] * 40 + [30]))
    records = largest_since(history, history.latest)  # type: ignore[arg-type]
    assert [flag_text(r, EN) for r in records] == [
        "The largest daily figure for tanks on record (30)."
    ]


def test_an_alert_lists_largest_changes_first_and_notes_a_decrease() -> None:
    history = History(
        [
            report("2024-11-29", personnel_units=1000, tanks=50, special_military_equip=3700),
            report("2024-11-30", personnel_units=1300, tanks=52, special_military_equip=3617),
        ]
    )
    latest = history.latest
    assert latest is not None
    message = compose_alert(history, latest)
    assert message.text == (
        "New General Staff report, 30 Nov 2024 (day 1011): Russia lost 300 personnel since the "
        "previous report of 29 Nov 2024 (day 1010); total 1,300"
    )
    table = message.blocks[2]["text"]["text"].strip("`").splitlines()
    assert [line.split("  ")[0] for line in table] == [
        "category", "personnel", "tanks", "special equipment",
    ]  # fmt: skip
    notes = message.blocks[3]["elements"][0]["text"]
    assert "special equipment total went down from 3,700 to 3,617" in notes


def test_an_alert_for_a_channel_with_categories_leads_with_them() -> None:
    history = History(daily("2022-11-23", 2897, 2898))
    latest = history.latest
    assert latest is not None
    assert compose_alert(history, latest, ["tanks"]).text.startswith(
        "New General Staff report, 24 Nov 2022 (day 274): Russia lost 1 tank since the previous"
    )


def test_a_correction_gives_old_and_new_figures() -> None:
    corrected = report(date(2024, 2, 26), tanks=6555)
    changes = [("tanks", 655, 6555), ("planes", None, 332)]
    message = compose_correction(History([corrected]), corrected, changes, "x")
    assert message.text == (
        "Correction to the General Staff report of 26 Feb 2024 (day 733): tanks now 6,555 "
        "(was 655, +5,900); aircraft now 332"
    )
    assert message.blocks[1]["elements"][0]["text"] == "x restated the report."


def test_a_correction_says_why_the_evidence_now_publishes_another_figure() -> None:
    before = report(date(2024, 10, 6), personnel_units=660_470)
    decided = replace(
        report(date(2024, 10, 7), personnel_units=661_630),
        transcriptions=("dataset", "orc-losses"),
        disputed={"personnel_units": {"dataset": 661_630, "orc-losses": 660_470}},
        decided={"personnel_units": "stated_change"},
        stated={"personnel_units": StatedChange(1160, ("orc-losses",))},
    )
    history = History([before, decided])
    message = compose_correction(history, decided, [("personnel_units", 660_470, 661_630)], "x")
    assert message.text.endswith("personnel now 661,630 (was 660,470, +1,160)")
    assert [e["text"] for e in message.blocks[1]["elements"]] == [
        "Transcriptions of the report of 7 Oct 2024 (day 957) disagree on personnel: 661,630 "
        "(dataset), 660,470 (orc-losses); 661,630 is published because it gives the +1,160 the "
        "report states."
    ]


def test_an_alert_never_states_an_undecided_figure_as_fact() -> None:
    before = report(date(2026, 3, 21), personnel_units=1_300_000, helicopters=350)
    open_ = replace(
        report(date(2026, 3, 22), personnel_units=1_301_000, helicopters=350),
        transcriptions=("dataset", "orc-losses"),
        disputed={"personnel_units": {"dataset": 1_301_000, "orc-losses": 1_300_900}},
        decided={"personnel_units": "undecided"},
    )
    text = compose_alert(History([before, open_]), open_).text
    assert "transcriptions disagree on personnel: between 900 and 1,000 since the previous " in text
    assert "total between 1,300,900 and 1,301,000" in text
    assert "Russia lost" not in text


def test_an_alert_notes_a_milestone() -> None:
    history = History([report("2022-12-30", personnel_units=99_800),
                       report("2022-12-31", personnel_units=100_200)])  # fmt: skip
    message = compose_alert(history, history.latest)  # type: ignore[arg-type]
    assert (
        "Milestone: the personnel total passed 100,000." in message.blocks[3]["elements"][0]["text"]
    )


def test_an_alert_says_where_most_losses_were_escaped_for_slack() -> None:
    from dataclasses import replace

    before = report("2022-11-23", personnel_units=85410)
    today = replace(
        report("2022-11-24", personnel_units=85720), directions="Avdiivka <!channel> & Bakhmut"
    )
    message = compose_alert(History([before, today]), today)
    assert message.text.endswith(
        "Most of the losses were in the Avdiivka &lt;!channel&gt; &amp; Bakhmut directions, "
        "according to the General Staff"
    )
    assert "<!channel>" not in str(message.blocks)
