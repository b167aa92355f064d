"""The front door: every `/losses` command, button, form and Home tab, from Slack or the CLI,
comes in here and goes out as an `Outcome` (data the adapters send as they must).

`handle(text, who)` runs a command by the command table (`bot.app.commands`): a question or
an `answer` command from the memoised answers, a file checked now and made after the
acknowledgement, a form to open, a store command in a database thread, once per Slack
trigger. `poll()`, `import_()` and `deliver()` reach the service and the importer. Never
raises from `handle`: anything unexpected is logged with its traceback and the user gets one
plain sentence.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from bot.app.answers import file_outcome, question
from bot.app.approval import approval_line
from bot.app.asking import Answers, refusal
from bot.app.channels import subscription_line
from bot.app.commands import BY_KIND, parse_command
from bot.app.data_tokens import DataTokens
from bot.app.file_workers import FileWorkers
from bot.app.history_cache import HistoryCache
from bot.app.outcome import Asked, Outcome, Who, refused
from bot.core.answer import Unanswerable
from bot.core.claims import Claim, ClaimError, parse_claim
from bot.core.confirmation import SINGLE_SOURCE, Confirmation
from bot.core.freshness import DEFAULT_MARGIN, Freshness
from bot.core.query.commands import Ask, Chart, Export, Subscribe, Unsubscribe
from bot.core.query.grammar import UsageError, language
from bot.core.series import recent_period
from bot.core.sources import sources_status
from bot.render.blocks import brief_message, notice_message
from bot.render.brief import brief_query, compose_brief
from bot.render.context import claim_sentence
from bot.render.flags import said as reason
from bot.render.home import home_view
from bot.render.sources import source_lines
from bot.render.wording import EN
from storage.channels import team_digests
from storage.claims import MAX_WORKSPACE_CLAIMS, Added, LedgerFull, add_claim
from storage.installations import Forgotten, forget_workspace, org_teams
from storage.requests import claim_request
from storage.subscriptions import team_subscriptions

if TYPE_CHECKING:
    from bot.app.approval import Editors
    from bot.app.importer import ImportResult, Parsed
    from bot.app.service import LossesService
    from bot.app.steps import StepResult

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2_000  # far above any question; Slack's own limit is a few thousand
LOGGED_CHARS = 200
MAX_VALUE = 2_000  # a button's value: Slack's limit; a longer one is not the bot's


def printable(text: str) -> str:
    """What the log shows of a query: a prefix, with control characters escaped."""
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        for ch in text[:LOGGED_CHARS]
    )
    return shown + (f"… ({len(text):,} characters)" if len(text) > LOGGED_CHARS else "")


@dataclass(frozen=True)
class Submitted:
    """A claim form's submission: the fields to show an error on, or the confirmation."""

    errors: dict[str, str]  # block id (the field) -> why
    confirmation: str = ""


