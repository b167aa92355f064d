"""Milestones: which round numbers are news for totals of each size."""

from __future__ import annotations

import pytest

from bot.core.milestones import crossed, milestone_notes
from bot.render.flags import flag_text
from bot.render.wording import EN


@pytest.mark.parametrize(
    ("previous", "total", "mark"),
    [
        (99_800, 100_200, 100_000),  # 100,000 personnel
        (2_898, 3_001, 3_000),  # 3,000 tanks
        (85_410, 85_720, None),  # no round number in between
        (89_700, 90_100, 90_000),
        (1_456_610, 1_500_100, 1_500_000),  # leading 1: every 500,000
        (14_990, 15_010, 15_000),  # 15,000 tanks
        (12_251, 12_300, None),
        (3_700, 3_617, None),  # a decrease is a correction, not a milestone
        (995, 1_001, 1_000),
        (49, 51, 50),
    ],
)
def test_the_round_number_crossed(previous: int, total: int, mark: int | None) -> None:
    assert crossed(previous, total) == mark


def test_notes_name_the_category_and_the_number() -> None:
    notes = milestone_notes(
        {"personnel_units": 99_800, "tanks": 2_898}, {"personnel_units": 100_200, "tanks": 2_899}
    )
    assert [(n.category, n.params) for n in notes] == [("personnel_units", {"mark": 100_000})]
    assert flag_text(notes[0], EN) == "Milestone: the personnel total passed 100,000."
