"""`serve` freezes each new history out of the cyclic GC's scans (`bot.run.settle_heap`). That
keeps nothing alive only if a replaced history, with the answers and views made from it, is
freed by reference counting alone."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine

from bot.app.asking import Answers
from bot.app.service import LossesService
from bot.core.reports import History
from bot.run import settle_heap
from bot.settings import Settings
from storage.history import load_history
from storage.reports import store_reports
from tests.support.payloads import report
from tests.support.store import fill

TODAY = date(2022, 11, 24)


@pytest.fixture
def no_cyclic_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    yield
    gc.enable()


async def test_a_replaced_history_is_freed_by_reference_counting(
    engine: Engine, no_cyclic_gc: None
) -> None:
    fill(engine)  # claims of the operator and of a workspace, Oryx's counts, corrections
    with engine.connect() as db:
        history = load_history(db)
    answers = Answers()
    await answers.rebuild(history)
    view = history.for_team("T1")  # a workspace's own view, kept by the history
    for text in ("since 2022-11-23", "tanks on 2022-11-24", "brief", "claims", "help"):
        for asked in (history, view):
            answers.reply(asked, text, TODAY, None)
    gone = weakref.ref(history)
    with engine.connect() as db:
        newer = load_history(db)
    await answers.rebuild(newer)  # as the service does with each new history
    del history, view, asked
    assert gone() is None


class Node:
    """An object in a reference cycle: only the cyclic GC frees it."""

    def __init__(self) -> None:
        self.me = self


def test_settle_heap_freezes_the_heap_and_frees_what_it_froze_once_garbage() -> None:
    try:
        node = Node()
        gone = weakref.ref(node)
        settle_heap()
        assert gc.get_freeze_count() > 0
        del node  # garbage now, but frozen: no collection sees it
        gc.collect()
        assert gone() is not None
        settle_heap()  # the next history
        assert gone() is None
    finally:
        gc.unfreeze()


async def test_the_service_settles_the_heap_once_for_each_new_history(engine: Engine) -> None:
    with engine.begin() as db:
        store_reports(db, [report("2022-11-23", tanks=2897)], datetime.now(UTC), False)
    settled: list[int] = []

    async def settle(history: History) -> None:
        assert history is service.cache.current
        settled.append(len(history))

    service = LossesService(Settings(), engine, on_new_history=[settle])
    await service.start()
    await service.refresh_history()  # nothing new: not again
    with engine.begin() as db:
        store_reports(db, [report("2022-11-24", tanks=2898)], datetime.now(UTC), False)
    await service.refresh_history()
    await service.close()
    assert settled == [1, 2]
