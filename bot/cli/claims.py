"""`losses-bot claims add | list | import | retract`: the claims ledger from the command line.

A CSV import has the columns of `claims-from-seed.csv` (`party, speaker, metric, value,
qualifier, as_of, stated_on, source, quote`, and optionally `url`, `low`, `high`, `whose`,
`party_to_war`), or is The Economist's `estimates.csv` as it is (recognised by its header:
day/month/year dates, ranges, whose losses; `bot.core.economist`). It is all or nothing: a bad
row rejects the file with its line number. Importing the same file again changes nothing.
The store is imported where a subcommand runs: building the parser, which every `losses-bot`
command does, must not pull in SQLAlchemy.
"""

from __future__ import annotations

import argparse
import getpass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.ledger import REQUIRED_COLUMNS
from bot.cli.refused import Refused
from bot.clock import kyiv_today, utc_now
from bot.core.claims import FIELDS, ClaimError, parse_claim

if TYPE_CHECKING:
    from sqlalchemy import Engine
OPTIONAL = ("stated_on", "low", "high", "whose", "party_to_war")  # `claims add` may leave empty


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    claims = commands.add_parser("claims", help="the ledger of other parties' claims")
    sub = claims.add_subparsers(dest="claims_command", required=True)
    add = sub.add_parser("add", help="add a claim (or revise the one with the same identity)")
    for name in FIELDS:
        flag = "--" + name.replace("_", "-")
        required = name in REQUIRED_COLUMNS and name not in OPTIONAL and name != "value"
        add.add_argument(flag, dest=name, required=required, default="")
    listing = sub.add_parser("list", help="list claims: [PARTY] [since DATE]")
    listing.add_argument("words", nargs="*")
    importing = sub.add_parser("import", help="import claims from a CSV file (all or nothing)")
    importing.add_argument("file")
    retract = sub.add_parser("retract", help="withdraw a claim from answers, with a reason")
    retract.add_argument("id", type=int)
    retract.add_argument("--reason", required=True)


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:100]
    except Exception:  # no user name on some hosts
        return "cli"


def run_claims(args: argparse.Namespace, engine: Engine) -> int:
    from bot.app import ledger

    today = kyiv_today() + timedelta(days=1)
    if args.claims_command == "add":
        try:
            claim = parse_claim({f: getattr(args, f) for f in FIELDS}, today)
        except ClaimError as error:
            raise Refused(f"--{error.field.replace('_', '-')}: {error.reason}") from None
        added = ledger.add_one(engine, claim, _who(), utc_now())
        print(f"Claim #{added.id}: {added.outcome}.")
        return 0
    if args.claims_command == "import":
        return _import(Path(args.file), engine, today)
    if args.claims_command == "retract":
        done = ledger.retract(engine, args.id, args.reason, _who(), utc_now())
        print(f"Claim #{args.id} retracted." if done else f"No claim #{args.id} in force.")
        return 0 if done else 1
    return _list(args.words, engine)


def _import(path: Path, engine: Engine, today: date) -> int:
    from bot.app.ledger import read_claims_file, store_claims

    parsed = read_claims_file(path, today)  # all or nothing: a bad file is refused in `main`
    outcomes = store_claims(engine, parsed, _who(), utc_now())
    summary = ", ".join(f"{outcomes.get(k, 0)} {k}" for k in ("new", "revised", "unchanged"))
    print(f"Imported {len(parsed)} claims from {path}: {summary}.")
    return 0


def _list(words: list[str], engine: Engine) -> int:
    since = None
    if "since" in words:
        at = words.index("since")
        try:
            since = date.fromisoformat(words[at + 1])
        except (IndexError, ValueError):
            raise Refused("Say `claims list [PARTY] [since YYYY-MM-DD]`.") from None
        words = words[:at] + words[at + 2 :]
    from bot.app.ledger import in_force
    from bot.render.context import claim_sentence
    from bot.render.wording import EN

    found = in_force(engine, " ".join(words) or None, since)
    if not found:
        print("No claims in force.")
    for c in found:  # as answers cite it: in words, never the ledger's keys
        where = f"  [workspace {c.team_id} only]" if c.team_id else ""
        print(f"#{c.id}  {claim_sentence(c, EN)}{where}")
    return 0
