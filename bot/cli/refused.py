"""The one error a CLI command raises to refuse what it was asked; `main` says it."""

from __future__ import annotations


class Refused(Exception):
    """A command that cannot run as asked: what to tell the user, and the exit status (2: what
    was asked; 1: what was found)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.message, self.status = message, status
