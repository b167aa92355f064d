"""The SQL schema, as SQLAlchemy Core tables. Alembic migrations in `storage/migrations` create it.

`report_values` holds each report's current figures, the table every answer reads.
`report_revisions` and `revision_values` are the log: every time a source gives figures for a
report that differ from (or add to) what we hold, a revision records what it set and what it
replaced, so nothing is ever silently overwritten and alerts can post corrections.
Core rather than the ORM: every query here is a bulk statement over plain rows, and the ORM's
import alone would add a tenth of a second to each `losses-bot ask`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """A point in time, always timezone-aware in UTC: SQLite would otherwise hand back naive
    datetimes where PostgreSQL gives aware ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (see bot.clock)")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


# One General Staff report, one per date. `source`: whom the current figures come from.
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("date", Date, nullable=False, unique=True),
    Column("day", Integer, nullable=False),
    Column("url", String(500)),
    Column("source", String(100), nullable=False),
    Column("directions", String(300)),  # where most losses were, as the report says
    # The transcriptions that gave it, comma-joined (`storage.transcriptions` keeps it current).
    Column("transcriptions", String(500)),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# One change to a report's figures: its first sighting (kind `new`), figures for categories it
# lacked (`extended`) or figures restated (`restated`). `announce` is false for history imports
# and the first backfill of an empty store: those never alert.
report_revisions = Table(
    "report_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "report_id",
        Integer,
        ForeignKey("reports.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("number", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("source", String(100), nullable=False),
    Column("fetched_at", UtcDateTime, nullable=False),
    Column("announce", Boolean, nullable=False),
    # The report's text that this revision set, and what it replaced (NULL: left as it was).
    Column("directions", String(300)),
    Column("directions_before", String(300)),
    UniqueConstraint("report_id", "number"),
)

# A report's current cumulative total in one category, and the source's wording ("about").
report_values = Table(
    "report_values",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("category", String(100), primary_key=True),
    Column("value", BigInteger, nullable=False),
    Column("qualifier", String(20)),
    Column("revision_id", Integer, ForeignKey("report_revisions.id"), nullable=False),
    # Where transcriptions give different values: each one's, as JSON ({"orc-losses": 350, ...});
    # NULL where they agree. Kept current on write, so a history load reads no transcription rows.
    Column("disputed", String(1000)),
    # Why the published value of a disputed figure is the one published (`bot.core.disputes`
    # RULES: `stated_change`, ..., `undecided`); NULL where the transcriptions agree.
    Column("decided_by", String(30)),
    # The transcriptions that give this figure, comma-joined, where not every transcription of
    # the report does (NULL: all do): a figure one source alone gives is not confirmed.
    Column("given_by", String(500)),
    # The day's change as the report states it (the value most transcriptions that carry one
    # give) and those transcriptions, comma-joined: a check on the computed change.
    Column("stated", BigInteger),
    Column("stated_by", String(500)),
)


def _rare(name: str, table: Table, *columns: str, where: str) -> Index:
    """An index of the few rows `where` holds for (migration 0024): a history load selects
    them, and would otherwise scan every figure of the war for a handful."""
    condition = text(where)
    return Index(name, *(table.c[c] for c in columns), sqlite_where=condition,
                 postgresql_where=condition)  # fmt: skip


_rare("ix_report_values_qualified", report_values, "report_id", "category", "qualifier",
      where="qualifier IS NOT NULL")  # fmt: skip
_rare("ix_report_values_disputed", report_values, "report_id", where="disputed IS NOT NULL")
_rare("ix_report_values_given_by", report_values, "report_id", where="given_by IS NOT NULL")

# What one revision set: the new figure and the one it replaced (NULL where it added one).
revision_values = Table(
    "revision_values",
    metadata,
    Column(
        "revision_id",
        Integer,
        ForeignKey("report_revisions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("category", String(100), primary_key=True),
    Column("value", BigInteger, nullable=False),
    Column("previous", BigInteger),
)
_rare("ix_revision_values_previous", revision_values, "revision_id", where="previous IS NOT NULL")

# Each transcription's own figures of a report (a transcription: a source that copies the General
# Staff's report, e.g. russianwarship.rip or orc-losses), kept apart. `report_values` holds the
# published figure: the one the evidence decides (`storage.transcriptions`, `bot.core.disputes`).
transcription_values = Table(
    "transcription_values",
    metadata,
    Column("date", Date, primary_key=True),
    Column("category", String(100), primary_key=True),
    Column("transcription", String(100), primary_key=True),
    Column("value", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# What a transcription says a report states as the day's change of a category (russianwarship.rip's
# `increase`, the headline in an orc-losses link): one row when it first says it, one more each
# time it says something else; the newest row is what it says now.
stated_changes = Table(
    "stated_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("date", Date, nullable=False, index=True),
    Column("category", String(100), nullable=False),
    Column("transcription", String(100), nullable=False),
    Column("value", BigInteger, nullable=False),
    Column("fetched_at", UtcDateTime, nullable=False),
)

# A transcription changing its own earlier figure: its revision history, with what it replaced
# (rows moved by migration 0013 also hold first figures, `previous` NULL). Two transcriptions
# differing is never a revision.
transcription_changes = Table(
    "transcription_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("date", Date, nullable=False, index=True),
    Column("category", String(100), nullable=False),
    Column("transcription", String(100), nullable=False),
    Column("value", BigInteger, nullable=False),
    Column("previous", BigInteger),
    Column("fetched_at", UtcDateTime, nullable=False),
)

# A Slack channel that gets alerts. `categories`: comma-separated keys, empty for all.
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("categories", String(500), nullable=False, default=""),
    Column("enterprise_id", String(32)),  # the workspace's Enterprise Grid org, if any
    Column("created_by", String(32)),
    Column("created_at", UtcDateTime, nullable=False),
    # `confirmed`: alerted once a second transcription agrees (or after a wait); `fast`: at once.
    Column("mode", String(20), nullable=False, server_default="confirmed"),
    UniqueConstraint("team_id", "channel_id"),
)

# One message to post: an alert for a new report or a correction of one, per channel. The
# unique key (revision, channel) is what makes "once per channel per report" hold across
# processes; `payload` is the message as composed when the revision was stored, so every retry
# posts the same words. `status`: pending -> claimed -> sent | failed. `uncertain`: an earlier
# attempt may have reached Slack, so the channel is checked before posting again.
alert_outbox = Table(
    "alert_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    # Alerts and corrections belong to a revision; digests to a period (`digest_key`).
    Column("revision_id", Integer, ForeignKey("report_revisions.id", ondelete="CASCADE")),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE")),
    Column("digest_key", String(60)),  # e.g. "weekly:2022-11-21"
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("kind", String(20), nullable=False),  # alert | correction | digest | draft | draft-edit
    Column("payload", Text, nullable=False),  # JSON: {"text", "blocks"}
    Column("status", String(20), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("uncertain", Boolean, nullable=False, default=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("claim_token", String(64)),
    Column("claimed_at", UtcDateTime),
    Column("slack_ts", String(32)),
    Column("error", String(500)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Column("enterprise_id", String(32)),  # with `team_id`: whose token posts it
    UniqueConstraint("revision_id", "channel_id"),
    UniqueConstraint("digest_key", "channel_id", name="uq_alert_outbox_digest_key_channel_id"),
)

# Editor approval (`bot.app.approval`): a workspace whose alerts an editor approves first names
# its editors' channel here; each report's alert is then posted there as a draft.
approval_desks = Table(
    "approval_desks",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32)),
    Column("channel_id", String(32), nullable=False),  # the editors' channel
    Column("set_by", String(32), nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
)

# A report's alert awaiting a workspace's editors: `state` pending -> approved | held |
# superseded (a newer report came first); held -> approved | superseded. Approving is one
# conditional update, so however many editors click only one fans the alert out.
drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("channel_id", String(32), nullable=False),  # where the draft was posted
    Column("state", String(20), nullable=False),
    Column("decided_by", String(32)),  # the editor who approved or held it
    Column("decided_at", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("report_id", "team_id", name="uq_drafts_report_id_team_id"),
)

# Per-channel preferences: the time zone digests are scheduled in, and the digest wanted.
channel_settings = Table(
    "channel_settings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("timezone", String(64), nullable=False, default="UTC"),
    Column("digest", String(10)),  # weekly | monthly | NULL
    Column("digest_since", UtcDateTime),  # periods due before this are not posted: no backlog
    Column("enterprise_id", String(32)),
    UniqueConstraint("team_id", "channel_id"),
)

# The General Staff's own corrections: the part of a report's change that corrects earlier
# figures (the dataset's correction file). Totals already include them; answers name them.
# A correction restated with another value supersedes the old row, which is kept.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("date", Date, nullable=False, index=True),
    Column("category", String(100), nullable=False),
    Column("value", BigInteger, nullable=False),
    Column("source", String(100), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("superseded_at", UtcDateTime),
)

# Slack requests already handled (`trigger_id`), so a replay or a retry does not run twice.
handled_requests = Table(
    "handled_requests",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("seen_at", UtcDateTime, nullable=False, index=True),
)

# What other parties claim (`bot.core.claims`): one row per claim, as it stands now. Edits are
# revisions (`claim_revisions` keeps the replaced values); a retraction is soft, with a reason.
claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("party", String(100), nullable=False),
    Column("speaker", String(100), nullable=False, default=""),
    Column("metric", String(100), nullable=False),
    Column("value", BigInteger),  # NULL: a range said without a central figure
    Column("low", BigInteger),  # a range's ends as said; `low` alone a floor, `high` a ceiling
    Column("high", BigInteger),
    Column("qualifier", String(20), nullable=False, default=""),
    Column("as_of", Date, nullable=False),
    Column("stated_on", Date, index=True),  # NULL: when it was said is not known
    # When a report of it was published, where that is all that dates it (`Claim.reported_on`).
    Column("reported_on", Date),
    Column("whose", String(20), nullable=False, server_default="russia"),  # whose losses
    Column("party_to_war", Boolean, nullable=False, server_default=false()),
    Column("source", String(300), nullable=False),
    Column("url", String(500), nullable=False, default=""),
    Column("quote", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, server_default=""),  # the ledger's remark, not printed
    Column("entered_by", String(100), nullable=False),
    Column("entered_at", UtcDateTime, nullable=False),
    Column("retracted_at", UtcDateTime),
    Column("retraction_reason", String(500)),
    # The workspace whose desk entered it, cited only there; NULL: the operator's, cited in all.
    Column("team_id", String(32)),
    Column("enterprise_id", String(32)),
)

# One change to a claim: the values it replaced (JSON), who changed it and when.
claim_revisions = Table(
    "claim_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),  # edited | retracted
    Column("replaced", Text, nullable=False),
    Column("revised_by", String(100), nullable=False),
    Column("revised_at", UtcDateTime, nullable=False),
)

# The Economist's model of Russian losses (`bot.core.economist`): one row per fit (it is refitted
# daily on everything known then), with its estimate for every day of the war.
model_fits = Table(
    "model_fits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),  # casualties | deaths
    Column("fitted_on", Date, nullable=False),  # the last day the fit estimates
    Column("imported_at", UtcDateTime, nullable=False),
    Column("origin", String(500), nullable=False),  # the file or URL it came from
    UniqueConstraint("kind", "fitted_on"),
    # A restated fit is deleted and stored anew: its id must be new too (the store's version
    # is the newest id), which SQLite guarantees only with AUTOINCREMENT.
    sqlite_autoincrement=True,
)
model_points = Table(
    "model_points",
    metadata,
    Column("fit_id", Integer, ForeignKey("model_fits.id", ondelete="CASCADE"), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("estimate", Float, nullable=False),
    Column("ci_lower", Float, nullable=False),  # the 95% confidence interval
    Column("ci_upper", Float, nullable=False),
    Column("pi_low", Float, nullable=False),  # the 95% prediction interval
    Column("pi_high", Float, nullable=False),
)

# Oryx's visually confirmed Russian equipment losses, one row per type and scrape date, as the
# file gives them (summary rows are not stored). A second source: never read into `reports`.
oryx_counts = Table(
    "oryx_counts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("equipment_type", String(200), nullable=False),
    Column("date", Date, nullable=False),
    Column("destroyed", Integer, nullable=False),
    Column("abandoned", Integer, nullable=False),
    Column("captured", Integer, nullable=False),
    Column("damaged", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("imported_at", UtcDateTime, nullable=False),
    UniqueConstraint("equipment_type", "date", name="uq_oryx_counts_type_date"),
)

# A row Oryx's file restated on a later import: the values it replaced (JSON) and when.
oryx_revisions = Table(
    "oryx_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("count_id", Integer, ForeignKey("oryx_counts.id", ondelete="CASCADE"), nullable=False),
    Column("replaced", Text, nullable=False),
    Column("revised_at", UtcDateTime, nullable=False),
)

# A workspace's live data URL: `/data/{token}/losses.csv` for charting tools. One token per
# workspace; `/losses datalink reset` replaces it, and the old URL stops working.
data_links = Table(
    "data_links",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("created_by", String(32)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("enterprise_id", String(32)),  # the workspace's Enterprise Grid org, if any
)

# Each workspace's posting allowance: a token bucket every sender draws from
# (`storage.allowance`), so several workers never spend Slack's allowance several times.
posting_allowance = Table(
    "posting_allowance",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
