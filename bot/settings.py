"""Configuration: read from the environment in this one place, validated at start.

Every error names the variable, in one line, so an operator knows what to fix. Nothing else in
the project reads `os.environ`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from bot.sources.table import SOURCES

if TYPE_CHECKING:
    from pathlib import Path  # imported where used: 7 ms of every cold `ask` otherwise

    from bot.core.confirmation import Confirmation

# Each kind of source (a transcription of the General Staff's report), in the default order of
# preference, and where it is read from unless LOSSES_SOURCES gives a URL: `bot.sources.table`.
SOURCE_URLS = {source.kind: source.url for source in SOURCES}


class SettingsError(ValueError):
    """A missing or malformed variable; the message starts with its name."""


# The bot scopes an OAuth install asks for: those of manifest.yml (a test keeps them equal).
DEFAULT_SCOPES = ("commands", "chat:write", "chat:write.public", "channels:history",
                  "groups:history", "metadata.message:read", "files:write", "im:write",
                  "assistant:write", "im:history", "users:read", "links:read",
                  "links:write", "channels:read", "groups:read")  # fmt: skip


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///losses.db"  # from the environment: `user_store_url()`
    # LOSSES_SOURCES: (kind, URL) of each source polled, in order of preference (a tie between
    # transcriptions goes to the first). LOSSES_SOURCE/LOSSES_SOURCE_URL name one.
    sources: tuple[tuple[str, str], ...] = tuple(SOURCE_URLS.items())
    refetch_days: int = 3  # sources restate recent reports: re-read this many days each poll
    # With more than one source: a new report is alerted once this many transcriptions agree on
    # its personnel figure, or this many seconds after the first gave it (`/losses mode`).
    confirmations: int = 2  # LOSSES_CONFIRMATIONS
    confirm_wait: int = 10_800  # LOSSES_CONFIRM_WAIT
    correction_cooldown: int = 1800  # LOSSES_CORRECTION_COOLDOWN: an alert edited once per …
    poll_interval: int = 300  # LOSSES_POLL_INTERVAL, seconds
    # A claimed alert whose sender has been silent this long is taken over (the sender died).
    # Far longer than a Slack request can take, so a live sender is never overtaken.
    delivery_lease: int = 120  # LOSSES_DELIVERY_LEASE, seconds
    # The newest report is stale (and a report that arrives is late) this many hours after the
    # start of its date in Kyiv: the General Staff publishes every morning.
    stale_after_hours: int = 36  # LOSSES_STALE_AFTER
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None  # Socket Mode, for local development
    slack_api_url: str | None = None  # e.g. a fake Slack in tests; None: Slack's own
    # OAuth (any number of workspaces): the app's credentials and the bot scopes it asks for.
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_scopes: tuple[str, ...] = DEFAULT_SCOPES
    port: int = 3000
    # The bot's public address (links to its live data URLs); default: the Host Slack used.
    public_url: str = ""
    # LOSSES_ESTIMATES_URL: the folder of The Economist's meta-estimate files, read daily (off
    # when empty), e.g. https://raw.githubusercontent.com/TheEconomist/…/main/output-data/tracker/
    estimates_url: str = ""
    # LOSSES_GENSTAFF_URL: where the General Staff's own post of a date is read, only for a
    # dispute no evidence decides (off when empty): a template naming `{date:%d.%m.%y}` or the
    # report's `{link}` (`bot.sources.genstaff`).
    genstaff_url: str = ""
    # LOSSES_BEHIND_PROXY: a proxy in front sets X-Forwarded-Host/-Proto (Heroku's router), so
    # they may be believed; without it anyone could name the host of the links the bot gives.
    behind_proxy: bool = False
    # Slack variables set in a way `serve` and `worker` cannot run with (checked only by them:
    # `ask`, `import`, `chart` and `export` never need Slack).
    slack_problem: str | None = None

    @property
    def confirmation(self) -> Confirmation:
        """When a new report is alerted; one source polled: at once."""
        # Imported here: the reports' module with it is 5 ms of a cold `ask`, which never alerts.
        from bot.core.confirmation import SINGLE_SOURCE, Confirmation

        cooldown = timedelta(seconds=self.correction_cooldown)
        if len(self.sources) < 2:
            return replace(SINGLE_SOURCE, cooldown=cooldown)
        return Confirmation(self.confirmations, timedelta(seconds=self.confirm_wait), cooldown)

    @property
    def stale_after(self) -> timedelta:
        return timedelta(hours=self.stale_after_hours)

    @property
    def dry_run(self) -> bool:
        """No Slack credentials at all: poll and print the alerts instead of posting them."""
        return self.slack_bot_token is None and not self.oauth

    @property
    def oauth(self) -> bool:
        """Installed by OAuth into any number of workspaces (else one workspace, one token)."""
        return self.slack_client_id is not None and self.slack_client_secret is not None

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    def __repr__(self) -> str:  # never print a secret, even by accident
        kinds = ",".join(kind for kind, _ in self.sources)
        return f"Settings(database={self.database_url.split(':')[0]}, sources={kinds})"


def _readable_url(url: str) -> SplitResult | None:
    """The URL's parts, or None where its host or port cannot be read (a port of `abc`, an
    unclosed `[`): libraries read those only when they connect, so such a URL would surface as
    a traceback from the first query or poll. (urllib, not SQLAlchemy: a cold `ask` does not
    import SQLAlchemy.)"""
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return None
    return parts


def _int(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}: must be between {low} and {high}, got {value}")
    return value


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise SettingsError(f"{name}: expected true or false, got {raw[:20]!r}")
    return raw in ("1", "true", "yes", "on")


def _secret(environ: Mapping[str, str], name: str, prefix: str) -> str | None:
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    if not raw.startswith(prefix):
        # Say what is wrong without echoing the secret into a log.
        raise SettingsError(f"{name}: expected a value starting with {prefix!r}")
    return raw


def read_environment(environ: Mapping[str, str], dotenv_path: str = ".env") -> dict[str, str]:
    """The environment, with a local `.env` file's values filling in what is not set."""
    from pathlib import Path

    merged = dict(environ)
    if Path(dotenv_path).is_file():
        from dotenv import dotenv_values

        for name, value in dotenv_values(dotenv_path).items():
            if value is not None:
                merged.setdefault(name, value)
    return merged


