"""Which workspace a live data URL's token belongs to, remembered briefly so polling tools
and scanners cost no query (see `bot.app.live_data`)."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import Engine

from storage.data_links import team_for_token


class DataTokens:
    """Which workspace a data URL's token belongs to, remembered for `TTL` seconds (also when
    it belongs to none), so polling tools and scanners cost no query. A reset takes effect in
    this process at once (`forget`) and in others within the TTL."""

    TTL = 60.0
    MAX = 10_000

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._known: dict[str, tuple[str | None, float]] = {}

    async def team(self, token: str) -> str | None:
        held = self._known.get(token)
        if held is not None and held[1] > time.monotonic():
            return held[0]
        team = await asyncio.to_thread(self._lookup, token)
        if len(self._known) >= self.MAX:
            self._known.clear()
        self._known[token] = (team, time.monotonic() + self.TTL)
        return team

    def _lookup(self, token: str) -> str | None:
        with self.engine.connect() as db:
            return team_for_token(db, token)

    def forget(self) -> None:
        self._known.clear()
