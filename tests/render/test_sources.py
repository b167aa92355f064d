"""How each transcription stands, read from a history: newest report, lag, disagreements."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.core.reports import History
from bot.core.sources import recent_disputes, sources_status
from bot.render.sources import sources_text
from tests.support.payloads import report


def history() -> History:
    both = ("dataset", "orc-losses")
    return History(
        [
            replace(report("2026-03-30", helicopters=349), transcriptions=both),
            replace(
                report("2026-04-01", helicopters=350),
                transcriptions=both,
                disputed={"helicopters": {"dataset": 351, "orc-losses": 350}},
            ),
            replace(report("2026-04-03", helicopters=351), transcriptions=("dataset",)),
        ]
    )


def test_each_transcription_has_its_newest_report_and_its_lag() -> None:
    statuses = sources_status(history(), ["russianwarship.rip", "dataset"])
    assert [(s.name, s.newest and s.newest.date, s.behind) for s in statuses] == [
        ("russianwarship.rip", None, 0),  # configured, nothing yet
        ("dataset", date(2026, 4, 3), 0),
        ("orc-losses", date(2026, 4, 1), 2),
    ]


def test_the_disagreements_of_the_last_thirty_days_are_listed_with_every_value() -> None:
    (dispute,) = recent_disputes(history(), date(2026, 4, 5))
    assert (dispute.report.date, dispute.category) == (date(2026, 4, 1), "helicopters")
    assert recent_disputes(history(), date(2026, 5, 2)) == []  # 31 days on
    text = sources_text(sources_status(history()), [dispute], 30)
    assert "• orc-losses: newest report 1 Apr 2026 (day 1498), 2 days behind dataset" in text
    assert (
        "• 1 Apr 2026, helicopters: dataset 351; orc-losses 350 (undecided: neither is stated as "
        "fact)"
    ) in text
    decided = replace(dispute, report=replace(dispute.report, decided={"helicopters": "majority"}))
    assert "orc-losses 350 (published: 350, decided by majority)" in sources_text(
        sources_status(history()), [decided], 30
    )


def test_the_general_staff_s_posts_are_no_feed_that_lags() -> None:
    read = History([replace(report("2026-03-01", helicopters=340),
                            transcriptions=("dataset", "genstaff"))])  # fmt: skip
    assert [s.name for s in sources_status(read, ["dataset"])] == ["dataset"]