def user_store_path() -> Path:
    """Without DATABASE_URL: one SQLite store per user, in the platform's data folder, so
    `losses-bot` run from any folder finds the same history instead of starting an empty
    `losses.db` in each. platformdirs knows each platform's folder (XDG on Linux,
    ~/Library/Application Support on macOS, %LOCALAPPDATA% on Windows)."""
    from platformdirs import user_data_path

    return user_data_path("losses-bot", appauthor=False) / "losses.db"


def user_store_url() -> str:
    """The per-user store's URL, its folder made."""
    path = user_store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def load_settings(environ: Mapping[str, str]) -> Settings:
    database_url = environ.get("DATABASE_URL", "").strip() or user_store_url()
    if "://" not in database_url or _readable_url(database_url) is None:
        # Never echoed: a value without a scheme may well be a bare password, and a malformed
        # one may hold a password where a reader would not look for it.
        raise SettingsError(
            "DATABASE_URL: not a database URL (expected sqlite:///FILE or "
            "postgresql://USER:PASSWORD@HOST:PORT/DB)"
        )
    sources = _sources(environ)
    slack = _slack(environ)
    public_url = environ.get("LOSSES_PUBLIC_URL", "").strip().rstrip("/")
    if public_url and not re.fullmatch(
        r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[\w./-]*)?", public_url
    ):
        raise SettingsError("LOSSES_PUBLIC_URL: expected the bot's address, e.g. https://x.example")
    estimates_url = environ.get("LOSSES_ESTIMATES_URL", "").strip()
    if estimates_url and not re.fullmatch(r"https?://[^\s]+/", estimates_url):
        raise SettingsError(
            "LOSSES_ESTIMATES_URL: expected the http(s) folder of The Economist's meta-estimate "
            "files, ending in /"
        )
    genstaff_url = environ.get("LOSSES_GENSTAFF_URL", "").strip()
    if genstaff_url:
        from bot.sources.genstaff import check_template  # only where set: a cold `ask` skips it

        try:
            check_template(genstaff_url)
        except ValueError as error:
            raise SettingsError(f"LOSSES_GENSTAFF_URL: {error}") from None
    return Settings(
        poll_interval=_int(environ, "LOSSES_POLL_INTERVAL", Settings.poll_interval, 1, 86_400),
        delivery_lease=_int(environ, "LOSSES_DELIVERY_LEASE", Settings.delivery_lease, 1, 3_600),
        **slack,
        port=_int(environ, "PORT", Settings.port, 1, 65_535),
        public_url=public_url,
        estimates_url=estimates_url,
        genstaff_url=genstaff_url,
        behind_proxy=_bool(environ, "LOSSES_BEHIND_PROXY", Settings.behind_proxy),
        database_url=database_url,
        sources=sources,
        refetch_days=_int(environ, "LOSSES_REFETCH_DAYS", Settings.refetch_days, 0, 60),
        confirmations=_int(environ, "LOSSES_CONFIRMATIONS", Settings.confirmations, 1, 10),
        confirm_wait=_int(environ, "LOSSES_CONFIRM_WAIT", Settings.confirm_wait, 0, 604_800),
        correction_cooldown=_int(
            environ, "LOSSES_CORRECTION_COOLDOWN", Settings.correction_cooldown, 0, 86_400
        ),
        stale_after_hours=_int(
            environ, "LOSSES_STALE_AFTER", Settings.stale_after_hours, 1, 1_000_000
        ),
    )


