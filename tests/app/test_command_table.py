"""The command table is the one place a `/losses` subcommand is registered."""

from __future__ import annotations

import typing
from datetime import date

import pytest

from bot.app import answers
from bot.app.commands import BY_KIND, BY_WORD, TABLE, parse_command, register, slack_usage
from bot.core.query import commands as parse
from bot.core.query.commands import Ask, Command
from bot.core.query.grammar import Help, UsageError
from bot.render.wording import wording

TODAY = date(2022, 11, 24)


def test_a_command_without_a_runner_cannot_be_registered() -> None:
    with pytest.raises(TypeError, match="a parser and a runner"):
        register(parse.Sources, ("sources",), parse.parse_sources, None, "answer")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        register(parse.Sources, (), parse.parse_sources, answers.sources, "answer")


def test_every_command_the_core_parses_has_one_entry() -> None:
    kinds = set(typing.get_args(Command)) - {Ask, Help}
    assert kinds == set(BY_KIND) and len(TABLE) == len(kinds)


@pytest.mark.parametrize("entry", TABLE, ids=lambda e: e.kind.__name__)
def test_each_word_of_an_entry_opens_its_command(entry: object) -> None:
    from bot.app.commands import Entry

    assert isinstance(entry, Entry)
    examples = {"Digest": "weekly", "Mode": "fast", "TimeZone": "Europe/Kyiv"}
    rest = examples.get(entry.kind.__name__, "")
    for word in entry.words:
        assert BY_WORD[word] is entry
        assert isinstance(parse_command(f"{word} {rest}".strip(), TODAY), entry.kind)


def test_the_help_is_made_from_the_table_in_each_language() -> None:
    for lang in ("en", "uk"):
        usage = slack_usage(lang)
        for entry in TABLE:
            assert not entry.usage or wording(lang).say(entry.usage) in usage
    assert "/losses підписати [категорії]" in slack_usage("uk")
    assert "/losses підписати" not in slack_usage("en")


def test_ukrainian_options_read_as_the_english_ones() -> None:
    assert parse_command("дайджест щомісяця", TODAY) == parse.Digest("monthly")
    assert parse_command("дайджест вимкнути", TODAY) == parse.Digest(None)
    assert parse_command("режим підтверджений", TODAY) == parse.Mode("confirmed")
    assert parse_command("посилання скинути", TODAY) == parse.DataLink(reset=True)
    # A word that opens a command but goes on otherwise is read by the question grammar.
    with pytest.raises(UsageError) as error:
        parse_command("stop tanks", TODAY)
    assert error.value.form == "usage_not_understood"