@dataclass
class Newsdesk:
    engine: Engine
    cache: HistoryCache
    today: Callable[[], date]
    now: Callable[[], datetime]
    stale_after: timedelta = DEFAULT_MARGIN
    files: FileWorkers = field(default_factory=FileWorkers)
    data_tokens: DataTokens | None = None  # to forget a reset data link at once
    public_url: str = ""  # LOSSES_PUBLIC_URL; else the address Slack's request came to
    behind_proxy: bool = False  # LOSSES_BEHIND_PROXY: X-Forwarded-Host/-Proto may be believed
    answers: Answers = field(default_factory=Answers)  # the questions' outcomes, memoised
    service: LossesService | None = None  # the poller and deliverer (`serve`, `worker`)
    editors: Editors | None = None  # who is in an editors' channel: Slack's to say
    confirmation: Confirmation = SINGLE_SOURCE  # when a report's alert is due (an approval)

    def moment(self) -> tuple[date, Freshness]:
        """Today in Kyiv, and the moment of asking to the hour: answers are memoised within it.
        Read for each question (4 µs: not worth keeping)."""
        now = self.now()
        return self.today(), Freshness(now.replace(minute=0, second=0, microsecond=0),
                                       self.stale_after)  # fmt: skip

    def freshness(self) -> Freshness:
        return self.moment()[1]

    # Commands -------------------------------------------------------------------------------

    async def handle(self, text: str, who: Who) -> Outcome:
        """The outcome of `/losses text`, asked by `who`."""
        try:
            return await self._handle(text, who)
        except Exception:
            log.exception("/losses %s failed", printable(text))
            return refused("sorry", language(text[:MAX_QUERY_CHARS]))

    async def _handle(self, text: str, who: Who) -> Outcome:
        lang = language(text[:MAX_QUERY_CHARS])
        if len(text) > MAX_QUERY_CHARS:
            return refused("too_long", lang, n=f"{len(text):,}", most=f"{MAX_QUERY_CHARS:,}")
        history = self.cache.current.for_team(who.team_id)
        today, freshness = self.moment()
        command = self.answers.reply(history, text, today, freshness)
        if isinstance(command, Outcome):
            if command.public and not await self._first_request(who):
                return refused("already", lang)  # never posted to the channel twice
            return command
        entry = BY_KIND[type(command)]
        asked = Asked(text, who, history, today, freshness, lang, self)
        try:
            if entry.runs == "form":
                return entry.run(command, asked)
            if entry.runs == "file":
                if not await self._first_request(who):
                    return refused("already", lang)
                outcome = entry.run(command, asked)
                if outcome.upload is not None and not self.files.admit():
                    return refused("busy", lang)
                return outcome
            if entry.guard is not None and (no := await entry.guard(command, asked, self.editors)):
                return no
            return await asyncio.to_thread(self._once, entry.run, command, asked)
        except (UsageError, Unanswerable) as error:
            return refusal(error)

    def _once(self, run: Callable[[Any, Asked], Outcome], command: Any, asked: Asked) -> Outcome:
        """`run` if the request is new, checked in the same database thread: under load each
        hop off the event loop and back costs a command tens of milliseconds."""
        if asked.who.trigger_id and not self._is_new(asked.who):
            return refused("already", asked.lang)
        return run(command, asked)

    def _is_new(self, who: Who) -> bool:
        """A command that changes something runs once per `trigger_id`."""
        return claim_request(self.engine, f"{who.team_id}:{who.trigger_id}", self.now())

    async def _first_request(self, who: Who) -> bool:
        return not who.trigger_id or await asyncio.to_thread(self._is_new, who)

    async def first_time(self, key: str) -> bool:
        """Whether `key` (a request, a click) is new: what it does runs once, whichever process
        a replay, a retry or a double click reaches."""
        return await asyncio.to_thread(claim_request, self.engine, key, self.now())

    async def run_alone(self, command: Subscribe | Unsubscribe, who: Who) -> Outcome:
        """A store command from a button or a form (no text, no trigger): run in a thread."""
        history = self.cache.current
        today, freshness = self.moment()
        asked = Asked("", who, history, today, freshness, "en", self)
        return await asyncio.to_thread(BY_KIND[type(command)].run, command, asked)

    # Buttons --------------------------------------------------------------------------------

    async def post_brief(self, value: str, who: Who) -> Outcome:
        """The brief the button was made for, to the channel: once, however often it is
        clicked and by however many processes the clicks reach."""
        try:
            asked = json.loads(value)
            day = date.fromisoformat(asked["date"])
            lang = asked["lang"] if asked.get("lang") in ("en", "uk") else "en"
        except (ValueError, TypeError, KeyError):
            return refused("stale_button")
        try:
            history, today = self.cache.current.for_team(who.team_id), self.today()
            query = brief_query(day.isoformat(), today, lang)
            brief = compose_brief(history, query, today, self.freshness())
        except (UsageError, Unanswerable) as error:
            return Outcome(notice_message(reason(error)), refused="unanswerable")
        key = f"brief:{who.team_id}:{who.channel_id}:{day.isoformat()}:{lang}"
        if not await self.first_time(key):
            return refused("posted_already")
        return Outcome(brief_message(brief, private=False), public=True)

    async def decide(self, value: str, approve: bool, who: Who) -> Outcome:
        """A draft's Approve or Hold (`bot.app.approval`): decided once, whoever clicks first;
        only the editors' channel's members may."""
        from bot.app.approval import check_click, decide_draft, decision_outcome

        draft = await check_click(self.engine, value, who, self.editors)
        if isinstance(draft, Outcome):
            return draft
        decided = await asyncio.to_thread(
            decide_draft, self.engine, self.cache.current, draft.id, approve, who.user_id,
            self.now(), self.stale_after, self.confirmation,
        )  # fmt: skip
        return decision_outcome(decided)

    async def click(self, action: str, question_text: str, who: Who, message_ts: str) -> Outcome:
        """A private answer's or an alert's button (`post`, `chart`, `csv`, `context`): the
        question it carries, answered afresh, posted to the channel (once per message and
        button), drawn or exported there, or answered again privately with all its context."""
        if len(question_text) > MAX_VALUE:  # not a value the bot made
            return refused("stale_action")
        history, today = self.cache.current.for_team(who.team_id), self.today()
        key = f"button:{who.team_id}:{who.channel_id}:{message_ts}:{action}"
        if action in ("post", "context"):
            try:
                command = parse_command(question_text, today, history.keys)
                if not isinstance(command, Ask):
                    raise UsageError("usage_button")
            except UsageError as error:
                return refusal(error)
            if action == "context":  # privately, as often as clicked: it changes nothing
                asked = Ask(replace(command.query, context=True))
                return question(asked, question_text, history, today, self.freshness())
            outcome = question(Ask(command.query, True), question_text, history, today,
                               self.freshness())  # fmt: skip
            if outcome.refused:
                return outcome
            if not await self.first_time(key):
                return refused("clicked_already")
            return replace(outcome, public=True)
        wanted = Export(question_text) if action == "csv" else Chart(question_text)
        try:
            outcome = file_outcome(wanted, history, today)
        except (UsageError, Unanswerable) as error:  # it cannot be drawn or exported: say why
            return refusal(error)
        if not await self.first_time(key):
            return refused("clicked_already")
        if not self.files.admit():
            return refused("busy")
        return outcome

    # Other doors: link unfurls and Workflow Builder steps -----------------------------------

    async def unfurls(self, urls: Sequence[str], who: Who) -> dict[str, Any]:
        """Each link to this workspace's live data, unfurled with the newest report's personnel
        figure; a link of another workspace's token (or another host) unfurls nothing."""
        from bot.app.unfurls import MAX_UNFURLS, data_token, link_period, newest_unfurl

        ours = []
        for url in dict.fromkeys(urls[:MAX_UNFURLS]):
            token = data_token(url, self.public_url)
            if token is None or self.data_tokens is None:
                continue
            if await self.data_tokens.team(token) == who.team_id:  # never another's data
                ours.append(url)
        today, freshness = self.moment()
        history = self.cache.current.for_team(who.team_id)
        made: dict[str, dict[str, Any] | None] = {}  # one table per period, however many links
        for url in ours:
            period = link_period(url)
            if period not in made:
                made[period] = newest_unfurl(history, today, freshness, period)
        return {url: shown for url in ours if (shown := made[link_period(url)]) is not None}

    def step(self, name: str, inputs: dict[str, Any], who: Who) -> StepResult:
        """A Workflow Builder step (`bot.app.steps`): its outputs, or why not, in words."""
        from bot.app.steps import run_step

        today, freshness = self.moment()
        history = self.cache.current.for_team(who.team_id)
        return run_step(name, inputs, history, today, freshness)

    # The claim form -------------------------------------------------------------------------

    async def submit_claim(self, fields: dict[str, str], who: Who) -> Submitted:
        """Validate the form; store the claim in the workspace's own ledger (a resubmission
        changes nothing) or name the field. Only this workspace's answers will cite it."""
        try:
            claim = parse_claim(fields, self.today() + timedelta(days=1))
        except ClaimError as error:
            return Submitted({error.field: error.reason[:150]})
        claim = replace(claim, team_id=who.team_id or None)
        by = f"slack:{who.team_id}:{who.user_id}"
        try:
            added = await asyncio.to_thread(self._store_claim, claim, by, who.enterprise_id)
        except LedgerFull:
            return Submitted({"party": EN.say("ledger_full", most=MAX_WORKSPACE_CLAIMS)})
        await asyncio.to_thread(self.cache.refresh)
        said = claim_sentence(claim, EN)  # a form says nothing of its user's language
        return Submitted({}, EN.say(f"claim_{added.outcome}", id=added.id, claim=said))

    def _store_claim(self, claim: Claim, by: str, enterprise_id: str | None) -> Added:
        with self.engine.begin() as db:
            return add_claim(db, claim, by[:100], self.now(), enterprise_id)

    # The Home tab ---------------------------------------------------------------------------

    async def home(self, team_id: str, notice: str = "") -> dict[str, Any]:
        """The Home tab's view, as the workspace stands now."""
        lines, digests = await asyncio.to_thread(self._workspace, team_id)
        sources = source_lines(sources_status(self.cache.current))
        return home_view(self._latest(team_id), lines, digests, notice, sources)

    def _workspace(self, team_id: str) -> tuple[list[str], list[tuple[str, str, str]]]:
        """Its channels' lines (and its editor approval's, if on), and its digests."""
        with self.engine.connect() as db:
            rows, digests = team_subscriptions(db, team_id), team_digests(db, team_id)
            approval = approval_line(db, team_id)
        lines = [subscription_line(row) for row in rows]
        lines += [approval] if approval else []
        return lines, [(d.channel_id, d.digest, d.timezone) for d in digests if d.digest]

    def _latest(self, team_id: str) -> Any:
        history = self.cache.current.for_team(team_id)
        if history.latest is None:
            return None
        today, freshness = self.moment()
        outcome = self.answers.reply(history, "", today, freshness)
        return outcome.message if isinstance(outcome, Outcome) else None

    def home_file(self, team_id: str, chart: bool) -> Outcome:
        """The chart of the last 30 days' personnel losses, or the CSV of every report (from
        the Home tab: posted to the user's Messages tab with the app)."""
        history, today = self.cache.current.for_team(team_id), self.today()
        latest = history.latest.date if history.latest is not None else today
        wanted = Chart(recent_period(history, latest)) if chart else Export("")
        try:
            outcome = file_outcome(wanted, history, today)
        except (UsageError, Unanswerable) as error:
            return refusal(error)
        if outcome.upload is not None and not self.files.admit():
            return refused("busy")
        return outcome

    # Workspaces that leave ------------------------------------------------------------------

    def forget(self, team_id: str) -> Forgotten:
        """A workspace that removed the app: its subscriptions, settings and unsent alerts."""
        with self.engine.begin() as db:
            gone = forget_workspace(db, team_id)
        if gone.data_links and self.data_tokens is not None:  # its data URL stops answering
            self.data_tokens.forget()
        return gone

    def org_teams(self, enterprise_id: str) -> list[str]:
        with self.engine.connect() as db:
            return org_teams(db, enterprise_id)

    # The service ----------------------------------------------------------------------------

    async def poll(self) -> None:
        """Poll every source, store what is new, queue and deliver its alerts."""
        assert self.service is not None, "a Newsdesk without a service polls nothing"
        await self.service.poll_and_deliver()

    async def deliver(self) -> None:
        assert self.service is not None, "a Newsdesk without a service delivers nothing"
        await self.service.deliver()

    async def import_(self, locations: Sequence[str], kind: str | None = None,
                      show_progress: bool = False) -> ImportResult:  # fmt: skip
        """Files or URLs into the store, all or nothing (`bot.app.importer`)."""
        from bot.app.importer import read_checked

        return await self.store_import(await read_checked(locations, self.today(), kind),
                                       show_progress)  # fmt: skip

    async def store_import(self, parsed: Parsed, show_progress: bool = False) -> ImportResult:
        """What an import read and checked, stored in one transaction; answers then see it."""
        from bot.app.importer import store_checked

        result = await store_checked(self.engine, parsed, self.now(), show_progress)
        await asyncio.to_thread(self.cache.refresh)
        return result


__all__ = ["Newsdesk", "Outcome", "Who"]