def _sources(environ: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """LOSSES_SOURCE and LOSSES_SOURCE_URL, when set, name one source (as before there were
    several); else LOSSES_SOURCES: `kind[=URL],…` in order of preference, or every kind."""
    one, one_url = environ.get("LOSSES_SOURCE", "").strip(), environ.get("LOSSES_SOURCE_URL", "")
    if one or one_url.strip():
        kind = _kind(one or "russianwarship", "LOSSES_SOURCE")
        return ((kind, _source_url(one_url.strip() or SOURCE_URLS[kind], "LOSSES_SOURCE_URL")),)
    given = environ.get("LOSSES_SOURCES", "").strip()
    if not given:
        return Settings.sources
    found: dict[str, str] = {}
    for item in given.split(","):
        name, _, url = item.strip().partition("=")
        kind = _kind(name, "LOSSES_SOURCES")
        if kind in found:
            raise SettingsError(f"LOSSES_SOURCES: {kind} is named twice")
        found[kind] = _source_url(url.strip() or SOURCE_URLS[kind], "LOSSES_SOURCES")
    return tuple(found.items())


def _kind(name: str, variable: str) -> str:
    kind = name.strip().lower()
    if kind not in SOURCE_URLS:
        raise SettingsError(
            f"{variable}: expected one of {', '.join(SOURCE_URLS)}, got {kind[:40]!r}"
        )
    return kind


def _source_url(url: str, variable: str) -> str:
    parts = _readable_url(url)
    if not url.startswith(("http://", "https://")) or parts is None or not parts.hostname:
        # Not echoed: a source's URL may carry credentials.
        raise SettingsError(f"{variable}: expected an http(s) URL, e.g. https://host/api")
    return url


def _oauth_problem(
    client_id: str | None, client_secret: str | None, token: str | None, signing: str | None
) -> str | None:
    if client_id is None or client_secret is None:
        return "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: set both for OAuth installs"
    if token is not None:
        return (
            "SLACK_BOT_TOKEN: not used with SLACK_CLIENT_ID (each workspace's token comes from "
            "its install); unset one of them"
        )
    if signing is None:
        return "SLACK_SIGNING_SECRET: missing (needed for the install page and Slack's requests)"
    return None


def _slack(environ: Mapping[str, str]) -> dict[str, str | None]:
    """The Slack variables, and what is wrong with them (only `serve` and `worker` care)."""
    try:
        token = _secret(environ, "SLACK_BOT_TOKEN", "xoxb-")
        signing_secret = _secret(environ, "SLACK_SIGNING_SECRET", "")
        app_token = _secret(environ, "SLACK_APP_TOKEN", "xapp-")
        api_url = environ.get("SLACK_API_URL", "").strip() or None
        client_id = environ.get("SLACK_CLIENT_ID", "").strip() or None
        client_secret = environ.get("SLACK_CLIENT_SECRET", "").strip() or None
        scopes = tuple(s for s in environ.get("SLACK_SCOPES", "").replace(" ", "").split(",") if s)
        if client_id is not None and not re.fullmatch(r"[0-9]+\.[0-9]+", client_id):
            raise SettingsError("SLACK_CLIENT_ID: expected Slack's form, digits.digits")
        if api_url is not None and not api_url.startswith(("http://", "https://")):
            raise SettingsError(f"SLACK_API_URL: expected an http(s) URL, got {api_url!r}")
    except SettingsError as error:
        return {"slack_problem": str(error)}  # no Slack at all: a dry run, if it ran
    problem = None
    if client_id is not None or client_secret is not None:
        problem = _oauth_problem(client_id, client_secret, token, signing_secret)
    elif token is None and (signing_secret or app_token):
        problem = (
            "SLACK_BOT_TOKEN: missing (the other Slack variables are set): one workspace sets "
            "SLACK_BOT_TOKEN; many set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET instead (OAuth, "
            "each installing at /slack/install)"
        )
    if token is not None and signing_secret is None and app_token is None:
        problem = (
            "SLACK_SIGNING_SECRET: missing (needed to serve Slack over HTTP; "
            "or set SLACK_APP_TOKEN for Socket Mode)"
        )
    return {
        "slack_bot_token": token,
        "slack_signing_secret": signing_secret,
        "slack_app_token": app_token,
        "slack_api_url": None if api_url is None else api_url.rstrip("/") + "/",
        "slack_problem": problem,
        "slack_client_id": client_id,
        "slack_client_secret": client_secret,
        **({"slack_scopes": scopes} if scopes else {}),
    }
