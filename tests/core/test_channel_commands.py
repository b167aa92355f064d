"""`/losses approval`: a channel named as Slack sends it when the command escapes its text
(`<#C0123|editors>`), read by the one function every channel-naming command uses. Pure."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.query.commands import Approval, channel_named, parse_approval
from bot.core.query.grammar import UsageError, tokenize

TODAY = date(2022, 11, 25)


def parsed(text: str) -> object:
    return parse_approval(tokenize(text), text, TODAY, ())


@pytest.mark.parametrize(
    ("word", "channel"),
    [
        ("<#C0123ABC|editors>", "C0123ABC"),
        ("<#G0123ABC|>", "G0123ABC"),  # a private channel Slack leaves unnamed
        ("<#C0123ABC>", "C0123ABC"),
        ("#editors", None),  # the name alone: Slack did not escape it, no id to go by
        ("<@U0123|someone>", None),
        ("<#c0123abc|editors>", None),  # Slack's ids are upper case: not one of them
    ],
)
def test_a_channel_is_read_only_in_slacks_form(word: str, channel: str | None) -> None:
    assert channel_named(word) == channel


def test_approval_names_a_channel_turns_off_or_asks_how_it_stands() -> None:
    assert parsed("approval <#C0123ABC|editors>") == Approval("C0123ABC")
    assert parsed("затвердження <#C0123ABC|редактори>") == Approval("C0123ABC")
    assert parsed("approval off") == Approval(off=True)
    assert parsed("затвердження вимкнути") == Approval(off=True)
    assert parsed("approval") == Approval()


@pytest.mark.parametrize(
    "text", ["approval #editors", "approval <#C1AB|a> <#C2AB|b>", "approval on", "approval 5"]
)
def test_anything_else_is_a_usage_error_in_the_commands_language(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        parsed(text)
    assert raised.value.form == "usage_approval" and raised.value.lang == "en"
    with pytest.raises(UsageError) as raised:
        parsed(text.replace("approval", "затвердження"))
    assert raised.value.lang == "uk"
