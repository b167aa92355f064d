"""`losses-bot` as a user runs it: a real process, a real database, files and a loopback URL."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.loopback import free_port
from tests.support.payloads import equipment_rows, personnel_rows
from tests.support.source_server import SourceServer


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "russia_losses_personnel.json").write_text(json.dumps(personnel_rows()))
    (folder / "russia_losses_equipment.json").write_text(json.dumps(equipment_rows()))
    (folder / "russia_losses_equipment_correction.json").write_text(
        json.dumps([{"date": "2022-11-24", "day": 274, "tank": -5}])
    )
    return folder


async def test_import_then_ask_gives_the_attributed_sentence_and_table(
    database_url: str, dataset_dir: Path
) -> None:
    code, out, err = await run(database_url, "import", str(dataset_dir))
    assert code == 0, err
    assert "Imported 5 reports and 1 corrections from 3 files: 5 new" in out
    assert "corrections: 1 new" in out
    code, out, err = await run(database_url, "ask", "on", "2022-11-24")
    assert code == 0, err
    assert out.startswith(
        "Russia lost 310 personnel between the General Staff's reports of 23 Nov 2022 (day 273) "
        "and 24 Nov 2022 (day 274), bringing the total to 85,720, according to the General Staff "
        "of the Armed Forces of Ukraine."
    )
    assert "personnel    +310  85,720" in out
    assert (
        "Most of the losses were in the Avdiivka, Bakhmut and Lyman directions, according to the "
        "General Staff." in out
    )
    assert "data via 2022-Ukraine-Russia-War-Dataset" in out


async def test_importing_the_same_files_twice_leaves_the_same_store(
    database_url: str, dataset_dir: Path
) -> None:
    await run(database_url, "import", str(dataset_dir))
    _, before, _ = await run(database_url, "ask", "--json", "since", "2022-02-24")
    code, out, _ = await run(database_url, "import", str(dataset_dir))
    assert code == 0 and "0 new, 0 restated, 0 extended, 5 unchanged" in out
    _, after, _ = await run(database_url, "ask", "--json", "since", "2022-02-24")
    assert json.loads(after) == json.loads(before)


async def test_ask_json_prints_exactly_the_documented_fields(
    database_url: str, dataset_dir: Path
) -> None:
    await run(database_url, "import", str(dataset_dir))
    code, out, _ = await run(database_url, "ask", "--json", "tanks", "on", "2022-11-24")
    assert code == 0
    assert json.loads(out) == {
        "query": "tanks on 2022-11-24",
        "source": "General Staff of the Armed Forces of Ukraine "
        "(data via 2022-Ukraine-Russia-War-Dataset)",
        "from": {
            "date": "2022-11-23",
            "day": 273,
            "totals": {"tanks": 2897},
            "transcriptions": ["2022-Ukraine-Russia-War-Dataset"],
        },
        "to": {
            "date": "2022-11-24",
            "day": 274,
            "totals": {"tanks": 2898},
            "transcriptions": ["2022-Ukraine-Russia-War-Dataset"],
            "directions": "Avdiivka, Bakhmut and Lyman",
        },
        "change": {"tanks": 1},
        "flags": [
            {
                "kind": "correction",
                "category": "tanks",
                "message": "The tanks change includes a correction of -5 by the General Staff "
                "on 24 Nov 2022.",
            }
        ],
        "context": [],
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (["on", "2099-01-01"], "1 Jan 2099 is in the future; the latest report is 25 Nov 2022"),
        (["on", "2022-06-01"], "There is no report for 1 Jun 2022 in the store"),
        (["since", "yesterday", "bananas"], "I don't understand “bananas”"),
    ],
)
async def test_a_query_that_cannot_be_answered_exits_2_with_the_reason(
    database_url: str, dataset_dir: Path, query: list[str], message: str
) -> None:
    await run(database_url, "import", str(dataset_dir))
    code, out, err = await run(database_url, "ask", *query)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


async def test_help_prints_the_usage(database_url: str) -> None:
    code, out, _ = await run(database_url, "ask", "help")
    assert code == 0 and out.startswith("Usage: losses-bot ask")


async def test_a_broken_file_stores_nothing(database_url: str, dataset_dir: Path) -> None:
    broken = dataset_dir / "russia_losses_personnel.json"
    broken.write_text(broken.read_text()[:-40])
    code, _, err = await run(database_url, "import", str(dataset_dir))
    assert code == 1
    assert "Import failed, nothing was stored" in err and "not valid JSON" in err
    code, _, err = await run(database_url, "ask")
    assert code == 2 and "holds no reports yet" in err


async def test_import_and_poll_over_http(database_url: str, source_server: SourceServer) -> None:
    source_server.files = {
        "russia_losses_personnel.json": personnel_rows(),
        "russia_losses_equipment.json": equipment_rows(),
    }
    code, out, err = await run(
        database_url, "import", f"{source_server.data_url}/russia_losses_personnel.json"
    )
    assert code == 0, err
    assert "5 new" in out
    code, out, err = await run(
        database_url, "poll", LOSSES_SOURCE="dataset", LOSSES_SOURCE_URL=source_server.data_url
    )
    assert code == 0, err
    # The poll re-reads three days back from the newest report (22..25 Nov); the equipment file
    # adds tanks to those four.
    assert "ok: 0 new, 0 restated, 4 extended, 0 unchanged" in out
    source_server.faults = ["500"]
    code, out, _ = await run(
        database_url, "poll", LOSSES_SOURCE="dataset", LOSSES_SOURCE_URL=source_server.data_url
    )
    assert code == 1 and "failed" in out and "HTTP 500" in out


async def test_migrate_creates_the_schema(database_url: str) -> None:
    code, out, err = await run(database_url, "migrate")
    assert code == 0, err
    assert "up to date" in out


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "losses.db"}, "DATABASE_URL: not a database URL"),
        ({"LOSSES_SOURCE": "twitter"}, "LOSSES_SOURCE: expected one of"),
        ({"LOSSES_SOURCE_URL": "ftp://x"}, "LOSSES_SOURCE_URL: expected an http(s) URL"),
        ({"LOSSES_REFETCH_DAYS": "many"}, "LOSSES_REFETCH_DAYS: expected a whole number"),
        ({"DATABASE_URL": "postgresql://u:pw@db:abc/x"}, "DATABASE_URL: not a database URL"),
        ({"DATABASE_URL": "postgresql://u:pw@[::1/x"}, "DATABASE_URL: not a database URL"),
        ({"LOSSES_SOURCE_URL": "http://u:p@[::1/api"}, "LOSSES_SOURCE_URL: expected an http(s)"),
        ({"LOSSES_SOURCE_URL": "http://host:port/api"}, "LOSSES_SOURCE_URL: expected an http(s)"),
        ({"LOSSES_BEHIND_PROXY": "maybe"}, "LOSSES_BEHIND_PROXY: expected true or false"),
        ({"LOSSES_SOURCES": "russianwarship,oryx"}, "LOSSES_SOURCES: expected one of"),
        ({"LOSSES_SOURCES": "dataset,dataset"}, "LOSSES_SOURCES: dataset is named twice"),
        ({"LOSSES_SOURCES": "orc-losses=http://u:pw@[::1/x"}, "LOSSES_SOURCES: expected an http"),
        ({"LOSSES_CONFIRMATIONS": "0"}, "LOSSES_CONFIRMATIONS: must be between 1 and 10"),
        ({"LOSSES_CONFIRM_WAIT": "soon"}, "LOSSES_CONFIRM_WAIT: expected a whole number"),
    ],
)
async def test_a_bad_setting_is_one_line_naming_the_variable(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", **env}
    code, _, err = await run(env.pop("DATABASE_URL"), "ask", **env)
    assert code == 2
    assert err.startswith(f"Configuration error: {message}")
    assert len(err.strip().splitlines()) == 1
    assert "pw" not in err and "u:p" not in err  # a malformed URL is never echoed


async def test_api_pages_import_from_files_and_agree_with_the_dataset(
    database_url: str, dataset_dir: Path, tmp_path: Path
) -> None:
    from tests.support.payloads import api_record, api_records

    single = tmp_path / "latest.json"
    single.write_text(json.dumps({"message": "ok", "data": api_record("2022-11-25", 86150, 2899)}))
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"data": {"paging": {"next_url": None}, "records": api_records()}}))
    code, out, err = await run(database_url, "import", str(single), str(page))
    assert code == 0, err
    assert "5 new" in out
    code, out, _ = await run(database_url, "ask", "--json", "on", "2022-11-24")
    assert json.loads(out)["source"].endswith("(data via russianwarship.rip)")
    # The dataset agrees on every figure: importing it adds only where most losses were (the
    # API has no such field), as an extension of the two reports that say so.
    code, out, _ = await run(database_url, "import", str(dataset_dir))
    assert code == 0 and "0 new, 0 restated, 2 extended, 3 unchanged" in out


async def test_chart_and_export_write_files(
    database_url: str, dataset_dir: Path, tmp_path: Path
) -> None:
    await run(database_url, "import", str(dataset_dir))
    png, table = tmp_path / "tanks.png", tmp_path / "losses.csv"
    code, out, err = await run(
        database_url, "chart", "tanks", "since", "2022-11-23", "-o", str(png)
    )
    assert code == 0, err
    assert out.startswith("Russian losses: tanks, 23 Nov 2022 – 25 Nov 2022: written to")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 675)
    code, _, err = await run(database_url, "export", "since", "2022-11-22", "-o", str(table))
    assert code == 0, err
    assert table.read_text().splitlines()[:3] == [
        "date,day,personnel_units,personnel_units_change,tanks,tanks_change,revised,disputed,source",
        "2022-11-22,272,85000,790,2895,0,,,2022-Ukraine-Russia-War-Dataset",
        "2022-11-23,273,85410,410,2897,2,,,2022-Ukraine-Russia-War-Dataset",
    ]
    code, _, err = await run(database_url, "chart", "since", "2030-01-01")
    assert code == 2 and "is in the future" in err
    svg = tmp_path / "tanks.svg"
    code, _, err = await run(database_url, "chart", "tanks", "since", "2022-11-23", "-o", str(svg))
    assert code == 0, err
    assert "<svg" in svg.read_text()[:1000]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["chart", "tanks", "since", "2022-11-23", "-o", "tanks.pdf"],
            "-o: a chart is written as .png or .svg, not “tanks.pdf”.",
        ),
        (["export", "-o", "losses.xlsx"], "-o: an export is written as .csv"),
        (
            ["chart", "-o", "no/such/folder/tanks.png"],
            "-o: the folder no/such/folder does not exist.",
        ),
        (["chart", "tanks", "on", "2022-11-24"], "A chart needs at least two reports"),
    ],
)
async def test_a_bad_chart_or_export_request_is_one_line_without_a_traceback(
    database_url: str, dataset_dir: Path, args: list[str], message: str
) -> None:
    await run(database_url, "import", str(dataset_dir))
    code, out, err = await run(database_url, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


async def test_the_server_does_not_load_matplotlib_until_a_chart_is_drawn() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c",
        "import sys, bot.run, bot.app.artifacts; print('matplotlib' in sys.modules)",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert out.decode().strip() == "False"


async def test_ask_and_brief_read_the_store_without_sqlalchemy_or_the_servers_libraries(
    database_url: str, dataset_dir: Path
) -> None:
    """A cold `ask` is most of its time importing: SQLAlchemy alone would double it."""
    await run(database_url, "import", str(dataset_dir))
    heavy = ("sqlalchemy", "alembic", "slack_bolt", "slack_sdk", "aiohttp", "matplotlib",
             "apscheduler")  # fmt: skip
    for command in (["ask", "on", "2022-11-24"], ["brief", "2022-11-24"]):
        code, out, err = await run(
            database_url, "-c",
            "import sys\nfrom bot.cli.main import main\ncode = main(sys.argv[1:])\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(heavy)!r}))\n"
            "sys.exit(code)",
            *command,
            python_args=True,
        )  # fmt: skip
        assert code == 0, err
        assert "85,720" in out
        assert out.rstrip().endswith("[]"), out[-200:]


async def test_the_question_may_carry_the_command_name_and_json_anywhere(
    database_url: str, dataset_dir: Path
) -> None:
    await run(database_url, "import", str(dataset_dir))
    _, plain, _ = await run(database_url, "ask", "--json", "tanks", "on", "2022-11-24")
    for words in (
        ["ask", "tanks", "--json", "on", "2022-11-24"],
        ["ask", "tanks", "on", "2022-11-24", "--json"],
        ["ask", "tanks on 2022-11-24 --json"],
        ["ask", "--json", "losses", "tanks", "on", "2022-11-24"],
        ["ask", "--json", "/losses tanks on 2022-11-24"],
    ):
        code, out, err = await run(database_url, *words)
        assert code == 0, err
        got = json.loads(out)
        assert {k: v for k, v in got.items() if k != "query"} == {
            k: v for k, v in json.loads(plain).items() if k != "query"
        }


async def test_a_typo_exits_2_with_a_suggestion_and_help_prints_the_grammar(
    database_url: str, dataset_dir: Path
) -> None:
    await run(database_url, "import", str(dataset_dir))
    code, out, err = await run(database_url, "ask", "tnaks", "last", "week")
    assert code == 2 and out == ""
    assert err.startswith("I don't understand “tnaks last week”. Did you mean “tanks”?")
    code, out, _ = await run(database_url, "ask", "--help")
    assert code == 0
    for example in ("losses-bot ask since 1 Nov 2022", "q1 2023", "days 270 to 274",
                    "з 1 листопада 2022"):  # fmt: skip
        assert example in out


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql://postgres:hunter2secret@127.0.0.1:1/test", ["Connection refused"]),
        ("mysql://user:hunter2secret@127.0.0.1/db", ["not a supported database"]),
        ("sqlite:///no/such/folder/losses.db", ["unable to open database file", "folder"]),
    ],
)
@pytest.mark.parametrize("command", [["ask"], ["import", "nowhere.json"], ["poll"], ["chart"],
                                     ["export"], ["migrate"], ["serve"]])  # fmt: skip
async def test_a_database_that_cannot_be_used_is_one_line_naming_database_url(
    url: str, words: list[str], command: list[str]
) -> None:
    code, _, err = await run(url, *command, PORT="1")
    assert code == 1, err
    lines = [line for line in err.splitlines() if " INFO " not in line and " WARNING " not in line]
    if command[0] == "import":  # the file is read first and is missing: nothing reaches the store
        assert "nowhere.json" in err
        return
    assert len(lines) == 1 and lines[0].startswith("DATABASE_URL (")
    assert all(word in lines[0] for word in words)
    assert "hunter2secret" not in err and "Traceback" not in err


async def test_postgresql_that_refuses_the_database_or_role_is_one_line() -> None:
    from tests.support.env import PG_URL

    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    host = PG_URL.split("@", 1)[1].split("/", 1)[0]
    for url, reason in (
        (f"postgresql://postgres@{host}/no_such_database_here", "does not exist"),
        (f"postgresql://no_such_role:pw123secret@{host}/test", 'role "no_such_role"'),
    ):
        code, _, err = await run(url, "ask")
        assert code == 1 and err.count("\n") == 1 and reason in err
        assert "pw123secret" not in err


async def test_half_set_slack_variables_stop_serve_but_not_ask(
    database_url: str, dataset_dir: Path
) -> None:
    await run(database_url, "import", str(dataset_dir))
    code, out, err = await run(database_url, "ask", "on", "2022-11-24", SLACK_BOT_TOKEN="xoxb-1")
    assert code == 0 and out.startswith("Russia lost 310 personnel"), err
    for command in ("serve", "worker"):
        code, _, err = await run(database_url, command, SLACK_BOT_TOKEN="xoxb-1")
        assert code == 2
        assert err.strip() == (
            "Configuration error: SLACK_SIGNING_SECRET: missing (needed to serve Slack over "
            "HTTP; or set SLACK_APP_TOKEN for Socket Mode)"
        )


async def test_serve_on_an_empty_store_says_how_to_fill_it_and_where_the_file_is(
    tmp_path: Path, source_server: SourceServer
) -> None:
    source_server.faults = ["500"] * 5
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve",
        env={**os.environ, "DATABASE_URL": "sqlite:///relative.db", "PORT": str(free_port()),
             "LOSSES_SOURCE_URL": source_server.api_url.replace("//", "//bot:hunter2@")},
        cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    seen = ""
    try:
        async with asyncio.timeout(30):
            while "polling" not in seen or "the store is empty" not in seen:
                seen += (await process.stderr.readline()).decode()
    finally:
        process.terminate()
        await process.wait()
    assert f"store: SQLite file {tmp_path / 'relative.db'}" in seen
    (hint,) = [line for line in seen.splitlines() if "the store is empty" in line]
    assert "losses-bot import" in hint and "retrying from 10 s" in hint
    assert "hunter2" not in seen and "***@127.0.0.1" in seen


async def test_sources_names_each_transcription_after_an_import_of_two(
    database_url: str, dataset_dir: Path, tmp_path: Path
) -> None:
    orc = tmp_path / "second.json"  # orc-losses' shape; read as such whatever its name
    orc.write_text(json.dumps([
        {"date": "2022-11-24", "sourceUri": "https://mod.gov.ua/x", "personnel": 85720,
         "tanks": 2899},
        {"date": "2022-11-23", "sourceUri": "https://mod.gov.ua/y", "personnel": 85410,
         "tanks": 2897},
    ]))  # fmt: skip
    await run(database_url, "import", str(dataset_dir))
    code, out, err = await run(database_url, "import", "--as", "orc-losses", str(orc))
    assert code == 0, err
    code, out, _ = await run(database_url, "sources")
    assert code == 0
    assert "• 2022-Ukraine-Russia-War-Dataset: newest report 25 Nov 2022 (day 275)" in out
    assert (
        "• orc-losses: newest report 24 Nov 2022 (day 274), 1 day behind "
        "2022-Ukraine-Russia-War-Dataset"
    ) in out
    code, out, _ = await run(database_url, "ask", "--json", "tanks", "on", "2022-11-24")
    (flag,) = [f for f in json.loads(out)["flags"] if f["kind"] == "transcriptions_disagree"]
    assert flag["values"] == {"2022-Ukraine-Russia-War-Dataset": 2898, "orc-losses": 2899}


async def test_without_database_url_every_folder_shares_one_store_per_user(
    tmp_path: Path, dataset_dir: Path, user_data_folder: Path
) -> None:
    """Run from any folder, the CLI finds the same store (the platform's per-user data folder,
    here the test run's XDG_DATA_HOME), says where it is, and leaves nothing behind."""
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    store = user_data_folder / "losses-bot" / "losses.db"
    store.unlink(missing_ok=True)
    code, out, _ = await run("", "--help", cwd=str(here))
    assert code == 0 and str(store) in " ".join(out.split())  # said in --help
    code, _, err = await run("", "ask", cwd=str(here))
    assert code == 2 and "holds no reports yet" in err
    assert f"The store: {store} (no DATABASE_URL set)." in err  # said where a user looks
    assert "alembic" not in err.lower()  # making the store is not news: DEBUG only
    code, _, err = await run("", "import", str(dataset_dir), cwd=str(here))
    assert code == 0, err
    code, out, _ = await run("", "ask", "on", "2022-11-24", cwd=str(there))
    assert code == 0 and out.startswith("Russia lost 310 personnel")
    assert list(here.iterdir()) == [] and list(there.iterdir()) == []  # no losses.db here
    assert store.exists()


async def test_the_command_line_says_a_mistake_in_two_lines_and_ignores_public(
    database_url: str, dataset_dir: Path
) -> None:
    assert (await run(database_url, "import", str(dataset_dir)))[0] == 0
    code, out, err = await run(database_url, "ask", "tanks", "on", "2022-11-24", "public")
    assert code == 0 and out.startswith("Russia lost 1 tank")
    assert "“public” is for Slack" in err
    code, _, err = await run(database_url, "ask", "tanks", "bananas")
    assert code == 2
    assert err.strip().splitlines() == [
        "I don't understand “bananas”.",
        "The forms it reads: losses-bot ask --help",
    ]
    code, _, err = await run(database_url, "ask", "танки", "бананів")
    assert code == 2 and err.strip().splitlines()[0] == "Не розумію «бананів»."


async def test_chart_and_export_help_give_examples_and_the_formats(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    _, top, _ = await run(url, "--help")
    assert "PNG or SVG" in top
    _, chart, _ = await run(url, "chart", "--help")
    assert "examples:" in chart and "losses-bot chart tanks last 90 days -o tanks.png" in chart
    _, export, _ = await run(url, "export", "--help")
    assert "examples:" in export and "losses-bot export since 2022-11-01 -o losses.csv" in export


async def test_an_empty_store_named_in_dotenv_is_said_as_its_url(tmp_path: Path) -> None:
    """DATABASE_URL from a `.env` file is a URL, not the per-user store: said as the URL
    (passwords hidden), never as a path made from it."""
    store = tmp_path / "desk.db"
    (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite:///{store}\n")
    code, _, err = await run("", "ask", cwd=str(tmp_path))
    assert code == 2 and f"The store: DATABASE_URL (sqlite:///{store})." in err
