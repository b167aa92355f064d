"""The Economist's files in the store (issue 20), on SQLite and PostgreSQL: claims as said with
their unknown dates, each model fit a snapshot, imports idempotent, the daily refresh over
HTTP; and, on the real files, what an answer and the brief cite for 24 Nov 2022."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select

from bot.app.estimates import refresh_fits
from bot.core.claims import Claim
from bot.core.economist import MAX_MODEL_BYTES, parse_model
from bot.sources.http import new_session
from storage.claims import add_claim
from storage.estimates import KEEP_FITS, store_fit
from storage.history import load_history, store_version
from storage.models import model_fits, model_points
from tests.support.cli import run
from tests.support.payloads import MODEL
from tests.support.source_server import SourceServer

NOW = datetime(2026, 11, 29, 9, tzinfo=UTC)


def test_a_claim_as_said_keeps_its_range_whose_losses_and_unknown_date(engine: Engine) -> None:
    said = Claim(party="CIA", metric="killed", value=None, low=15000, high=None,
                 as_of=date(2022, 7, 20), stated_on=None, source="compiled by The Economist",
                 whose="russia", party_to_war=False)  # fmt: skip
    theirs = Claim(party="Russian Ministry of Defense", metric="killed_or_wounded", value=383000,
                   as_of=date(2023, 12, 19), stated_on=None, source="s", whose="ukraine",
                   party_to_war=True)  # fmt: skip
    with engine.begin() as db:
        assert add_claim(db, said, "test", NOW).outcome == "new"
        assert add_claim(db, theirs, "test", NOW).outcome == "new"
        assert add_claim(db, said, "test", NOW).outcome == "unchanged"
    with engine.connect() as db:
        held = {c.party: c for c in load_history(db).claims}
    cia = held["CIA"]
    assert (cia.value, cia.low, cia.high, cia.stated_on) == (None, 15000, None, None)
    mod = held["Russian Ministry of Defense"]
    assert mod.whose == "ukraine" and mod.party_to_war


def test_each_fit_is_a_snapshot_and_the_history_reads_the_newest(engine: Engine) -> None:
    older = parse_model(MODEL.replace("2022-11-24,273,9", "2022-11-24,273,NA-").replace(
        "NA-3189.15946947776,81676.38102774118,106325.19509401469,63709.1,136311.5",
        "NA,NA,NA,NA,NA"), "old.csv")  # fmt: skip
    newer = parse_model(MODEL, "new.csv")
    assert older.fitted_on == date(2022, 11, 23) and newer.fitted_on == date(2022, 11, 24)
    with engine.begin() as db:
        assert store_fit(db, older, "old.csv", NOW).new == 1
        assert store_fit(db, newer, "new.csv", NOW).new == 1
    with engine.connect() as db:
        version = store_version(db)
        fit = load_history(db).models["casualties"]
        assert db.execute(select(func.count()).select_from(model_fits)).scalar() == 2
    assert fit.fitted_on == date(2022, 11, 24)  # the newest fit; the older one is kept
    with engine.begin() as db:  # the same file again: nothing changes
        assert store_fit(db, newer, "new.csv", NOW).unchanged == 1
    with engine.connect() as db:
        assert store_version(db) == version
    restated = parse_model(MODEL.replace("92800.5", "92801.5"), "new.csv")
    with engine.begin() as db:  # the same fit date, other figures: replaced, and seen
        assert store_fit(db, restated, "new.csv", NOW).restated == 1
    with engine.connect() as db:
        assert store_version(db) > version
        point = load_history(db).models["casualties"].on(date(2022, 11, 23))
    assert point is not None and point.estimate == 92801.5


def test_only_the_newest_fits_of_a_kind_are_kept(engine: Engine) -> None:
    """A daily refresh stores a whole war's days each time: the oldest fits go."""
    base = parse_model(MODEL, "x.csv")
    with engine.begin() as db:
        for shift in range(KEEP_FITS + 2):
            later = replace(base, fitted_on=base.fitted_on + timedelta(days=shift))
            store_fit(db, later, f"day {shift}.csv", NOW)
    with engine.connect() as db:
        kept = db.execute(select(model_fits.c.fitted_on).order_by(model_fits.c.fitted_on))
        assert [d for (d,) in kept] == [
            base.fitted_on + timedelta(days=s) for s in range(2, KEEP_FITS + 2)
        ]
        points = db.execute(select(func.count()).select_from(model_points)).scalar()
    assert points == KEEP_FITS * len(base.points)  # the pruned fits' days went with them


