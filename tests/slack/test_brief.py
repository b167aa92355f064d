"""The brief: the seed article's data part, composed from the store, attributed sentence by
sentence, in English and Ukrainian; from the command line and from Slack, where a button posts
it to the channel once."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.claims import Claim
from bot.core.freshness import Freshness
from bot.core.oryx import OryxCounts, OryxRow
from bot.core.query.grammar import UsageError
from bot.core.reports import History
from bot.render.blocks import POST_BRIEF
from bot.render.brief import brief_json, brief_query, brief_text, compose_brief
from bot.render.flags import said
from bot.render.wording import EN
from tests.support.bolt_server import Server
from tests.support.cli import run
from tests.support.env import SHARED_DATA
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import report

TODAY = date(2022, 11, 25)


def claim(party: str, metric: str, value: int, said: str, **extra: str) -> Claim:
    day = date.fromisoformat(said)
    return Claim(
        party=party,
        metric=metric,
        value=value,
        as_of=day,
        stated_on=day,
        source=f"{party} statement",
        **extra,
    )


MOD = "Russian Ministry of Defence"
CLAIMS = [
    claim(MOD, "killed", 1351, "2022-03-25"),
    claim(MOD, "killed", 5937, "2022-09-21", speaker="Sergei Shoigu"),
    claim("US DoD", "killed_or_wounded", 100000, "2022-11-09", qualifier="well over"),
    claim("US DoD", "killed_or_wounded", 200000, "2023-02-01", qualifier="about"),  # later
]
ORYX = OryxCounts([OryxRow("Aircraft", date(2022, 10, 18), 60, 1, 0, 2, 63)])


def history(**changes: object) -> History:
    reports = [
        report("2022-11-21", personnel_units=84210, tanks=2895),
        report("2022-11-22", personnel_units=85000, tanks=2895),
        replace(
            report("2022-11-23", personnel_units=85410, tanks=2897),
            directions="Avdiivka and Bakhmut",
        ),
        replace(
            report("2022-11-24", personnel_units=85720, tanks=2898),
            directions="Avdiivka, Bakhmut and Lyman",
        ),
    ]
    return History(
        changes.get("reports", reports),  # type: ignore[arg-type]
        claims=CLAIMS,
        oryx=changes.get("oryx", ORYX),  # type: ignore[arg-type]
    )


def test_the_brief_has_the_seeds_figures_each_attributed() -> None:
    brief = compose_brief(history(), brief_query("2022-11-24", TODAY), TODAY)
    assert brief.title == (
        "Russia lost 310 military personnel between Wednesday and Thursday, Ukraine's General "
        "Staff says"
    )
    assert brief.key_points == (
        "Russia lost 310 military personnel in Ukraine between Wednesday and Thursday, according "
        "to the General Staff of the Armed Forces of Ukraine.",
        "Most of the losses were in the Avdiivka, Bakhmut and Lyman directions, according to the "
        "General Staff.",
        "Russia has lost 85,720 military personnel in total since the start of the full-scale "
        "invasion on 24 Feb 2022, according to the General Staff of the Armed Forces of Ukraine.",
    )
    text = brief_text(brief)
    previous = (
        "The General Staff's previous report, of 23 Nov 2022 (day 273), put the total at 85,410."
    )
    assert previous in text
    assert "on 24 Feb 2022 and Thursday 24 Nov 2022 totalled 85,720" in text  # no comma
    assert "The Russian Ministry of Defence (Sergei Shoigu) said on 21 Sep 2022 that 5,937" in text
    assert "1,351" not in text  # the ministry's later claim supersedes it
    assert (
        "The US Department of Defense said on 9 Nov 2022 that well over 100,000 Russian "
        "soldiers" in text
    )  # "US DoD" as the table names it in print
    assert "200,000" not in text  # said after 24 Nov 2022: never cited
    assert "Oryx has visually confirmed 63 Russian aircraft lost as of 18 Oct 2022" in text
    assert "The Oryx file used has no count of tanks" in text  # what it lacks is said to be missing
    assert text.splitlines()[-1] == (
        "Compiled automatically by losses-bot from the General Staff of the Armed Forces of "
        "Ukraine (data via test); the Russian Ministry of Defence; the US Department of Defense; "
        "Oryx; each figure is attributed to whoever gave it."
    )
    assert text.index("KEY POINTS") < text.index("previous report") < text.index("Oryx")


def test_every_sentence_names_its_source() -> None:
    brief = compose_brief(history(), brief_query("2022-11-24", TODAY), TODAY)
    named = ("General Staff", MOD, "US DoD", "Oryx")
    for sentence in (*brief.key_points, *brief.paragraphs):
        assert any(name in sentence for name in named), sentence


def test_the_brief_in_ukrainian() -> None:
    brief = compose_brief(history(), brief_query("24.11.2022", TODAY, "uk"), TODAY)
    assert brief.title == "Росія втратила 310 військових між середою і четвергом, — Генштаб ЗСУ"
    text = brief_text(brief)
    assert "ГОЛОВНЕ" in text and "85\u00a0720" in text and "85\u00a0410" in text
    assert "Довідку автоматично склав losses-bot" in text.splitlines()[-1]
    ukrainian_date = brief_query("24 листопада 2022", TODAY)
    assert ukrainian_date.lang == "uk"


def test_reports_a_week_apart_are_named_by_date_not_weekday() -> None:
    reports = [
        report("2022-11-10", personnel_units=80000),
        report("2022-11-24", personnel_units=85720),
    ]
    brief = compose_brief(history(reports=reports), brief_query("2022-11-24", TODAY), TODAY)
    assert "between 10 Nov 2022 and 24 Nov 2022" in brief.title
    assert any(flag.kind == "gap" for flag in brief.comparison.flags)
    assert brief.notes  # the gap is said


def test_a_stale_report_is_named_by_date_with_its_age_in_the_headline() -> None:
    """On a store whose newest report is months old, "between Friday and Saturday" would be
    pasted as this week's news: the brief names the dates and says the report's age up top."""
    later = date(2023, 3, 3)  # 99 days after the newest report, in the morning
    freshness = Freshness(datetime(2023, 3, 3, 9, tzinfo=UTC), timedelta(hours=36))
    brief = compose_brief(history(), brief_query("", later), later, freshness)
    assert brief.title == (
        "Russia lost 310 military personnel between 23 Nov 2022 and 24 Nov 2022, Ukraine's "
        "General Staff says (the newest report in the store, 99 days old)"
    )
    uk = compose_brief(history(), brief_query("", later, "uk"), later, freshness)
    assert uk.title.endswith("(найновіший звіт у сховищі, йому 99 днів)")
    assert "між 23 листопада 2022 і 24 листопада 2022," in uk.title  # a headline: no "року"
    fresh = compose_brief(history(), brief_query("2022-11-24", TODAY), TODAY)
    assert "between Wednesday and Thursday" in fresh.title and "old" not in fresh.title


def test_a_day_without_a_personnel_change_gets_the_plain_sentence() -> None:
    reports = [
        report("2022-11-23", personnel_units=85720),
        report("2022-11-24", personnel_units=85720),
    ]
    brief = compose_brief(history(reports=reports), brief_query("", TODAY), TODAY)
    assert brief.title == "Russian losses in the General Staff's report of 24 Nov 2022 (day 274)"
    assert brief.key_points[0].startswith("No new losses of personnel were reported")


@pytest.mark.parametrize("text", ["tanks on 2022-11-24", "since 2022-11-01", "march 2022"])
def test_a_brief_is_for_one_report(text: str) -> None:
    with pytest.raises(UsageError) as error:
        brief_query(text, TODAY)
    assert "A brief is for one report" in said(error.value)
    with pytest.raises(UsageError) as error:
        brief_query(text, TODAY, "uk")
    assert said(error.value).startswith("Довідка — про один звіт")


def test_the_json_brief_carries_every_figure_with_its_source() -> None:
    data = brief_json(compose_brief(history(), brief_query("2022-11-24", TODAY), TODAY))
    assert data["personnel"] == {
        "change": 310,
        "total": 85720,
        "previous_total": 85410,
        "from": {"date": "2022-11-23", "day": 273},
        "to": {"date": "2022-11-24", "day": 274},
    }
    assert data["directions"] == "Avdiivka, Bakhmut and Lyman"
    assert [(c["party"], c["value"]) for c in data["context"]] == [
        (MOD, 5937),
        ("US DoD", 100000),
        ("Oryx", 63),
    ]
    assert {c["kind"] for c in data["context"]} == {"claim", "visually_confirmed"}
    assert data["title"] and data["key_points"] and data["disclosure"]


# The command line over a real store.


async def test_brief_on_the_command_line(database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    from tests.support.payloads import equipment_rows, personnel_rows

    (folder / "russia_losses_personnel.json").write_text(json.dumps(personnel_rows()))
    (folder / "russia_losses_equipment.json").write_text(json.dumps(equipment_rows()))
    assert (await run(database_url, "import", str(folder)))[0] == 0
    code, out, err = await run(database_url, "brief", "2022-11-24")
    assert code == 0, err
    # A 2022 report asked for years later: named by its dates, not "Wednesday and Thursday".
    assert out.startswith("Russia lost 310 military personnel between 23 Nov 2022 and 24 Nov 2022")
    assert "Avdiivka, Bakhmut and Lyman" in out
    code, out, err = await run(database_url, "brief", "--json", "24.11.2022", "--lang", "uk")
    assert code == 0, err
    assert json.loads(out)["title"].startswith("Росія втратила 310 військових")
    code, out, err = await run(database_url, "brief", "2022-12-30")
    assert code == 2 and "no report" in err.lower()


# Slack: the brief privately, with a button that posts it to the channel once.


async def test_the_brief_in_slack_and_its_post_to_channel_button(
    server: Server, fake_slack: FakeSlack
) -> None:
    status, body = await server.command("brief 2022-11-24")
    assert status == 200 and body["response_type"] == "ephemeral"
    assert body["blocks"][0]["text"]["text"].startswith("Russia lost 310 military personnel")
    (button,) = body["blocks"][-1]["elements"]
    assert button["action_id"] == POST_BRIEF and button["text"]["text"] == "Post to channel"
    click = {
        "type": "block_actions",
        "channel": {"id": "C1"},
        "response_url": server.response_url,
        "trigger_id": "9.9.9",
        "actions": [
            {
                "type": "button",
                "action_id": POST_BRIEF,
                "block_id": "b",
                "value": button["value"],
                "action_ts": "1",
            }
        ],
    }
    for _ in range(2):  # a double click
        status, _body = await server.interact(click)
        assert status == 200
    await fake_slack.wait_for(lambda: len(fake_slack.responses) == 2)
    posted, refused = fake_slack.responses
    assert posted["response_type"] == "in_channel" and posted["replace_original"] is False
    assert posted["blocks"][0]["text"]["text"].startswith("Russia lost 310")
    assert all(b["type"] != "actions" for b in posted["blocks"])  # no button in the channel
    assert refused["response_type"] == "ephemeral" and refused["text"] == EN.say("posted_already")


async def test_a_crafted_button_value_gets_a_sentence(
    server: Server, fake_slack: FakeSlack
) -> None:
    for value in ("not json", json.dumps({"date": "2022-13-45"}), json.dumps([1])):
        click = {
            "type": "block_actions",
            "channel": {"id": "C1"},
            "response_url": server.response_url,
            "actions": [{"type": "button", "action_id": POST_BRIEF, "value": value}],
        }
        assert (await server.interact(click))[0] == 200
    await fake_slack.wait_for(lambda: len(fake_slack.responses) == 3)
    assert {r["text"] for r in fake_slack.responses} == {EN.say("stale_button")}


async def test_the_ukrainian_brief_in_slack(server: Server) -> None:
    status, body = await server.command("довідка 24.11.2022")
    assert status == 200
    assert body["blocks"][0]["text"]["text"].startswith("Росія втратила 310 військових")
    assert body["blocks"][-1]["elements"][0]["text"]["text"] == "Опублікувати в каналі"


# The "done when", on the real history.


@pytest.mark.skipif(
    not (SHARED_DATA / "oryx" / "daily_count.csv").exists(), reason="../shared/data is absent"
)
async def test_a_new_user_gets_the_seeds_brief_from_the_real_data(database_url: str) -> None:
    for args in (
        ("import", str(SHARED_DATA)),
        ("claims", "import", str(SHARED_DATA / "claims-from-seed.csv")),
        ("import", str(SHARED_DATA / "oryx" / "daily_count.csv")),
    ):
        code, _out, err = await run(database_url, *args)
        assert code == 0, err
    code, out, err = await run(database_url, "brief", "2022-11-24")
    assert code == 0, err
    for figure in (
        "310",
        "85,720",
        "85,410",
        "Avdiivka, Bakhmut and Lyman",
        "5,937",
        "well over 100,000",
    ):
        assert figure in out, figure
    assert "Russian Ministry of Defence (Sergei Shoigu) said on 21 Sep 2022 that 5,937" in out
    assert "The US Department of Defense (Gen. Mark Milley) said on 9 Nov 2022" in out
    code, out, err = await run(database_url, "brief", "--json", "2022-11-24")
    said = [date.fromisoformat(c["stated_on"]) for c in json.loads(out)["context"]
            if c.get("shown") and c["stated_on"]]  # fmt: skip
    assert said and max(said) <= date(2022, 11, 24)


def test_the_slack_words_for_the_brief_and_the_form() -> None:
    from bot.app.commands import parse_command
    from bot.core.query.commands import AddClaim, BriefFor

    assert parse_command("brief", TODAY) == BriefFor("", "en")
    assert parse_command("довідка 24.11.2022", TODAY) == BriefFor("24.11.2022", "uk")
    assert parse_command("Brief 2022-11-24", TODAY) == BriefFor("2022-11-24", "en")
    assert parse_command("claim", TODAY) == AddClaim()
    assert parse_command("заява", TODAY) == AddClaim()
