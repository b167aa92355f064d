"""The README is what a newsroom developer reads: every command, every Slack word, every flag
kind and every period form it promises is there, and each documented example really parses."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.query.grammar import Help, Query, parse_query
from tests.test_phrasings import TABLE

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
FLAG_KINDS = ("decrease", "correction", "first_listed", "series_break", "missing", "revised",
              "qualifier", "gap", "partial", "stale")  # fmt: skip


def test_every_subcommand_is_documented() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name in commands:
        assert f"losses-bot {name}" in README, name


@pytest.mark.parametrize("kind", FLAG_KINDS)
def test_every_flag_kind_is_documented(kind: str) -> None:
    assert f"| `{kind}` |" in README
    code = (ROOT / "bot" / "delta.py").read_text() + (ROOT / "bot" / "answer.py").read_text()
    assert f'"{kind}"' in code  # and the code really raises it


def test_every_slack_word_is_documented() -> None:
    words = ("public", "help", "subscribe", "unsubscribe", "subscriptions", "chart", "export",
             "digest", "timezone", "claims", "claim", "brief", "довідка", "datalink")  # fmt: skip
    for word in words:
        assert f"/losses {word}" in README or f"/losses … {word}" in README, word


def _documented_forms() -> list[str]:
    section = README[
        README.index("Every form the grammar knows") : README.index("- A whole period")
    ]
    return [f for f in re.findall(r"`([^`]+)`", section) if not f.startswith("(")]


def test_every_documented_form_parses_and_most_are_in_the_phrasing_table() -> None:
    forms = _documented_forms()
    assert len(forms) > 80
    for form in forms:
        assert isinstance(parse_query(form, date(2026, 11, 25)), Query | Help), form
    tested = {text.lower() for pair in TABLE for text in pair}
    untested = [f for f in forms if f.lower() not in tested]
    assert len(untested) < len(forms) // 4, untested
