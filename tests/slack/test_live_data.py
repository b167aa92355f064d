"""The live data URL for charting tools: `/losses datalink` gives a per-workspace URL, the
table comes as CSV or JSON, wide or long, with an attribution line, and a tool that polls with
its ETag gets 304 from memory, without a query. A reset stops the old URL at once."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import Engine, event

from bot.app.channels import public_base
from bot.app.live_data import LiveData, build
from bot.core.reports import History
from tests.support.bolt_server import Server
from tests.support.payloads import report


def history() -> History:
    return History(
        [
            report("2022-11-23", personnel_units=85410, tanks=2897),
            report("2022-11-24", personnel_units=85720, tanks=2898),
            report("2022-11-25", personnel_units=86150),  # tanks missing that day
        ]
    )


def test_the_wide_csv_has_the_attribution_then_plain_integers() -> None:
    lines = build(history(), "csv", "wide", comment=True).body.decode().splitlines()
    assert lines[0].startswith("# Russian losses as reported by the General Staff of the Armed")
    rows = list(csv.DictReader(lines[1:]))
    assert rows[1]["personnel_units"] == "85720" and rows[1]["personnel_units_change"] == "310"
    assert rows[2]["tanks"] == ""  # missing, never zero
    plain = build(history(), "csv", "wide", comment=False).body.decode()
    assert plain.startswith("date,day,personnel_units,")


def test_the_long_shape_has_one_row_per_report_and_category() -> None:
    text = build(history(), "csv", "long", comment=False).body.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["date", "day", "category", "total", "change", "source"]
    assert ["2022-11-24", "274", "tanks", "2898", "1", "test"] in rows
    assert not any(r[0] == "2022-11-25" and r[2] == "tanks" for r in rows)  # no figure, no row


def test_the_json_has_nulls_for_missing_and_the_attribution() -> None:
    data = json.loads(build(history(), "json", "wide", comment=True).body)
    assert data["attribution"].startswith("Russian losses as reported by the General Staff")
    assert data["rows"][2]["tanks"] is None and data["rows"][2]["personnel_units"] == 86150


def test_the_etag_follows_the_content_and_the_file_is_made_once() -> None:
    live, first = LiveData(), history()
    a = live.file(first, "csv", "wide", True)
    assert live.file(first, "csv", "wide", True) is a  # from memory
    assert live.file(history(), "csv", "wide", True).etag == a.etag  # same content, same tag
    changed = History([*first.reports[:2], report("2022-11-25", personnel_units=86151)])
    assert live.file(changed, "csv", "wide", True).etag != a.etag


async def test_datalink_over_slack_and_a_polling_tool(server: Server, engine: Engine) -> None:
    status, body = await server.command("datalink")
    assert status == 200
    # The address Slack reached the bot at (https unless a proxy says otherwise).
    link = re.search(r"https://127\.0\.0\.1:\d+/data/([\w-]+)/losses\.csv", body["text"])
    assert link is not None, body["text"]
    base = f"{server.url}/data/{link.group(1)}/losses"
    async with server.http.get(f"{base}.csv") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["Cache-Control"] == "max-age=60"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
        text = await response.text()
    assert "2022-11-24,274,85720,310" in text
    queries: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    async with server.http.get(f"{base}.csv", headers={"If-None-Match": etag}) as again:
        assert again.status == 304 and await again.read() == b""
    async with server.http.get(f"{base}.csv", headers={"If-Modified-Since": modified}) as since:
        assert since.status == 304
    assert queries == []  # a poll costs no query
    async with server.http.get(f"{base}.json?shape=long") as long:
        rows = (await long.json())["rows"]
    assert {
        "date": "2022-11-24",
        "day": 274,
        "category": "tanks",
        "total": 2898,
        "change": 1,
        "source": "test",
    } in rows


async def test_a_data_link_with_a_period_serves_only_its_reports_or_says_why_not(
    server: Server,
) -> None:
    _status, body = await server.command("datalink")
    link = re.search(r"/data/([\w-]+)/losses\.csv", body["text"])
    assert link is not None
    base = f"{server.url}/data/{link.group(1)}/losses"
    async with server.http.get(f"{base}.csv", params={"period": "since 2022-11-24"}) as response:
        assert response.status == 200
        lines = (await response.text()).splitlines()
    assert [line[:10] for line in lines[2:]] == ["2022-11-24"]  # after the comment and header
    async with server.http.get(f"{base}.json", params={"period": "tanks on 2022-11-23"}) as one:
        (row,) = (await one.json())["rows"]
    assert row["date"] == "2022-11-23" and "tanks" in row and "personnel_units" not in row
    async with server.http.get(f"{base}.csv", params={"period": "since tomorrowish"}) as bad:
        assert bad.status == 400
        reason = await bad.text()
    assert "tomorrowish" in reason and "Traceback" not in reason


@pytest.mark.parametrize(
    ("headers", "address"),
    [
        ({"X-Forwarded-Host": "desk.example.org", "X-Forwarded-Proto": "http"},
         "http://desk.example.org"),
        ({"X-Forwarded-Host": "evil.example/<x>"}, "https://YOUR-APP"),
        ({"X-Forwarded-Host": "desk.example.org", "X-Forwarded-Proto": "javascript"},
         "https://YOUR-APP"),
        ({"Host": "bot.example.org"}, "https://bot.example.org"),
    ],
)  # fmt: skip
def test_behind_a_proxy_the_link_names_its_forwarded_address_or_says_it_is_unknown(
    headers: dict[str, str], address: str
) -> None:
    lowered = {k.lower(): v for k, v in {"Host": "10.0.0.1:8080", **headers}.items()}
    assert public_base(lowered, behind_proxy=True) == address


async def test_without_a_proxy_a_forwarded_host_is_not_believed(server: Server) -> None:
    """X-Forwarded-Host is unsigned: anyone could make the bot hand out links to their host."""
    forged = {"X-Forwarded-Host": "evil.example.org", "X-Forwarded-Proto": "http"}
    _status, body = await server.command("datalink", headers=forged)
    host = server.url.removeprefix("http://")
    assert f"CSV: https://{host}/data/" in body["text"], body["text"]
    assert "evil" not in body["text"]


async def test_a_reset_link_stops_working_at_once_and_unknown_tokens_are_404(
    server: Server,
) -> None:
    _status, body = await server.command("datalink")
    old = re.search(r"/data/([\w-]+)/", body["text"]).group(1)  # type: ignore[union-attr]
    _status, body = await server.command("datalink reset")
    new = re.search(r"/data/([\w-]+)/", body["text"]).group(1)  # type: ignore[union-attr]
    assert new != old and "old one no longer works" in body["text"]
    async with server.http.get(f"{server.url}/data/{old}/losses.csv") as gone:
        assert gone.status == 404
    async with server.http.get(f"{server.url}/data/{new}/losses.csv") as fresh:
        assert fresh.status == 200
    for path in (
        "/data/guess/losses.csv",
        f"/data/{new}/losses.xml",
        f"/data/{new}/losses.csv?shape=diagonal",
    ):
        async with server.http.get(server.url + path) as response:
            assert response.status == 404
