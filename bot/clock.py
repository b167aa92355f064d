"""Where the clock is read. Everything else takes `now` or `today` as a parameter.

Report dates are Kyiv dates (the General Staff publishes each morning, Kyiv time), so "today"
in a query is today in Kyiv, wherever the server runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.core.war import KYIV


def utc_now() -> datetime:
    return datetime.now(UTC)


def kyiv_today(now: datetime | None = None) -> date:
    return (now or utc_now()).astimezone(KYIV).date()