async def test_a_model_file_too_large_is_not_read(
    engine: Engine, source_server: SourceServer
) -> None:
    huge = MODEL.encode() + b"\n" * (MAX_MODEL_BYTES + 1)
    deaths = MODEL.replace("casualties", "deaths").encode()
    source_server.files = {"meta-estimate-casualties.csv": huge, "meta-estimate-deaths.csv": deaths}
    async with new_session() as http:
        done = await refresh_fits(http, source_server.data_url + "/", engine, NOW)
    assert done.new == 1  # the deaths file; the casualties one refused whole
    with engine.connect() as db:
        assert set(load_history(db).models) == {"deaths"}


async def test_the_model_is_refreshed_from_its_folder_over_http(
    engine: Engine, source_server: SourceServer
) -> None:
    deaths = MODEL.replace("casualties", "deaths")
    source_server.files = {
        "meta-estimate-casualties.csv": MODEL.encode(),
        "meta-estimate-deaths.csv": b"not,a,model\n",  # a broken file: that one stores nothing
    }
    async with new_session() as http:
        done = await refresh_fits(http, source_server.data_url + "/", engine, NOW)
        assert (done.new, done.unchanged) == (1, 0)
        source_server.files["meta-estimate-deaths.csv"] = deaths.encode()
        done = await refresh_fits(http, source_server.data_url + "/", engine, NOW)
        assert (done.new, done.unchanged) == (1, 1)
    with engine.connect() as db:
        assert set(load_history(db).models) == {"casualties", "deaths"}


async def test_the_real_files_cite_what_was_said_by_then_and_the_models_interval(
    database_url: str, shared_data: Path
) -> None:
    """Issue 20's test on the real files: both CSVs import twice (nothing changes the second
    time); `on 2022-11-24` cites the US officials' range of 11 Aug 2022 with low and high,
    never the Russian ministry's 383,000 Ukrainian casualties, never the UK MoD's 66,241 as
    said by then; `on 2022-08-01` does not cite the 11 Aug range; the model's interval and fit
    date come with the answer and the brief."""
    folder = shared_data / "economist"
    ledger = str(folder / "estimates.csv")
    models = [str(folder / f"meta-estimate-{k}.csv") for k in ("deaths", "casualties")]
    # The folder holds both, and the seed's three claims: read whole, by shape (issue 31).
    code, out, err = await run(database_url, "import", str(shared_data))
    assert code == 0, err
    assert "model fits: 2 new" in out and "claims: 127 new, 0 revised, 0 unchanged" in out
    for _ in range(2):
        code, out, err = await run(database_url, "claims", "import", ledger)
        assert code == 0, err
        assert "0 new, 0 revised, 124 unchanged" in out
        code, out, err = await run(database_url, "import", *models)
        assert code == 0, err
        assert "model fits: 0 new, 0 restated, 2 unchanged" in out
    code, out, _ = await run(database_url, "ask", "--json", "on", "2022-11-24")
    context = json.loads(out)["context"]
    said = [c for c in context if c["kind"] == "claim"]
    (us,) = [c for c in said if c["party"] == "US officials (via NYT)" and c.get("low")]
    assert (us["low"], us["high"], us["value"], us["stated_on"]) == (
        70000,
        80000,
        None,
        "2022-08-11",
    )
    assert all(383000 not in (c["value"], c.get("low"), c.get("high")) for c in context)
    assert all(c["value"] != 66241 for c in said)  # not said by then ...
    (later,) = [c for c in context if c["kind"] == "later_estimate" and c["value"] == 66241]
    assert later["stated_on"] == "2025-01-07"  # ... a later estimate, with its date
    (model,) = [c for c in context if c["kind"] == "model_estimate" and c["metric"] == "killed_or_wounded"]  # fmt: skip  # noqa: E501
    assert model["fitted_on"] == "2026-08-21" and model["as_of"] == "2022-11-24"
    assert 81676 < model["low"] < 81677 and 106325 < model["high"] < 106326  # unrounded
    code, out, _ = await run(database_url, "ask", "--json", "on", "2022-08-01")
    assert not [c for c in json.loads(out)["context"] if c["as_of"] == "2022-08-11"]
    assert not us["shown"]  # the West's latest by then is the Pentagon's of 9 Nov 2022
    code, out, _ = await run(database_url, "ask", "--context", "all", "on", "2022-11-24")
    assert "between 70,000 and 80,000 Russian soldiers had been killed or wounded" in out
    code, out, _ = await run(database_url, "brief", "2022-11-24")
    assert (
        "The Economist's model (fitted 21 Aug 2026) puts Russian dead by 24 Nov 2022 at "
        "15,700–18,600 and killed and wounded at 82,000–106,000 (95% intervals)."
    ) in out
    assert "66,241" not in out and "383,000" not in out
    cited = [line for line in out.splitlines() if " said on " in line or " estimated " in line]
    assert 1 <= len(cited) <= 3, cited  # the brief cites at most three claims
