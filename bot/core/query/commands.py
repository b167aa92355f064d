"""What the text after `/losses` asks for: an answer, help, or a subscription change.

Queries go to the query grammar unchanged; this module only peels off the Slack-specific words
(`public`, `subscribe`, ...). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.core.query.grammar import (
    PUBLIC_WORDS,
    USAGE,
    USAGES,
    Help,
    Latest,
    Query,
    UsageError,
    parse_query,
    read_query,
    tokenize,
)

SLACK_ONLY = """
In Slack also:
  /losses ... public                 post the answer to the channel, not only to you
  /losses chart tanks last 90 days   a PNG chart here (default: personnel, last 30 days)
  /losses export since 2022-11-01    a CSV file here (default: the whole history)
  /losses subscribe [categories]     an alert here for each new report; /losses unsubscribe
  /losses subscriptions              this workspace's subscribed channels
  /losses mode fast|confirmed        alert at the first source, or once two agree (default)
  /losses sources                    each source's newest report and recent disagreements
  /losses digest weekly|monthly|off  a summary every Monday (or 1st) at 09:00
  /losses timezone Europe/Kyiv       the time zone summaries follow (default UTC)
  /losses claims                     what other parties claim, attributed and dated
  /losses claim                      add a claim to the ledger (a form)
  /losses datalink [reset]           this workspace's live CSV/JSON URL for charting tools
  /losses brief [DATE]               the data part of the morning story; /losses довідка"""
SLACK_USAGE = USAGE + SLACK_ONLY


def slack_usage(lang: str) -> str:
    """The usage text in Slack, in the question's language (Slack's own commands are English
    words in either)."""
    return USAGES.get(lang, USAGE) + SLACK_ONLY


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
)


def parse_command(text: str, today: date, extra_keys: Iterable[str] = ()) -> Command:
    words = tokenize(text)
    if words and words[0] in _COMMAND_WORDS:  # most texts are questions: skip the commands
        command = _slack_command(words, text, today, extra_keys)
        if command is not None:
            return command
    public = bool(PUBLIC_WORDS.intersection(words))
    if public:
        text = " ".join(w for w in text.split() if w.lower() not in PUBLIC_WORDS)
    query = read_query(text, today, extra_keys, None if public else words)
    return query if isinstance(query, Help) else Ask(query, public)


# The first words of the commands that are not questions.
_COMMAND_WORDS = frozenset(
    [
        "unsubscribe",
        "stop",
        "subscriptions",
        "subscribed",
        "claims",
        "заяви",
        "datalink",
        "claim",
        "заява",
        "brief",
        "довідка",
        "digest",
        "timezone",
        "tz",
        "chart",
        "export",
        "subscribe",
        "mode",
        "sources",
    ]
)


def _slack_command(
    words: list[str], text: str, today: date, extra_keys: Iterable[str]
) -> Command | None:
    """The command `words` (opening with one of `_COMMAND_WORDS`) give, or None: a question."""
    if words in (["unsubscribe"], ["stop"]):
        return Unsubscribe()
    if words in (["subscriptions"], ["subscribed"]):
        return ListSubscriptions()
    if words[:1] in (["claims"], ["заяви"]):
        return ListClaims(" ".join(text.replace(",", " ").split()[1:])[:100])
    if words[:1] == ["datalink"]:
        if words[1:] not in ([], ["reset"]):
            raise UsageError("usage_datalink")
        return DataLink(reset=words[1:] == ["reset"])
    if words in (["claim"], ["заява"]):
        return AddClaim()
    if words[:1] in (["brief"], ["довідка"]):
        return BriefFor(" ".join(text.split()[1:]), "uk" if words[0] == "довідка" else "en")
    if words[:1] == ["digest"]:
        if len(words) == 2 and words[1] in ("weekly", "monthly", "off"):
            return Digest(None if words[1] == "off" else words[1])
        raise UsageError("usage_digest")
    if words[:1] in (["timezone"], ["tz"]):
        if len(words) != 2:
            raise UsageError("usage_timezone")
        return TimeZone(text.replace(",", " ").split()[1])  # as typed: names are case-sensitive
    if words[:1] == ["chart"]:
        return Chart(" ".join(words[1:]))
    if words[:1] == ["export"]:
        return Export(" ".join(words[1:]))
    if words == ["sources"]:
        return Sources()
    if words[:1] == ["mode"]:
        if words[1:] not in (["fast"], ["confirmed"]):
            raise UsageError("usage_mode")
        return Mode(words[1])
    if words[:1] == ["subscribe"]:
        rest = parse_query(" ".join(words[1:]), today, extra_keys)
        if not isinstance(rest, Query) or rest.period != Latest():
            raise UsageError("usage_subscribe")
        return Subscribe(rest.categories)
    return None
