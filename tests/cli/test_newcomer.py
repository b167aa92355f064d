"""The command line a newcomer uses (issue 31): a folder imported whole, by shape and what was
skipped said; a claims ledger pointed to `claims import`; `claims list` by any spelling and
since a date; `serve` on a busy port; the answer's context short, and all of it on request."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from tests.support.cli import run
from tests.support.payloads import MODEL, equipment_rows, personnel_rows

LEDGER = (
    'date,estimate_low,estimate_high,estimate,type,source,source_url,country,"ignore for chart, '
    'data from warring parties"\n'
) + """\
30/11/2023,,,70000,deaths,UK Ministry of Defence,https://twitter.com/DefenceHQ/status/1731611263799537767,russia,
01/11/2022,,,66241,casualties,UK MoD,https://x.com/DefenceHQ/status/1876584633103507960/photo/2,russia,
20/11/2022,,,20000,deaths,US officials (via NYT),https://www.nytimes.com/2022/11/20/us/x.html,russia,
21/11/2022,,,1000,deaths,CIA,https://www.reuters.com/world/cia-2022-11-21/,russia,
22/11/2022,,,2000,deaths,BBC Russia,https://www.bbc.com/russian/articles/x,russia,
19/11/2022,40000,55000,,deaths,Mediazona; Meduza,https://www.economist.com/graphic-detail/2022/11/22/x,russia,
18/11/2022,,,38500,deaths,Armed Forces of Ukraine,https://www.economist.com/europe/2022/11/21/x,russia,yes
17/11/2022,,,10000,deaths,Office of the President of Ukraine,https://www.ukrinform.net/2022/11/17/x,russia,yes
21/09/2022,,,5937,deaths,Russian Ministry of Defense,https://tass.com/2022/09/21/x,russia,yes
01/11/2022,60000,70000,,deaths,CSIS,https://www.csis.org/analysis/2022/11/01/x,russia,
"""  # fmt: skip  # fmt: skip
ORYX = (
    "country,equipment_type,destroyed,abandoned,captured,damaged,type_total,date_recorded,"
    "destroyed_diff,abandoned_diff,captured_diff,damaged_diff,type_total_diff,"
    "destroyed_diff_diff,abandoned_diff_diff,captured_diff_diff,damaged_diff_diff,"
    "type_total_diff_diff\nRussia,Aircraft,63,0,0,0,63,2022-10-18" + ",0" * 10 + "\n"
)


def folder(tmp_path: Path) -> Path:
    """Everything a newsroom's data folder holds, in subfolders, with what is not data."""
    root = tmp_path / "data"
    (root / "orc").mkdir(parents=True)
    (root / "oryx").mkdir()
    (root / "economist").mkdir()
    (root / "russia_losses_personnel.json").write_text(json.dumps(personnel_rows()))
    (root / "russia_losses_equipment.json").write_text(json.dumps(equipment_rows()))
    (root / "README.md").write_text("# data\n")
    (root / "orc" / "russian-losses.json").write_text(json.dumps([
        {"date": "2022-11-24", "sourceUri": "https://mod.gov.ua/x", "personnel": 85720,
         "tanks": 2898},
    ]))  # fmt: skip
    (root / "orc" / "russian-losses.en.schema.json").write_text('{"$schema": "x"}')
    (root / "orc" / "terms.json").write_text('{"message": "ok", "data": {"tanks": {}}}')
    (root / "oryx" / "daily_count.csv").write_text(ORYX)
    (root / "economist" / "meta-estimate-casualties.csv").write_text(MODEL)
    (root / "economist" / "estimates.csv").write_text(LEDGER)
    (root / "economist" / "LICENCE").write_text("MIT\n")
    return root


async def test_a_folder_is_read_whole_by_shape_and_says_what_it_skipped(
    database_url: str, tmp_path: Path
) -> None:
    root = folder(tmp_path)
    code, out, err = await run(database_url, "import", str(root))
    assert code == 0, err
    first, skipped = out.splitlines()
    assert "and 1 Oryx counts and 10 claims from 6 files" in first
    assert "The Economist's model fits: 1 new" in first and "claims: 10 new" in first
    assert skipped.startswith("Skipped 4: ")
    for name, why in (("README.md", "not a data file"), ("economist/LICENCE", "not a data file"),
                      ("russian-losses.en.schema.json", "a JSON schema, not data"),
                      ("orc/terms.json", "JSON of no shape losses-bot reads")):  # fmt: skip
        assert f"{name} ({why})" in skipped, name
    code, out, _ = await run(database_url, "sources")
    assert "orc-losses: newest report 24 Nov 2022" in out  # found in its subfolder
    code, out, _ = await run(database_url, "import", str(root))  # again: nothing changes
    assert code == 0 and "claims: 0 new, 0 revised, 10 unchanged" in out


