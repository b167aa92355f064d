"""The command table: every `/losses` command besides a question, in one place.

An entry gives a command's first words (English and Ukrainian), its parser (pure, in
`bot.core.query.commands`), its runner and its usage line; the help text is made from the
table. `register` refuses an entry without a runner, so a command that parses always runs.
Adding a subcommand is one entry here, its runner and its words.

How an entry runs is its `runs`:
- `answer`: from the history alone, memoised with the questions (`bot.app.answers`);
- `file`: a chart or a CSV, checked now and made after the acknowledgement;
- `form`: a modal opened before the acknowledgement;
- `store`: changes or reads the store, in a database thread, once per Slack trigger.
A `guard` asks Slack first who may run it (`/losses approval`: the editors' channel's members).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from bot.app import answers, approval, channels
from bot.core.query import commands as parse
from bot.core.query.commands import Ask, Command, NotACommand
from bot.core.query.grammar import PUBLIC_WORDS, USAGES, Help, read_query, tokenize
from bot.render.wording import LANGUAGES, wording

if TYPE_CHECKING:
    from bot.app.approval import Editors
    from bot.app.outcome import Asked, Outcome

Parser = Callable[[list[str], str, date, Iterable[str]], Command]
Runner = Callable[[Any, "Asked"], "Outcome"]  # (the parsed command, who asked and when)
# Who may run it, asked of Slack before it runs (the editors' channel's members): a refusal,
# or None to go on.
Guard = Callable[[Any, "Asked", "Editors | None"], Awaitable["Outcome | None"]]
Runs = Literal["answer", "file", "form", "store"]


@dataclass(frozen=True)
class Entry:
    kind: type  # the command `parse` gives
    words: tuple[str, ...]  # the first words that open it, in English and Ukrainian
    parse: Parser
    run: Runner
    runs: Runs
    usage: str  # its line in the help text: a template of `bot.render.wording` ("" for none)
    guard: Guard | None = None


def register(kind: type, words: tuple[str, ...], parse: Parser, run: Runner, runs: Runs,
             usage: str = "", guard: Guard | None = None) -> Entry:  # fmt: skip
    """An entry, refused without a runner or words: a command that parses must run."""
    if not callable(run) or not callable(parse) or not words:
        raise TypeError(f"{kind.__name__}: a command needs its words, a parser and a runner")
    return Entry(kind, words, parse, run, runs, usage, guard)


# In the order the help lists them; each help line is a template of `bot.render.wording`.
TABLE = (
    register(
        parse.Chart, ("chart", "графік"), parse.parse_chart, answers.file, "file", "help_chart"
    ),
    register(
        parse.Export, ("export", "експорт"), parse.parse_export, answers.file, "file", "help_export"
    ),
    register(
        parse.Subscribe,
        ("subscribe", "підписати"),
        parse.parse_subscribe,
        channels.subscribe,
        "store",
        "help_subscribe",
    ),
    register(
        parse.Unsubscribe,
        ("unsubscribe", "stop", "відписати"),
        parse.parse_unsubscribe,
        channels.unsubscribe,
        "store",
    ),
    register(
        parse.ListSubscriptions,
        ("subscriptions", "subscribed", "підписки"),
        parse.parse_subscriptions,
        channels.subscriptions,
        "store",
        "help_subscriptions",
    ),
    register(parse.Mode, ("mode", "режим"), parse.parse_mode, channels.mode, "store", "help_mode"),
    register(
        parse.Sources,
        ("sources", "джерела"),
        parse.parse_sources,
        answers.sources,
        "answer",
        "help_sources",
    ),
    register(
        parse.Digest,
        ("digest", "дайджест"),
        parse.parse_digest,
        channels.digest,
        "store",
        "help_digest",
    ),
    register(
        parse.TimeZone,
        ("timezone", "tz", "пояс"),
        parse.parse_timezone,
        channels.timezone,
        "store",
        "help_timezone",
    ),
    register(
        parse.ListClaims,
        ("claims", "заяви"),
        parse.parse_claims,
        answers.claims,
        "answer",
        "help_claims",
    ),
    register(
        parse.AddClaim,
        ("claim", "заява"),
        parse.parse_add_claim,
        answers.claim_form,
        "form",
        "help_claim",
    ),
    register(
        parse.DataLink,
        ("datalink", "посилання"),
        parse.parse_datalink,
        channels.data_link,
        "store",
        "help_datalink",
    ),
    register(
        parse.Approval,
        ("approval", "затвердження"),
        parse.parse_approval,
        approval.approval,
        "store",
        "help_approval",
        approval.may_change,
    ),
    register(
        parse.BriefFor,
        ("brief", "довідка"),
        parse.parse_brief,
        answers.brief,
        "answer",
        "help_brief",
    ),
)
BY_WORD: Mapping[str, Entry] = {word: entry for entry in TABLE for word in entry.words}
BY_KIND: Mapping[type, Entry] = {entry.kind: entry for entry in TABLE}
assert len(BY_WORD) == sum(len(e.words) for e in TABLE), "a word opens one command only"


def _slack_only(lang: str) -> str:
    say = wording(lang)
    lines = [say.say("help_public"), *(say.say(e.usage) for e in TABLE if e.usage)]
    return f"\n{say.say('help_also')}\n" + "\n".join("  " + line for line in lines)


SLACK_ONLY = {lang: _slack_only(lang) for lang in LANGUAGES}


def slack_usage(lang: str) -> str:
    """The usage text in Slack, in the question's language, with the table's commands."""
    lang = lang if lang in SLACK_ONLY else "en"
    return USAGES[lang] + SLACK_ONLY[lang]


def parse_command(text: str, today: date, extra_keys: Iterable[str] = ()) -> Command:
    """The command `text` gives: one of the table's, by its first word, or a question."""
    words = tokenize(text)
    entry = BY_WORD.get(words[0]) if words else None
    if entry is not None:  # most texts are questions: one lookup skips the table
        try:
            return entry.parse(words, text, today, extra_keys)
        except NotACommand:
            pass
    public = bool(PUBLIC_WORDS.intersection(words))
    if public:
        text = " ".join(w for w in text.split() if w.lower() not in PUBLIC_WORDS)
    query = read_query(text, today, extra_keys, None if public else words)
    return query if isinstance(query, Help) else Ask(query, public)
