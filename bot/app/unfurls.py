"""Links to this bot's live data, unfurled (issue 32): a link whose token is this workspace's
shows the newest report's personnel change and total, and, for a link with a `period`, the
period's personnel sentence; a link of another workspace's token, or to another host than
`LOSSES_PUBLIC_URL`'s, unfurls nothing."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.core.answer import Unanswerable, answer_query
from bot.core.categories import PERSONNEL
from bot.core.delta import Comparison
from bot.core.freshness import Freshness
from bot.core.query.grammar import Latest, Query, UsageError, parse_query
from bot.core.reports import History
from bot.render.unfurl import unfurl_attachment

MAX_UNFURLS = 5  # links unfurled from one message: Slack sends at most a few
_DATA_LINK = re.compile(r"/data/(?P<token>[A-Za-z0-9_-]{1,100})/losses\.(?:csv|json)")


def data_token(url: str, public_url: str) -> str | None:
    """The token of a live data link to this bot (the host of `public_url`, where set)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if public_url and parts.hostname != urlsplit(public_url).hostname:
        return None
    found = _DATA_LINK.fullmatch(parts.path)
    return found["token"] if found else None


def link_period(url: str) -> str:
    """The period a live data link names (`?period=since 2022-11-01`), or ""."""
    try:
        return parse_qs(urlsplit(url).query).get("period", [""])[0][:200]
    except ValueError:
        return ""


def newest_unfurl(
    history: History, today: date, freshness: Freshness, period: str = "", lang: str = "en"
) -> dict[str, Any] | None:
    """The newest report against the one before it, personnel only, and the link's own
    period's personnel sentence where it names one it can read; None for an empty store."""
    query = Query("", Latest(), (PERSONNEL,), lang)
    try:
        newest = answer_query(query, history, today, freshness)
    except Unanswerable:
        return None
    return unfurl_attachment(newest, _period(history, today, freshness, period, lang))


def _period(
    history: History, today: date, freshness: Freshness, period: str, lang: str
) -> Comparison | None:
    if not period:
        return None
    try:
        asked = parse_query(period, today, history.keys)
        if not isinstance(asked, Query) or asked.period == Latest():
            return None
        return answer_query(Query("", asked.period, (PERSONNEL,), lang), history, today, freshness)
    except (UsageError, Unanswerable):
        return None  # the file itself says why; the unfurl shows the newest report alone
