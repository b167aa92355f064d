"""The commands the text after `/losses` can give besides a question, and the pure parser of
each: `parse_X(words, text, today, keys)` gets the text's words (the first names the command)
and the text as typed. Which words open which command, and what runs it, is the command table
(`bot.app.commands`). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.core.digests import MAX_ZONE_NAME, zone
from bot.core.query.grammar import (
    Help,
    Latest,
    Query,
    UsageError,
    language,
    parse_query,
)


@dataclass(frozen=True)
class Ask:
    query: Query
    public: bool = False  # post the answer to the channel, not only to the asker


@dataclass(frozen=True)
class Subscribe:
    categories: tuple[str, ...] = ()  # empty: every category


@dataclass(frozen=True)
class Unsubscribe:
    pass


@dataclass(frozen=True)
class ListSubscriptions:
    pass


@dataclass(frozen=True)
class Chart:
    text: str  # categories and period, as for a question


@dataclass(frozen=True)
class Export:
    text: str


@dataclass(frozen=True)
class Digest:
    frequency: str | None  # weekly | monthly | None (off)


@dataclass(frozen=True)
class TimeZone:
    name: str


@dataclass(frozen=True)
class ListClaims:
    """Other parties' claims in the ledger, newest first; of one `party` when named."""

    party: str = ""


@dataclass(frozen=True)
class BriefFor:
    """The brief for one report: `text` names its date (none: the latest)."""

    text: str
    lang: str = "en"


@dataclass(frozen=True)
class DataLink:
    """The workspace's live data URL for charting tools; `reset` replaces it."""

    reset: bool = False


@dataclass(frozen=True)
class Mode:
    """A channel's alert mode: `confirmed` (wait for a second transcription) or `fast`."""

    name: str


@dataclass(frozen=True)
class Sources:
    """How each transcription stands, and their recent disagreements."""


@dataclass(frozen=True)
class Approval:
    """A workspace's editor approval: alerts go to `channel` as drafts first; `off` ends it;
    neither: how it stands."""

    channel: str | None = None
    off: bool = False


@dataclass(frozen=True)
class AddClaim:
    """Open the form that adds a claim to the ledger."""


Command = (
    Ask
    | Help
    | Subscribe
    | Unsubscribe
    | ListSubscriptions
    | Chart
    | Export
    | Digest
    | TimeZone
    | ListClaims
    | BriefFor
    | AddClaim
    | DataLink
    | Mode
    | Sources
    | Approval
)


def parse_subscribe(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    rest = parse_query(" ".join(words[1:]), today, keys)
    if not isinstance(rest, Query) or rest.period != Latest():
        raise UsageError("usage_subscribe", language(text))
    return Subscribe(rest.categories)


def parse_unsubscribe(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    return Unsubscribe() if len(words) == 1 else _question()


def parse_subscriptions(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    return ListSubscriptions() if len(words) == 1 else _question()


def parse_claims(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    return ListClaims(" ".join(text.replace(",", " ").split()[1:])[:100])


def parse_add_claim(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    return AddClaim() if len(words) == 1 else _question()


# The option words of the commands, in Ukrainian as in English.
_OPTIONS = {"скинути": "reset", "щотижня": "weekly", "щомісяця": "monthly", "вимкнути": "off",
            "швидкий": "fast", "підтверджений": "confirmed"}  # fmt: skip


def _options(words: list[str]) -> list[str]:
    return [_OPTIONS.get(word, word) for word in words[1:]]


def parse_datalink(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    if _options(words) not in ([], ["reset"]):
        raise UsageError("usage_datalink", language(text))
    return DataLink(reset=_options(words) == ["reset"])


def parse_brief(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    """The brief's language is its word's (`довідка`), whatever the date's script."""
    return BriefFor(" ".join(text.split()[1:]), language(words[0]))


def parse_digest(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    options = _options(words)
    if options in (["weekly"], ["monthly"], ["off"]):
        return Digest(None if options == ["off"] else options[0])
    raise UsageError("usage_digest", language(text))


def parse_timezone(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    if len(words) != 2:
        raise UsageError("usage_timezone", language(text))
    name = text.replace(",", " ").split()[1]  # as typed: names are case-sensitive
    try:
        zone(name)
    except ValueError:
        shown = name if len(name) <= MAX_ZONE_NAME else name[:MAX_ZONE_NAME] + "…"
        raise UsageError("usage_not_a_zone", language(text), name=shown) from None
    return TimeZone(name)


def parse_chart(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    return Chart(" ".join(words[1:]))


def parse_export(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    return Export(" ".join(words[1:]))


def parse_sources(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    return Sources() if len(words) == 1 else _question()


# A channel as Slack sends it where a command escapes its text (`should_escape`): <#C0123|name>,
# or <#C0123|> and <#C0123> where Slack leaves the name out (a private channel).
CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]{2,40})(?:\|[^>]*)?>")


def channel_named(word: str) -> str | None:
    """The channel id a word names, or None: every command that names a channel reads it here."""
    found = CHANNEL_MENTION.fullmatch(word.strip())
    return found.group(1) if found else None


def parse_approval(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    rest = text.split()[1:]
    if not rest:
        return Approval()
    if _options(words) == ["off"]:
        return Approval(off=True)
    channel = channel_named(rest[0]) if len(rest) == 1 else None
    if channel is None:
        raise UsageError("usage_approval", language(text))
    return Approval(channel)


def parse_mode(words: list[str], text: str, today: date, keys: Iterable[str]) -> Command:
    if _options(words) not in (["fast"], ["confirmed"]):
        raise UsageError("usage_mode", language(text))
    return Mode(_options(words)[0])


class NotACommand(Exception):
    """The words open a command's name but go on as a question ("claim tanks …"): the grammar
    reads them."""


def _question() -> Command:
    raise NotACommand
