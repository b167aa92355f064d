"""The history in memory, so a `/losses` answer needs no database round trip.

`refresh` (I/O: one indexed query, and a reload only when the store changed) runs in a worker
thread at start, after every poll and every couple of seconds from the scheduler, so a report
stored by another process shows within that time. `current` is plain memory, safe to read on
the event loop.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from bot.core.reports import History
from storage.history import load_history, store_version

REFRESH_SECONDS = 2


class HistoryCache:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._version: tuple[int, ...] = ()
        self._history = History([])

    @property
    def current(self) -> History:
        return self._history

    def adopt(self, history: History, version: tuple[int, ...]) -> None:
        """Take a history the caller has just read (the poll, in the transaction that stored a
        report), so the next `refresh` finds it current instead of loading it again."""
        with self._lock:
            if version > self._version:
                self._history, self._version = history, version

    def refresh(self) -> History:
        """Reload if the store changed since the last look; return the current history."""
        with self._lock, self.engine.connect() as db:
            version = store_version(db)
            if version != self._version:
                self._history = load_history(db)
                self._version = version
        return self._history
