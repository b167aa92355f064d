"""The Economist's ledger and model (issue 20), read as data: a claim holds what was said (a
range, a floor, a ceiling, a central figure), about whose losses, said when (or not known);
the model is a fit with its date, and an answer never shows either as said before it was."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.claims import Claim, ClaimError, later_estimates, latest_claims, parse_claim
from bot.core.economist import (
    MAX_MODEL_ROWS,
    ModelFileError,
    ModelFit,
    ModelPoint,
    ledger_claim,
    model_estimates,
    parse_model,
    statement_date,
)
from bot.render.context import amount, claim_json, later_sentence, model_sentence, print_round
from bot.render.wording import EN, UK
from tests.support.payloads import MODEL

TODAY = date(2026, 11, 29)
X_POST = "https://x.com/DefenceHQ/status/1876584633103507960/photo/2"
NYT = "https://www.nytimes.com/2022/08/11/us/politics/russian-casualties-ukraine.html"


def row(**fields: str) -> dict[str, str]:
    base = {"date": "11/08/2022", "estimate_low": "", "estimate_high": "", "estimate": "",
            "type": "casualties", "source": "US officials (via NYT)", "source_url": NYT,
            "country": "russia", "ignore for chart, data from warring parties": ""}  # fmt: skip
    return {**base, **fields}


def test_a_statement_date_is_read_from_the_link_where_the_link_dates_it() -> None:
    assert statement_date(X_POST) == date(2025, 1, 7)  # the post's id is its timestamp
    assert statement_date(NYT) == date(2022, 8, 11)  # a dated path
    assert statement_date("https://www.csis.org/analysis/russias-battlefield-woes") is None


@pytest.mark.parametrize(
    ("fields", "figures", "english", "ukrainian"),
    [
        ({"estimate": "20000"}, (20000, None, None), "20,000", "20\u00a0000"),
        ({"estimate_low": "70000", "estimate_high": "80000"}, (None, 70000, 80000),
         "between 70,000 and 80,000", "від 70\u00a0000 до 80\u00a0000"),
        ({"estimate_low": "15000"}, (None, 15000, None), "at least 15,000",
         "щонайменше 15\u00a0000"),
        ({"estimate_high": "25000"}, (None, None, 25000), "up to 25,000", "до 25\u00a0000"),
        ({"estimate": "100000", "estimate_low": "90000", "estimate_high": "110000"},
         (100000, 90000, 110000), "100,000 (between 90,000 and 110,000)",
         "100\u00a0000 (від 90\u00a0000 до 110\u00a0000)"),
    ],
)  # fmt: skip
def test_a_figure_is_printed_as_it_was_said_never_as_a_midpoint(
    fields: dict[str, str], figures: tuple[int | None, ...], english: str, ukrainian: str
) -> None:
    claim = ledger_claim(row(**fields), TODAY)
    assert (claim.value, claim.low, claim.high) == figures
    assert amount(claim, EN) == english and amount(claim, UK) == ukrainian
    item = claim_json(claim)
    assert (item["value"], item["low"], item["high"]) == figures  # null where not said


def test_a_ledger_row_says_whose_losses_when_and_whether_a_party_to_the_war() -> None:
    claim = ledger_claim(row(estimate="383000", date="19/12/2023", country="ukraine",
                             source="Russian Ministry of Defense",
                             source_url="https://tass.com/defense/1723781",
                             **{"ignore for chart, data from warring parties": "yes"}),
                         TODAY)  # fmt: skip
    assert claim.whose == "ukraine" and claim.party_to_war and claim.stated_on is None
    assert claim.as_of == date(2023, 12, 19)  # day/month/year
    assert claim.metric == "killed_or_wounded" and claim.source == "compiled by The Economist"
    assert ledger_claim(row(type="deaths", estimate="1"), TODAY).metric == "killed"
    uk_mod = ledger_claim(row(date="01/11/2022", estimate="66241", source="UK MoD",
                              source_url=X_POST), TODAY)  # fmt: skip
    assert uk_mod.stated_on == date(2025, 1, 7)
    for bad, field in ((row(type="injured", estimate="1"), "type"),
                       (row(date="2022-08-11", estimate="1"), "date"),
                       (row(estimate_low="9", estimate_high="8"), "low"),
                       (row(), "value")):  # fmt: skip
        with pytest.raises(ClaimError) as error:
            ledger_claim(bad, TODAY)
        assert error.value.field == field


def claim(party: str, stated: date | None, as_of: date, **extra: object) -> Claim:
    fields: dict[str, object] = {"value": 1000, **extra}
    return Claim(party=party, metric="killed_or_wounded", as_of=as_of, stated_on=stated,
                 source="test", **fields)  # type: ignore[arg-type]  # fmt: skip


def test_an_answer_cites_only_what_was_said_by_then_about_russian_losses() -> None:
    nov = date(2022, 11, 24)
    said = claim("US officials (via NYT)", date(2022, 8, 11), date(2022, 8, 11), low=70000,
                 high=80000, value=None)  # fmt: skip
    ukrainian = claim("Russian Ministry of Defense", date(2022, 9, 1), date(2022, 9, 1),
                      whose="ukraine")  # fmt: skip
    published_later = claim("UK MoD", date(2025, 1, 7), date(2022, 11, 1))
    undated = claim("CIA", None, date(2022, 7, 20))
    ledger = [said, ukrainian, published_later, undated]
    assert latest_claims(ledger, nov, ["killed_or_wounded"]) == [said]
    assert later_estimates(ledger, nov, ["killed_or_wounded"]) == [undated, published_later]
    assert latest_claims(ledger, date(2022, 8, 1), ["killed_or_wounded"]) == []  # not yet said
    assert later_sentence(published_later, EN) == (
        "Later estimate: the UK Ministry of Defence, published 7 Jan 2025: 1,000 killed or "
        "wounded by 1 Nov 2022 (test)."
    )
    assert "publication date not known" in later_sentence(undated, EN)
    assert "дата оприлюднення невідома" in later_sentence(undated, UK)


def test_spellings_of_one_party_are_one_party() -> None:
    early = claim("UK MoD", date(2022, 6, 1), date(2022, 6, 1))
    late = claim("UK Ministry of Defence", date(2022, 7, 24), date(2022, 6, 29))
    assert latest_claims([early, late], date(2022, 11, 24), ["killed_or_wounded"]) == [late]


def test_a_typed_claim_may_be_a_range_and_may_leave_the_statement_date_unknown() -> None:
    fields = {"party": "p", "metric": "killed", "low": "70,000", "high": "80,000",
              "as_of": "2022-08-11", "stated_on": "", "source": "s"}  # fmt: skip
    typed = parse_claim(fields, TODAY)
    assert (typed.value, typed.low, typed.high, typed.stated_on) == (None, 70000, 80000, None)
    with pytest.raises(ClaimError, match="value: outside the range"):
        parse_claim({**fields, "value": "90,000"}, TODAY)
    with pytest.raises(ClaimError, match="whose"):
        parse_claim({**fields, "whose": "mars"}, TODAY)


def test_a_model_file_is_one_fit_named_by_the_last_day_it_estimates() -> None:
    fit = parse_model(MODEL, "meta-estimate-casualties.csv")
    assert fit.kind == "casualties" and fit.fitted_on == date(2022, 11, 24)  # NA: not yet
    point = fit.on(date(2022, 11, 24))
    assert point is not None and point.ci_lower == pytest.approx(81676.38102774118)
    for broken, reason in ((MODEL.replace("russia", "ukraine", 1), "not Russian losses"),
                           (MODEL.replace("81676.38102774118", "99999"), "outside its interval"),
                           (MODEL.replace("93189.15946947776", "many"), "not a number"),
                           ("date,tanks\n2022-11-24,1\n", "not The Economist's")):  # fmt: skip
        with pytest.raises(ModelFileError, match=reason):
            parse_model(broken, "x.csv")


def test_a_model_file_from_outside_the_war_or_too_long_is_refused() -> None:
    """A row of the year 1500, a fit of 9999-12-31, more rows than days of a long war: one
    line each, nothing kept."""
    today = date(2022, 11, 25)
    assert parse_model(MODEL, "x.csv", today).fitted_on == date(2022, 11, 24)
    row = "{day},1,93189.1,81676.3,106325.1,63709.1,136311.5,casualties,russia\n"
    header = MODEL.splitlines()[0] + "\n"
    for broken, reason in (
        (MODEL + row.format(day="1500-01-01"), "1500-01-01 is before the full-scale invasion"),
        (header + row.format(day="9999-12-31") + MODEL.split("\n", 1)[1], "9999-12-31 is in"),
    ):
        with pytest.raises(ModelFileError, match=reason):
            parse_model(broken, "x.csv", today)
    many = header + row.format(day="2022-11-20") * (MAX_MODEL_ROWS + 1)
    with pytest.raises(ModelFileError, match="more than 10,000 rows"):
        parse_model(many, "x.csv", today)


@pytest.mark.parametrize(
    ("low", "high", "printed"),
    [(81676.4, 106325.2, (82000, 106000)), (15691.8, 18626.2, (15700, 18600)),
     (893.1, 25487.9, (1000, 25000)), (98.2, 99.9, (98, 100))],
)  # fmt: skip
def test_an_interval_is_rounded_for_print_to_a_tenth_of_its_order(
    low: float, high: float, printed: tuple[int, int]
) -> None:
    assert print_round(low, high) == printed


def test_the_model_sentence_names_the_fit_date_and_the_interval() -> None:
    point = ModelPoint(date(2022, 11, 24), 93189.2, 81676.4, 106325.2, 63709.1, 136311.5)
    fit = ModelFit("casualties", date(2026, 8, 21), (point,))
    (estimate,) = model_estimates({"casualties": fit}, date(2022, 11, 24))
    assert model_sentence(estimate, EN) == (
        "The Economist's model (fitted 21 Aug 2026) puts Russian killed and wounded by 24 Nov 2022 "
        "at 82,000–106,000 (95% interval)."
    )
    assert "(оновлена 21 серпня 2026 року)" in model_sentence(estimate, UK)
    assert model_estimates({"casualties": fit}, date(2022, 11, 25)) == ()  # a day it lacks