async def test_a_folder_of_nothing_and_a_ledger_named_alone_are_said_in_one_line(
    database_url: str, tmp_path: Path
) -> None:
    empty = tmp_path / "notes"
    empty.mkdir()
    (empty / "README.md").write_text("x")
    code, out, err = await run(database_url, "import", str(empty))
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith(f"{empty} holds no file losses-bot reads")
    ledger = tmp_path / "estimates.csv"
    ledger.write_text(LEDGER)
    code, out, err = await run(database_url, "import", str(ledger))
    assert code == 2 and err.count("\n") == 1
    assert f"`losses-bot claims import {ledger}`" in err


async def test_claims_list_by_any_spelling_and_since_a_date(
    database_url: str, tmp_path: Path
) -> None:
    ledger = tmp_path / "estimates.csv"
    ledger.write_text(LEDGER)
    code, _, err = await run(database_url, "claims", "import", str(ledger))
    assert code == 0, err
    code, out, err = await run(database_url, "claims", "list", "UK MoD")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2 and all("The UK Ministry of Defence" in line for line in lines)
    # A claim of unknown or reported date is listed by the day it is known by, or describes.
    code, out, err = await run(database_url, "claims", "list", "since", "2023-01-01")
    assert code == 0 and err == "", err
    assert [line.split()[0] for line in out.splitlines()] == ["#1", "#2"]


async def test_serve_on_a_port_in_use_says_so_in_one_line(database_url: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = await run(
            database_url, "serve", PORT=str(port), SLACK_BOT_TOKEN="xoxb-test",
            SLACK_SIGNING_SECRET="s", LOSSES_SOURCE_URL="http://127.0.0.1:9/none",
            SLACK_API_URL="http://127.0.0.1:9/api/", LOSSES_POLL_INTERVAL="86400",
        )  # fmt: skip
    assert code == 1
    assert err.splitlines()[-1] == (
        f"Port {port} is in use by another program: stop it, or set PORT to a free port."
    )
    assert "Traceback" not in err


async def test_an_answer_cites_five_lines_of_context_and_all_of_it_on_request(
    database_url: str, tmp_path: Path
) -> None:
    code, _, err = await run(database_url, "import", str(folder(tmp_path)))
    assert code == 0, err
    code, short, _ = await run(database_url, "ask", "on", "2022-11-24")
    context = short.split("\n\n")[0].splitlines()[2:]  # after the sentence and the directions
    # The model's interval, then a group at a time until five lines: Russia's government,
    # the West's latest (the CIA's), the independent counts', Ukraine's (its armed forces, not
    # the President's Office, said earlier); the research institutes' (CSIS) left out.
    assert [line.split(" said")[0].split(",")[0].split(" estimated")[0] for line in context] == [
        "The Russian Ministry of Defence", "The CIA", "Mediazona and Meduza",
        "Ukraine's armed forces", "The Economist's model (fitted 24 Nov 2022) puts Russian killed "
        "and wounded by 24 Nov 2022 at 82",
    ], short  # fmt: skip
    code, everything, _ = await run(database_url, "ask", "--context", "all", "on", "2022-11-24")
    assert len(everything.split("\n\n")[0].splitlines()) > len(short.split("\n\n")[0].splitlines())
    assert "Later estimate: the UK Ministry of Defence, published 7 Jan 2025" in everything
    assert "Later estimate" not in short
    code, same, _ = await run(database_url, "ask", "on", "2022-11-24", "context")
    assert same == everything
    code, out, _ = await run(database_url, "ask", "--json", "on", "2022-11-24")
    items = json.loads(out)["context"]
    assert {i["party"] for i in items if i["kind"] == "claim" and i["shown"]} == {
        "Russian Ministry of Defense", "CIA", "Mediazona; Meduza", "Armed Forces of Ukraine"
    }  # fmt: skip
    assert {i["party"] for i in items if i["kind"] == "claim" and not i["shown"]} == {
        "US officials (via NYT)", "Office of the President of Ukraine", "CSIS"
    }  # fmt: skip
    assert [i["shown"] for i in items if i["kind"] == "later_estimate"] == [False, False]
    # The dataset restates a figure: the CSV's `revised` column names it.
    restated = tmp_path / "restated"
    restated.mkdir()
    figures = {"2022-11-23": (85410, 2897), "2022-11-24": (85720, 2899)}
    (restated / "russia_losses_equipment.json").write_text(json.dumps(equipment_rows(figures)))
    code, out, err = await run(database_url, "import", str(restated))
    assert code == 0 and "1 restated" in out, err
    csv = tmp_path / "e.csv"
    code, _, err = await run(database_url, "export", "since", "2022-11-24", "-o", str(csv))
    assert code == 0, err
    (row,) = [line for line in csv.read_text().splitlines() if line.startswith("2022-11-24")]
    assert "tanks first reported as 2,898" in row
    # A file asked for in Ukrainian is said in Ukrainian.
    code, out, err = await run(database_url, "export", "танки", "з", "24.11.2022", "-o", str(csv))
    assert code == 0 and out == f"Втрати Росії, танки: 2 звіти Генерального штабу ЗСУ: записано " \
        f"у файл {csv}\n", err  # fmt: skip
