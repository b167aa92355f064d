"""Which claims an answer cites by default (`pick_context`), who makes them (`bot.core.parties`)
and when The Economist's ledger says they were said (issue 31)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.claims import MAX_CONTEXT, Claim, latest_claims, pick_context
from bot.core.economist import ledger_claim, split_note, statement_date
from bot.core.parties import GROUPS, PARTIES, cyrillic, party

TODAY = date(2026, 8, 9)


def claim(who: str, said: str, metric: str = "killed", value: int = 1000) -> Claim:
    day = date.fromisoformat(said)
    return Claim(party=who, metric=metric, value=value, as_of=day, stated_on=day, source="t")


def test_each_group_gives_its_latest_claim_in_the_groups_order_until_five_lines() -> None:
    claims = [
        claim("UK MoD", "2024-05-31"),
        claim("US officials (via NYT)", "2024-06-27"),  # the West's latest
        claim("Mediazona; Meduza", "2024-02-24"),
        claim("Armed Forces of Ukraine", "2024-02-06"),
        claim("Russian Ministry of Defence", "2022-09-21"),
        claim("CSIS", "2024-01-01"),
        claim("A desk's own source", "2024-03-01"),
    ]
    picked = pick_context(claims, fixed=0)
    assert [c.party for c in picked] == [
        "Russian Ministry of Defence", "US officials (via NYT)", "Mediazona; Meduza",
        "Armed Forces of Ukraine", "CSIS",
    ]  # fmt: skip
    assert len(picked) == MAX_CONTEXT
    # The Economist's interval and Oryx's count take two of the five lines.
    assert [c.party for c in pick_context(claims, fixed=2)] == [
        "Russian Ministry of Defence",
        "US officials (via NYT)",
        "Mediazona; Meduza",
    ]
    assert pick_context(claims, fixed=5) == [] and pick_context([], fixed=0) == []


def test_one_statement_of_both_measures_is_cited_by_its_killed_and_wounded() -> None:
    dead = claim("UK MoD", "2025-03-20", "killed", 200_000)
    both = claim("UK MoD", "2025-03-20", "killed_or_wounded", 900_000)
    assert pick_context(latest_claims([dead, both], TODAY, ("killed", "killed_or_wounded")),
                        fixed=0) == [both]  # fmt: skip


def test_the_spellings_of_one_party_are_one_party() -> None:
    old = claim("UK Ministry of Defence", "2023-12-04")
    new = claim("UK MoD", "2025-01-07")
    assert latest_claims([old, new], TODAY, ("killed",)) == [new]
    assert old.answers_to("UK MoD") and new.answers_to("ministry of defence")
    assert not new.answers_to("CIA")


def test_every_party_of_the_table_is_named_in_ukrainian_letters() -> None:
    """Proper names of outlets (The Economist, The New York Times, BBC, CSIS) keep their own
    letters, as Ukrainian copy writes them; everything else is Cyrillic."""
    assert set(GROUPS) >= {p.group for p in PARTIES}
    for known in PARTIES:
        assert any("\u0400" <= ch <= "\u04ff" for ch in known.uk), known.uk
        assert known.gender in ("m", "f", "n", "pl") and known.pronoun in ("it", "they", "he")
    unknown = party("Reuters sources")
    assert (unknown.group, unknown.en, unknown.uk) == (
        "other",
        "Reuters sources",
        "Реутерс соуркес",
    )
    assert not any("a" <= ch.lower() <= "z" for ch in cyrillic("Shoigu Kharkiv Zhytomyr"))


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://x.com/DefenceHQ/status/1876584633103507960/photo/2", date(2025, 1, 7)),
        ("https://www.nytimes.com/2022/08/11/us/politics/russian-casualties.html",
         date(2022, 8, 11)),
        ("https://www.reuters.com/world/europe/cia-director-says-2022-07-20/#:~:text=x",
         date(2022, 7, 20)),
        ("https://www.france24.com/en/europe/20240503-france-estimates-that-150-000",
         date(2024, 5, 3)),
        ("https://www.defensie.nl/documenten/2026/04/21/openbaar-jaarverslag", date(2026, 4, 21)),
        ("https://www.csis.org/analysis/russias-grinding-war-ukraine", None),
    ],
)  # fmt: skip
def test_a_link_dates_a_statement_in_every_form_the_ledgers_links_use(
    url: str, day: date | None
) -> None:
    assert statement_date(url) == day


def row(**fields: str) -> dict[str, str]:
    base = {"date": "19/07/2022", "estimate": "38500", "estimate_low": "", "estimate_high": "",
            "type": "deaths", "source": "Armed Forces of Ukraine", "country": "russia",
            "source_url": "https://www.economist.com/europe/2022/07/24/how-heavy-are-russian",
            "ignore for chart, data from warring parties": "yes"}  # fmt: skip
    return {**base, **fields}


def test_the_compilers_article_dates_only_when_a_figure_was_reported() -> None:
    armed = ledger_claim(row(), TODAY)
    assert (armed.stated_on, armed.reported_on, armed.known_on) == (
        None, date(2022, 7, 24), date(2022, 7, 24)
    )  # fmt: skip
    assert armed.said_by(date(2022, 7, 24)) and not armed.said_by(date(2022, 7, 23))
    # A link dated before the day the figure describes: reported then, said by no day.
    wp = "https://www.washingtonpost.com/world/2022/03/24/x"
    nato = ledger_claim(row(date="23/04/2022", source="NATO officials (via WP)", source_url=wp),
                        TODAY)  # fmt: skip
    assert (nato.stated_on, nato.reported_on, nato.known_on) == (None, date(2022, 3, 24), None)
    own = ledger_claim(row(date="30/11/2023", source="UK Ministry of Defence",
                           source_url="https://twitter.com/DefenceHQ/status/1731611263799537767"),
                       TODAY)  # fmt: skip
    assert (own.stated_on, own.reported_on) == (date(2023, 12, 4), None)


def test_a_remark_in_a_name_or_a_link_is_a_note() -> None:
    assert split_note(
        "Dutch Military Intelligence and Security Service (MIVD; note, timing clarified via email)",
        "https://www.defensie.nl/x",
    ) == ("Dutch Military Intelligence and Security Service (MIVD)", "https://www.defensie.nl/x",
          "timing clarified via email")  # fmt: skip
    assert split_note("Mediazona; Meduza", "(new to this piece, via email from Alexandr)") == (
        "Mediazona; Meduza", "", "new to this piece, via email from Alexandr"
    )  # fmt: skip
    assert split_note("UAlosses", "https://ualosses.org/en/soldiers/ (note, exclude pre-war)") == (
        "UAlosses", "https://ualosses.org/en/soldiers/", "exclude pre-war"
    )  # fmt: skip
    mivd = ledger_claim(row(source="Dutch Military Intelligence and Security Service (MIVD; "
                                   "note, timing clarified via email)"), TODAY)  # fmt: skip
    assert mivd.party.endswith("(MIVD)") and mivd.note == "timing clarified via email"
