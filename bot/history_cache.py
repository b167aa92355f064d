"""The history in memory, reloaded only when the store has changed.

Answering from memory keeps a slash command to well under a millisecond; one indexed query per
request (the newest revision's id) notices a report stored by this or any other process.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from bot.reports import History
from storage.reports import load_history, store_version


class HistoryCache:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._version = -1
        self._history = History([])

    def get(self) -> History:
        with self.engine.connect() as db:
            version = store_version(db)
            if version == self._version:
                return self._history
            with self._lock:
                if version != self._version:
                    self._history = load_history(db)
                    self._version = version
        return self._history
