"""Charts and CSVs are made in a process of their own, never on the threads the event loop, the
poll and the alert sender use: 200 `/losses chart` requests at once must not delay an alert or a
question. Beyond `max_waiting` files in hand a request is refused with one line, so a burst
cannot queue up minutes of drawing either.

A process, not a thread: a full-history chart is about 200 ms of matplotlib's Python and the
full CSV about 150 ms of ours. In a thread both held the GIL against the event loop: under
`bench/channel_load.py`'s mix the PostgreSQL p99 was 480-620 ms, and about 290 ms with the
files made in a process and nothing else changed.
- The process is spawned (never forked: the server has threads) on the first file, so an
  idle server does not carry matplotlib, and it stays for the next.
- A job carries its history pickled once per history (bytes copy through the pipe cheaply);
  the process unpickles it only when it is not the history it already holds.
- If the process dies (killed, out of memory), the jobs it held fail with `JobDied` (their
  requesters are asked to try again: a job that kills its process is not run twice), and a new
  process is started for the next file, including the one that finds the process already dead.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.app.artifacts import Artifact
    from bot.core.reports import History

WORKERS = 1
MAX_WAITING = 10


class JobDied(Exception):
    """The file process died while it held this job (killed, out of memory)."""


@dataclass(frozen=True)
class FileJob:
    """A file to make: `make(history, *args)`. `make` is a module-level function (it reaches
    the file process by name) and `args` pickle."""

    make: Callable[..., Artifact]
    history: History
    args: tuple[Any, ...] = ()

    def __call__(self) -> Artifact:
        """Made here and now (the command line, tests)."""
        return self.make(self.history, *self.args)


class FileWorkers:
    def __init__(self, workers: int = WORKERS, max_waiting: int = MAX_WAITING) -> None:
        self.workers = workers
        self.max_waiting = max_waiting
        self.in_hand = 0  # admitted and not finished
        self.most_in_hand = 0  # the peak, for /healthz-style checks and tests
        self._executor: ProcessPoolExecutor | None = None
        self._pickled: tuple[History, int, bytes] | None = None  # the last history sent
        self._tokens = itertools.count()

    def admit(self) -> bool:
        """Take one more user request for a file, or refuse it (False) when too many wait."""
        if self.in_hand >= self.max_waiting:
            return False
        self.in_hand += 1
        self.most_in_hand = max(self.most_in_hand, self.in_hand)
        return True

    async def make(self, job: FileJob, admitted: bool = True) -> Artifact:
        """The job's file, made in the file process. `admitted`: it was counted by `admit` (a
        user's request); digests are not, and are never refused."""
        try:
            token, pickled = await self._pickle(job.history)
            run = partial(_make_held, token, pickled, job.make, job.args)
            executor = self._pool()
            try:
                future = executor.submit(run)
            except BrokenProcessPool:  # it died before this job (killed while idle)
                self._retire(executor)
                executor = self._pool()
                future = executor.submit(run)
            try:
                return await asyncio.wrap_future(future)
            except BrokenProcessPool as error:
                self._retire(executor)  # the next file starts a new process
                raise JobDied("the file process stopped before the file was made") from error
        finally:
            if admitted:
                self.in_hand -= 1

    async def _pickle(self, history: History) -> tuple[int, bytes]:
        held = self._pickled
        if held is None or held[0] is not history:
            # Once per history (a few tens of milliseconds over the full one), off the loop.
            data = await asyncio.to_thread(pickle.dumps, history, pickle.HIGHEST_PROTOCOL)
            held = self._pickled = (history, next(self._tokens), data)
        return held[1], held[2]

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            spawn = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=spawn)
        return self._executor

    def _retire(self, executor: ProcessPoolExecutor) -> None:
        if self._executor is executor:
            self._executor = None
            executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


# In the file process: the history it was last sent, by its token.
_held: tuple[int, History] | None = None


def _make_held(token: int, pickled: bytes, make: Callable[..., Artifact], args: tuple) -> Artifact:
    global _held
    if _held is None or _held[0] != token:
        _held = (token, pickle.loads(pickled))
    return make(_held[1], *args)
