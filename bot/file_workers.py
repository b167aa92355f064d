"""Charts and CSVs are made on their own small thread pool, never on the one the poll and the
alert sender use: 200 `/losses chart` requests at once must not delay an alert. Beyond
`max_waiting` files in hand a request is refused with one line, so a burst cannot queue up
minutes of drawing either.

A thread pool of one or two rather than a process pool: matplotlib's drawing releases the GIL
in its C parts, a process would need the history copied in, and Slack's own rate limit on file
uploads (about 20 a minute) caps what a burst could publish anyway.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
WORKERS = 1
MAX_WAITING = 10


class FileWorkers:
    def __init__(self, workers: int = WORKERS, max_waiting: int = MAX_WAITING) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="files")
        self.max_waiting = max_waiting
        self.in_hand = 0  # admitted and not finished
        self.most_in_hand = 0  # the peak, for /healthz-style checks and tests

    def admit(self) -> bool:
        """Take one more user request for a file, or refuse it (False) when too many wait."""
        if self.in_hand >= self.max_waiting:
            return False
        self.in_hand += 1
        self.most_in_hand = max(self.most_in_hand, self.in_hand)
        return True

    async def make(self, make: Callable[[], T], admitted: bool = True) -> T:
        """`make()` on the file pool. `admitted`: it was counted by `admit` (a user's request);
        digests are not, and are never refused."""
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, make)
        finally:
            if admitted:
                self.in_hand -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
