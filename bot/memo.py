"""A memo of recent replies bounded by bytes, not only by count: a few hundred large refusals
must not hold hundreds of megabytes. Least recently used first out. Not thread-safe: used on the
event loop only."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedMemo(Generic[V]):
    def __init__(self, size_of: Callable[[V], int], max_bytes: int, max_entries: int) -> None:
        self.size_of = size_of
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.bytes = 0
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        hit = self._entries.get(key)
        if hit is not None:
            self._entries.move_to_end(key)
            return hit[0]
        value = compute()
        size = self.size_of(value)
        if size <= self.max_bytes // 8:  # one entry never takes more than an eighth
            self._entries[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes or len(self._entries) > self.max_entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped
        return value

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0
