"""Parsing and validating source payloads: a bad record rejects the whole payload."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.core.reports import StatedChange
from bot.sources import dataset, orc_losses, russianwarship
from bot.sources.base import PayloadError, merge_reports
from tests.support.payloads import api_record


def test_dataset_columns_map_to_canonical_keys_by_name() -> None:
    rows = [
        {
            "date": "2022-04-30",
            "day": 66,
            "military auto": 1701,
            "fuel tank": 76,
            "mobile SRBM system": 4,
            "APC": 1,
            "field artillery": 2,
            "MRL": 3,
            "drone": 5,
            "anti-aircraft warfare": 6,
            "naval ship": 7,
            "aircraft": 8,
            "helicopter": 9,
            "greatest losses direction": "Izium",
        },
        {
            "date": "2022-05-01",
            "day": 67,
            "vehicles and fuel tanks": 1796,
            "cruise missiles": 0,
            "special equipment": 25,
            "submarines": 0,
            "tank": 1000,
        },
    ]
    april, may = dataset.parse_rows(rows, "equipment")
    # "military auto" alone is vehicles_fuel_tanks; "fuel tank" is never added to it.
    assert april.totals == {
        "vehicles_fuel_tanks": 1701,
        "fuel_tanks": 76,
        "atgm_srbm_systems": 4,
        "armoured_fighting_vehicles": 1,
        "artillery_systems": 2,
        "mlrs": 3,
        "uav_systems": 5,
        "aa_warfare_systems": 6,
        "warships_cutters": 7,
        "planes": 8,
        "helicopters": 9,
    }
    assert may.totals == {
        "vehicles_fuel_tanks": 1796,
        "cruise_missiles": 0,
        "special_military_equip": 25,
        "submarines": 0,
        "tanks": 1000,
    }
    assert april.source == may.source == "2022-Ukraine-Russia-War-Dataset"


def test_a_column_never_seen_before_is_kept_under_a_derived_key() -> None:
    (row,) = dataset.parse_rows(
        [{"date": "2026-05-03", "day": 1530, "ground robotic systems": 12}], "equipment"
    )
    assert row.totals == {"ground_robotic_systems": 12}


def test_the_personnel_qualifier_is_kept_with_the_figure() -> None:
    (row,) = dataset.parse_rows(
        [{"date": "2022-03-07", "day": 12, "personnel": 11000, "personnel*": "more", "POW": 259}],
        "personnel",
    )
    assert row.totals == {"personnel_units": 11000, "prisoners_of_war": 259}
    assert row.qualifiers == {"personnel_units": "more"}


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ({"date": "2022-04-09"}, "expected a JSON array"),
        ([{"date": "2022-13-01", "day": 1, "tank": 1}], "is not a YYYY-MM-DD date"),
        # A row written with the wrong year: its day number gives it away.
        ([{"date": "2024-01-01", "day": 1408, "tank": 1}], "day 1408 does not match"),
        ([{"date": "2022-03-19", "day": "24", "tank": 1}], "day must be an integer"),
        ([{"date": "2022-03-19", "day": 24, "tank": -1}], "cannot be negative"),
        ([{"date": "2022-03-19", "day": 24, "tank": "12"}], "expected an integer total"),
        ([{"date": "2022-03-19", "day": 24, "tank": 1.5}], "expected an integer total"),
        ([{"date": "2022-03-19", "day": 24}], "no figures"),
        ([{"date": "2022-03-19", "day": 24, "tank": 1}] * 2, "appears in two rows"),
        ([{"date": "2022-03-19", "day": 24, "tank": 1}, "oops"], "must be an object"),
    ],
)
def test_a_bad_row_rejects_the_dataset_file_with_the_reason(rows: object, reason: str) -> None:
    with pytest.raises(PayloadError, match=reason):
        dataset.parse_rows(rows, "file")


def test_nan_means_not_reported() -> None:
    rows = json.loads('[{"date": "2022-05-02", "day": 68, "tank": 1, "fuel tank": NaN}]')
    (row,) = dataset.parse_rows(rows, "file")
    assert row.totals == {"tanks": 1}


def test_an_api_record_page_and_a_single_record_both_parse() -> None:
    record = api_record("2022-11-24", 85720, 2898, submarines=0)
    (single,), next_url = russianwarship.parse_page({"message": "ok", "data": record}, "latest")
    assert next_url is None
    assert single.totals == {"personnel_units": 85720, "tanks": 2898, "submarines": 0}
    assert single.url == record["resource"]
    assert single.day == 274
    page = {"data": {"paging": {"next_url": "statistics?offset=2"}, "records": [record]}}
    reports, next_url = russianwarship.parse_page(page, "list")
    assert [r.date for r in reports] == [date(2022, 11, 24)] and next_url == "statistics?offset=2"


def test_an_api_records_increase_is_kept_as_the_stated_change_and_never_trusted() -> None:
    record = {
        **api_record("2022-11-24", 85720, 2898, submarines=0, helicopters=261),
        "increase": {"personnel_units": 310, "tanks": "1", "SUBMARINES": 0, "planes": 2,
                     "helicopters": 10**9},
    }  # fmt: skip
    (parsed,), _ = russianwarship.parse_page({"data": record}, "latest")
    # Only categories the record gives totals of (not planes); a string or a change larger than
    # the total is dropped,
    # and the record's figures are kept all the same.
    assert {k: v.value for k, v in parsed.stated.items()} == {"personnel_units": 310,
                                                              "submarines": 0}  # fmt: skip
    assert parsed.stated["personnel_units"].by == (russianwarship.NAME,)
    assert parsed.totals["tanks"] == 2898
    (bare,), _ = russianwarship.parse_page({"data": {**record, "increase": [1]}}, "latest")
    assert bare.stated == {} and bare.totals == parsed.totals


PERSONNEL_UAV_ARTILLERY = ("personnel_units", "uav_systems", "artillery_systems")


@pytest.mark.parametrize(
    ("slug", "rises"),
    [
        ("zagalni-bojovi-vtrati-rosiyan-za-dobu-1-370-okupantiv-527-bpla-ta-48-artsistem",
         dict(zip(PERSONNEL_UAV_ARTILLERY, (1370, 527, 48), strict=True))),
        ("zagalni-vtrati-rosiyan-za-dobu-1200-okupantiv-65-artilerijskih-sistem",
         {"personnel_units": 1200, "artillery_systems": 65}),
        ("zagalni-bojovi-vtrati-rosiyan-za-dobu-1160-osib-7-rszv-ta-14-tankiv",
         {"personnel_units": 1160, "mlrs": 7, "tanks": 14}),
        ("1-250-okupantiv-11-bbm-20-artsistem-za-dobu", {}),  # the rises before "za dobu"
        ("zagalni-bojovi-vtrati-voroga-na-19-sichnya-2026-roku-1-020-okupantiv-765-bpla-ta-39-"
         "artsistem", dict(zip(PERSONNEL_UAV_ARTILLERY, (1020, 765, 39), strict=True))),
        ("za-dobu-sili-oboroni-ukraini-znishhili-1090-rosijskih-okupantiv-51-artisistemu",
         {"personnel_units": 1090, "artillery_systems": 51}),
        ("za-dobu-sili-oboroni-znishhili-440-rosijskih-zagarbnikiv-urazili-9-tankiv-voroga-"
         "zagalni-vtrati-rf-stanovlyat-365-1-tisyach-osib",  # the totals after it: not rises
         {"personnel_units": 440, "tanks": 9}),
        # approximate, garbled, posted again or absent: no stated rise, never a guess
        ("za-dobu-sili-oboroni-znishhili-blizko-480-rosijskih-zagarbnikiv", {}),
        ("za-dobu-sili-oboroni-znishhili-ponad-1000-rosijskih-okupantiv-urazili-10-tankiv",
         {"tanks": 10}),
        ("zagalni-bojovi-vtrati-rosiyan-za-dobu-1-00-okupantiv-444-bpla-ta-45-artsistem",
         {"uav_systems": 444, "artillery_systems": 45}),
        ("zagalni-bojovi-vtrati-rosiyan-za-dobu-1-1700-okupantiv-284-bpla-ta-49-artsistem",
         {"uav_systems": 284, "artillery_systems": 49}),
        ("zagalni-bojovi-vtrati-rosiyan-za-dobu-1-600-okupantiv-34-bpla-ta-8-artsistemi-1", {}),
        ("bojovi-vtrati-voroga-na-11-lyutogo-2026-roku", {}),
        ("zagalni-vtrati-stanovlyat-ponad-103200-osib", {}),
        ("vid-pochatku-vijni-rosiya-vtratila-uzhe-360-8-tis-osib-znishheno-5990-tankiv", {}),
    ],
)  # fmt: skip
def test_an_orc_losses_link_states_the_day_s_rises_only_where_it_is_plain(
    slug: str, rises: dict[str, int]
) -> None:
    url = f"https://mod.gov.ua/news/{slug}"
    assert orc_losses.stated_rises(url) == rises
    totals = {"personnel": 861000, "tanks": 10100, "uavs": 20000, "artillery": 22000}
    (parsed,) = orc_losses.parse_file([{"date": "2025-02-28", "sourceUri": url, **totals}], "orc")
    # Only for categories the record gives totals of (no MLRS here).
    given = {k: v for k, v in rises.items() if k != "mlrs"}
    assert parsed.stated == {k: StatedChange(v, (orc_losses.NAME,)) for k, v in given.items()}


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ([], "expected {'message', 'data'}"),
        ({"message": "error"}, "expected {'message', 'data'}"),
        ({"data": {"date": "2022-11-24", "day": 274}}, "no `stats` object"),
        ({"data": {"records": {}}}, "must be a list"),
        ({"data": {"paging": {"next_url": 5}, "records": []}}, "next_url must be"),
        ({"data": {**api_record("2022-11-24", 1, 1), "day": 275}}, "does not match"),
    ],
)
def test_a_bad_api_payload_is_rejected_with_the_reason(payload: object, reason: str) -> None:
    with pytest.raises(PayloadError, match=reason):
        russianwarship.parse_page(payload, "page")


def test_parts_of_one_report_merge_but_may_not_disagree() -> None:
    personnel = dataset.parse_rows([{"date": "2022-11-24", "day": 274, "personnel": 85720}], "p")
    equipment = dataset.parse_rows([{"date": "2022-11-24", "day": 274, "tank": 2898}], "e")
    (merged,) = merge_reports(personnel + equipment, "dataset")
    assert merged.totals == {"personnel_units": 85720, "tanks": 2898}
    other = dataset.parse_rows([{"date": "2022-11-24", "day": 274, "tank": 2899}], "e2")
    with pytest.raises(PayloadError, match="appears twice with different"):
        merge_reports(equipment + other, "dataset")


def test_the_real_api_samples_parse(shared_data: Path) -> None:
    samples = shared_data / "russianwarship-samples"
    (april,), _ = russianwarship.parse_page(
        json.loads((samples / "statistics_2022-04-14_example.json").read_text()), "sample"
    )
    assert april.totals["personnel_units"] == 19900 and april.totals["submarines"] == 0
    (october,), _ = russianwarship.parse_page(
        json.loads((samples / "statistics_latest_2022-10-03.json").read_text()), "sample"
    )
    assert october.day == 222 and october.totals["personnel_units"] == 60430
    assert "submarines" not in october.totals
    assert october.stated["personnel_units"].value == 320  # as the report of 3 Oct 2022 says
    assert april.stated["tanks"].value == 14
