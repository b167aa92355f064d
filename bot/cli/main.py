"""`losses-bot`: the command line. It reads the environment and the clock, and hands them to
the same engine the Slack command uses. A reporter's script may call `losses-bot ask` in a loop,
so start-up time counts: argparse rather than click, and each command imports what it needs
when it runs (SQLAlchemy, Alembic, Bolt, aiohttp and matplotlib only where used; see the
docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.cli.refused import Refused
from bot.settings import Settings, SettingsError, load_settings, read_environment
from bot.sources.table import BY_KIND

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bot.core.freshness import Freshness
    from bot.core.reports import History


def _engine(settings: Settings) -> Engine:
    from bot.app import local

    return local.engine(settings)


def _history(settings: Settings) -> History:
    from bot.app import local

    return local.history(settings)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import local

    local.migrate(settings)
    print("The database schema is up to date.")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from bot.app import local

    result = asyncio.run(local.import_(settings, args.locations, getattr(args, "as_", None),
                                       sys.stderr.isatty()))  # fmt: skip
    print(result.headline())
    return 0


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import kyiv_today
    from bot.core.sources import RECENT_DAYS, recent_disputes, sources_status
    from bot.render.sources import sources_text

    history = _history(settings)
    statuses = sources_status(history)
    print(sources_text(statuses, recent_disputes(history, kyiv_today()), RECENT_DAYS))
    return 0


def cmd_poll(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from bot.app import local

    outcomes, posts = asyncio.run(local.poll(settings))
    for name, outcome in outcomes:
        print(f"Poll of {name}: {'ok' if outcome.ok else 'failed'}: {outcome.message}")
    if posts is not None:  # the posts of disputes no evidence decided
        print(f"The General Staff's posts: {posts.summary()}")
    return 0 if all(outcome.ok for _, outcome in outcomes) else 1


def _json(document: object) -> str:
    import json

    return json.dumps(document, ensure_ascii=False, indent=2)


def _freshness(settings: Settings) -> Freshness:
    from bot.clock import utc_now
    from bot.core.freshness import Freshness

    return Freshness(utc_now(), settings.stale_after)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import kyiv_today
    from bot.core.answer import answer_query
    from bot.core.query.grammar import PUBLIC_WORDS, USAGES, Help, parse_query

    history = _history(settings)
    words = [w for w in args.query if w.lower() not in PUBLIC_WORDS]
    if len(words) < len(args.query):  # Slack's word: here the answer is printed anyway
        print(PUBLIC_NOTE, file=sys.stderr)
    text = " ".join(words)
    query = parse_query(text, kyiv_today(), history.keys)
    if isinstance(query, Help):
        print(USAGES[query.lang].replace("/losses", "losses-bot ask"))
        return 0
    if args.context == "all":
        from dataclasses import replace

        query = replace(query, context=True)
    comparison = answer_query(query, history, kyiv_today(), _freshness(settings))
    if args.json:
        from bot.render.json import answer_json

        print(_json(answer_json(text, comparison)))
    else:
        from bot.render.text import render_text

        print(render_text(comparison))
    return 0


PUBLIC_NOTE = (
    "(“public” is for Slack, where it posts the answer to the channel; here it is printed.)"
)


def _store_line(settings: Settings) -> str:
    """Where the store is, said where a user looks when it is empty; never a password. (The
    URL decides, not the environment: `.env` may set DATABASE_URL too.)"""
    from bot.settings import user_store_path

    if settings.database_url == f"sqlite:///{user_store_path()}":
        return f"The store: {user_store_path()} (no DATABASE_URL set)."
    from bot.app.local import describe_url

    return f"The store: DATABASE_URL ({describe_url(settings.database_url)})."


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import kyiv_today
    from bot.render.brief import brief_json, brief_query, brief_text, compose_brief

    history = _history(settings)
    query = brief_query(" ".join(args.query), kyiv_today(), args.lang)
    brief = compose_brief(history, query, kyiv_today(), _freshness(settings))
    if args.json:
        print(_json(brief_json(brief)))
    else:
        print(brief_text(brief))
    return 0


def cmd_claims(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.claims import run_claims

    return run_claims(args, _engine(settings))


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from bot.run import run

    if settings.slack_problem is not None:
        raise Refused(f"Configuration error: {settings.slack_problem}")
    asyncio.run(run(settings, serve_http=args.command == "serve"))
    return 0


def cmd_file(args: argparse.Namespace, settings: Settings) -> int:
    """`chart` and `export`: the same files the Slack commands upload, written locally."""
    from bot.app.artifacts import chart_artifact, draw_chart, export_artifact
    from bot.clock import kyiv_today

    allowed = ("png", "svg") if args.command == "chart" else ("csv",)
    fmt = allowed[0]
    if args.output:
        from pathlib import Path

        output = Path(args.output)
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in allowed:
            kinds = " or ".join(f".{k}" for k in allowed)
            what = "a chart" if args.command == "chart" else "an export"
            raise Refused(f"-o: {what} is written as {kinds}, not “{output.name}”.")
        if not output.parent.is_dir():
            raise Refused(f"-o: the folder {output.parent} does not exist.")
    history = _history(settings)
    text = " ".join(args.query)
    if args.command == "chart":
        comparison, keys = chart_artifact(text, history, kyiv_today())
        artifact = draw_chart(history, comparison, keys, fmt)
    else:
        artifact = export_artifact(text, history, kyiv_today())
    path = args.output or artifact.filename
    try:
        with open(path, "wb") as out:
            out.write(artifact.data)
    except OSError as error:
        raise Refused(f"-o: cannot write {path}: {error.strerror or error}", 1) from None
    from bot.core.query.grammar import language
    from bot.render.wording import wording

    print(wording(language(text)).say("cli_written", title=artifact.title, path=path))
    return 0


def _width() -> int:
    """The terminal's width as `shutil.get_terminal_size` reads it, without importing shutil,
    which argparse's formatters do for every argument added (3.5 ms of a cold `ask`)."""
    try:
        return int(os.environ["COLUMNS"]) - 2
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns - 2  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 78


