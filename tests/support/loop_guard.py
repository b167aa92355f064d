"""Catches the bot using the database on the event loop: a query there stalls every request
in the process while it waits for a lock or a slow disk (issue 11). The test fixtures' engines
carry this guard, so every test that drives the app checks it."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

ROOT = Path(__file__).resolve().parents[2]
APP = (str(ROOT / "bot") + "/",)
OURS = (str(ROOT / "bot") + "/", str(ROOT / "storage") + "/", str(ROOT / "tests") + "/")


def _caller() -> str | None:
    """The innermost frame of this project's code that took the connection, as `file:line`, if
    it is the app's (a test may set up its data on the loop; the app may not)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(OURS) and name != __file__:
            if not name.startswith(APP):
                return None
            return f"{Path(name).relative_to(ROOT)}:{frame.f_lineno} ({frame.f_code.co_name})"
        frame = frame.f_back  # type: ignore[assignment]
    return None


def guard_event_loop(engine: Engine) -> list[str]:
    """Every place the app took a connection on a thread running an event loop, as it happens."""
    found: list[str] = []

    def checkout(*_: Any) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # a worker thread: where database work belongs
        caller = _caller()
        if caller is not None:
            found.append(caller)

    event.listen(engine, "checkout", checkout)
    return found
