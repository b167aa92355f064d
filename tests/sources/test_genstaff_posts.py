"""The General Staff's own post read in every wording it has used (`bot.sources.genstaff`): each
era's totals, stated rises and wording; a post of another date, or none, is no report."""

from __future__ import annotations

from datetime import date

import pytest

from bot.sources import genstaff
from bot.sources.base import PayloadError
from tests.support.genstaff_posts import ERAS, TELEGRAM_2024


@pytest.mark.parametrize(("era", "page", "on", "totals", "rises"), ERAS, ids=[e[0] for e in ERAS])
def test_a_post_of_every_era_gives_every_total_and_stated_rise(
    era: str, page: str, on: date, totals: dict[str, int], rises: dict[str, int]
) -> None:
    report = genstaff.parse_post(page, on, era, "https://www.zsu.gov.ua/news/x")
    assert report.totals == totals
    assert {k: v.value for k, v in report.stated.items()} == rises
    assert all(v.by == (genstaff.NAME,) for v in report.stated.values())
    assert report.source == genstaff.NAME and report.date == on
    assert report.qualifiers["personnel_units"] == "about"
    assert report.url == "https://www.zsu.gov.ua/news/x"


def test_a_channel_page_gives_the_post_of_the_date_asked_for() -> None:
    earlier = genstaff.parse_post(TELEGRAM_2024, date(2024, 10, 6), "t.me")
    assert earlier.totals["personnel_units"] == 660_470
    assert earlier.stated["personnel_units"].value == 1200
    with pytest.raises(PayloadError, match="no post of the General Staff for 2024-10-08"):
        genstaff.parse_post(TELEGRAM_2024, date(2024, 10, 8), "t.me")
    with pytest.raises(PayloadError, match="no post"):  # the same day of another year
        genstaff.parse_post(TELEGRAM_2024, date(2023, 10, 7), "t.me")


@pytest.mark.parametrize(
    "page",
    [
        "",
        "<html>Сайт на технічному обслуговуванні</html>",
        "Загальні бойові втрати противника з 24.02.22 по 07.10.24 орієнтовно склали: "
        "танків ‒ 8933 (+14) од.",  # no personnel figure
        "Загальні бойові втрати противника з 24.02.22 по 07.10.24 орієнтовно склали: "
        "особового складу ‒ близько 661630 (+1160) осіб, особового складу ‒ 661640 осіб",
    ],
)
def test_a_post_that_does_not_parse_is_no_report(page: str) -> None:
    with pytest.raises(PayloadError):
        genstaff.parse_post(page, date(2024, 10, 7), "post")


def test_the_url_template_names_the_date_or_the_report_s_link() -> None:
    on = date(2024, 10, 7)
    template = "https://t.me/s/GeneralStaffZSU?q=по+{date:%d.%m.%y}"
    assert genstaff.check_template(template) == template
    assert genstaff.post_url(template, on, None) == "https://t.me/s/GeneralStaffZSU?q=по+07.10.24"
    assert genstaff.post_url("{link}", on, "https://mod.gov.ua/x") == "https://mod.gov.ua/x"
    assert genstaff.post_url("{link}", on, None) is None  # a report with no link: nothing to read
    for bad in ("ftp://x/{date}", "https://x/{when}", "https://x/{date", "{0}"):
        with pytest.raises(ValueError):
            genstaff.check_template(bad)