class _Plain(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_width())


class _Raw(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogues as written (the store's path unbroken, the examples)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_width())


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, formatter_class: Any = _Plain, **kwargs: Any) -> None:
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def build_parser(helping: bool = True, claims: bool = True) -> argparse.ArgumentParser:
    """The parser; `helping` False leaves out what only `--help` shows and costs imports to say
    (the per-user store's path: platformdirs, 7 ms of a cold `ask`); `claims` False names the
    claims command without its subcommands (when another command runs)."""
    # Long: argparse's declarations, one command after another, read top to bottom.
    parser = _Parser(
        prog="losses-bot",
        description="General Staff loss reports: store, poll and ask (see README).",
        epilog=_store_help() if helping else None,
        formatter_class=_Raw,  # the store's path unbroken
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=cmd_migrate)
    p = commands.add_parser(
        "import",
        help="import history: dataset files, API pages, orc-losses, Oryx's daily_count.csv",
    )
    p.add_argument("locations", nargs="+", metavar="PATH_OR_URL")
    p.add_argument(
        "--as",
        dest="as_",
        choices=list(BY_KIND),  # as LOSSES_SOURCES names them
        help="read every file as this transcription (default: recognised by its shape)",
    )
    p.set_defaults(run=cmd_import)
    commands.add_parser("poll", help="poll the configured sources once").set_defaults(run=cmd_poll)
    commands.add_parser(
        "sources", help="each transcription's newest report and recent disagreements"
    ).set_defaults(run=cmd_sources)
    p = commands.add_parser(
        "ask",
        help='answer a /losses query, e.g. "since 2022-11-01"',
        description=_ask_description(),
        formatter_class=_Raw,
    )
    p.add_argument("--json", action="store_true", help="print the answer as JSON (anywhere)")
    p.add_argument("--context", choices=("short", "all"), default="short",
                   help="all: every claim and later estimate, not the five lines of context "
                   "an answer cites by default (docs/parties.md)")  # fmt: skip
    p.add_argument("query", nargs="*")
    p.set_defaults(run=cmd_ask)
    for name, help_text, examples in (
        ("chart", "draw a PNG or SVG chart, e.g. `chart tanks last 90 days -o tanks.png`",
         CHART_EXAMPLES),
        ("export", "write a CSV, e.g. `export since 2022-11-01 -o losses.csv`", EXPORT_EXAMPLES),
    ):  # fmt: skip
        p = commands.add_parser(
            name,
            help=help_text,
            description=f"{help_text[0].upper()}{help_text[1:].split(', e.g.')[0]}.",
            epilog=examples,
            formatter_class=_Raw,
        )
        p.add_argument("-o", "--output", metavar="FILE", help="where to write: .png or .svg for "
                       "a chart, .csv for an export (default: a name with the categories and "
                       "dates)")  # fmt: skip
        p.add_argument("query", nargs="*")
        p.set_defaults(run=cmd_file)
    p = commands.add_parser(
        "brief",
        help="the data part of the morning story for a report, e.g. `brief 2022-11-24`",
    )
    p.add_argument("--json", action="store_true", help="print the brief as JSON (anywhere)")
    p.add_argument(
        "--lang", choices=("en", "uk"), default="en", help="English (default) or Ukrainian"
    )
    p.add_argument("query", nargs="*", metavar="DATE")
    p.set_defaults(run=cmd_brief)
    if claims:
        from bot.cli.claims import add_parser as add_claims_parser

        add_claims_parser(commands)
    else:  # named, never parsed: the ledger's fields cost 10 ms of every other command
        commands.add_parser("claims", help="the ledger of other parties' claims")
    commands.choices["claims"].set_defaults(run=cmd_claims)
    commands.add_parser(
        "serve", help="run the Slack app over HTTP (PORT) or Socket Mode, with the poller"
    ).set_defaults(run=cmd_serve)
    commands.add_parser(
        "worker", help="run the poller and alert delivery alone (a separate process)"
    ).set_defaults(run=cmd_serve)
    return parser


CHART_EXAMPLES = """\
examples:
  losses-bot chart                                  personnel, the last 30 days, as PNG
  losses-bot chart tanks last 90 days -o tanks.png
  losses-bot chart tanks artillery in 2023 -o 2023.svg   (up to four categories; .png or .svg)
  losses-bot chart особовий склад за останні 30 днів     (a Ukrainian question: Ukrainian chart)
"""
EXPORT_EXAMPLES = """\
examples:
  losses-bot export                                 every report, every category
  losses-bot export since 2022-11-01 -o losses.csv
  losses-bot export tanks in march 2022
"""


def _store_help() -> str:
    from bot.settings import user_store_path

    return (
        "The store: the database DATABASE_URL names or, when it is unset, one per user\n"
        f"(whatever the folder you run from):\n  {user_store_path()}"
    )


def _ask_description() -> str:
    from bot.core.query.grammar import USAGE

    return "Answer a question about the General Staff's reports.\n\n" + USAGE.replace(
        "/losses", "losses-bot ask"
    )


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line. A question's words may come on either side of an option
    (`ask since --json 2022-11-01`), and `--json` may sit inside a quoted question."""
    words = sys.argv[1:] if argv is None else list(argv)
    helping = "-h" in words or "--help" in words
    parser = build_parser(helping, claims=helping or "claims" in words)
    args, rest = parser.parse_known_args(argv)
    words = getattr(args, "query", None)
    if words is None:
        if rest:
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        return args
    unknown = [w for w in rest if w.startswith("--") and w != "--json"]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    words = [w for part in [*words, *rest] for w in part.split()]
    if hasattr(args, "json"):
        args.json = args.json or "--json" in words
    args.query = [w for w in words if w != "--json"]
    return args


# Commands that print an answer and log nothing of their own: they leave `logging` unloaded
# (3 ms of a cold `ask`'s 100, with the traceback and threading it imports). Should a library
# log after all, logging's last resort still prints its warnings to stderr.
QUIET = frozenset({"ask", "brief"})


def _log_to_stderr(command: str) -> None:
    """One line per event on stderr; the libraries' routine chatter (every job run, every
    plugin) is noise."""
    import logging

    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for name in (
        "alembic.runtime.plugins",
        "apscheduler.executors.default",
        "apscheduler.scheduler",
    ):
        logging.getLogger(name).setLevel(logging.WARNING)
    if command != "migrate":  # a store made or upgraded on the way is not news here
        logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.command not in QUIET:
        _log_to_stderr(args.command)
    try:
        settings = load_settings(read_environment(os.environ))
    except SettingsError as error:  # before any command: nothing to run it with
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    try:
        return args.run(args, settings)
    except BrokenPipeError:  # `losses-bot ask … | head`: the reader has what it wanted
        sys.stderr.close()
        return 0
    except Exception as error:  # usage errors and refusals, said in a line or two; no others
        refusal = _refusal(error, args, settings)
        if refusal is None:
            raise
        print(refusal.message, file=sys.stderr)
        return refusal.status


def _refusal(error: Exception, args: argparse.Namespace, settings: Settings) -> Refused | None:
    """What the user is told of an error that is theirs or the store's, in the question's
    language where it has one; None for a fault of ours (a traceback, to be reported)."""
    from bot.app.importer import NotHistory
    from bot.app.ledger import LedgerFileError
    from bot.app.local import store_problem
    from bot.core.flags import Unanswerable
    from bot.core.query.periods import UsageError
    from bot.render.flags import said
    from bot.render.wording import wording
    from bot.sources.base import SourceError

    if isinstance(error, Refused):
        return error
    if isinstance(error, UsageError):  # the reason, and where the forms are (not the usage)
        more = f"\n{wording(error.lang).say('cli_more')}" if args.command == "ask" else ""
        return Refused(said(error) + more)
    if isinstance(error, Unanswerable):
        empty = error.reason.sentence == "empty_store"
        return Refused(said(error) + (f"\n{_store_line(settings)}" if empty else ""))
    if isinstance(error, NotHistory):
        return Refused(str(error))
    if isinstance(error, OSError) and error.errno == errno.EADDRINUSE:  # `serve`
        return Refused(f"Port {settings.port} is in use by another program: stop it, or set PORT "
                       "to a free port.", 1)  # fmt: skip
    if isinstance(error, SourceError):
        return Refused(f"Import failed, nothing was stored: {error}", 1)
    if isinstance(error, LedgerFileError):
        return Refused(str(error), 1)
    problem = store_problem(settings, error)
    return None if problem is None else Refused(problem, 1)
